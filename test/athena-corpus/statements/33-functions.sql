# Functions: FUNCTION_NOT_FOUND and other call errors (Athena engine v3 = Trino's function resolution).
# Unknown name: "Function '<name>' not registered", located at the call (the function name); quoted from Athena
# ("FUNCTION_NOT_FOUND: line 1:189: Function 'regexp_instr' not registered", Simba driver log).
# Known name, no matching signature: "Unexpected parameters (<argument types>) for function <name>. Expected:
# <candidates>", each candidate "<name>(<argument types>) <type variable constraints>" with trailing spaces stripped,
# joined with ", " in sorted order (TreeSet in FunctionResolver; Athena 2025: "… for function concat_ws. Expected:
# concat_ws(varchar, array(varchar)), concat_ws(varchar, char(a), …), concat_ws(varchar, varchar)"). Candidate lists
# are only spelled out for concat; elsewhere they are left open with " …".

=== fn-list-value
@gap DuckDB accepts it (SUCCEEDED)
SELECT list_value(1, 2) AS l
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'list_value' not registered

=== fn-strftime
@gap DuckDB accepts it (SUCCEEDED)
# Trino: date_format(joined, '%Y').
SELECT strftime(joined, '%Y') AS y FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'strftime' not registered

=== fn-epoch-ms
SELECT epoch_ms(0) AS t
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'epoch_ms' not registered

=== fn-string-split
SELECT string_split(name, ' ') AS parts FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'string_split' not registered

=== fn-str-split
SELECT str_split(name, ' ') AS parts FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'str_split' not registered

=== fn-regexp-matches
@gap DuckDB accepts it (SUCCEEDED)
SELECT id FROM people WHERE regexp_matches(name, '^A')
--> error FUNCTION_NOT_FOUND: line 1:29: Function 'regexp_matches' not registered

=== fn-len
SELECT len(name) AS n FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'len' not registered

=== fn-list-contains
@gap DuckDB accepts it (SUCCEEDED)
SELECT id FROM people WHERE list_contains(tags, 'a')
--> error FUNCTION_NOT_FOUND: line 1:29: Function 'list_contains' not registered

=== fn-array-length
# Trino: cardinality(tags).
SELECT array_length(tags) AS n FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'array_length' not registered

=== fn-datediff
# Trino: date_diff.
SELECT datediff('day', joined, DATE '2024-01-01') AS d FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'datediff' not registered

=== fn-array-to-string
SELECT array_to_string(tags, ',') AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'array_to_string' not registered

=== fn-printf
@gap DuckDB accepts it (SUCCEEDED)
SELECT printf('%s!', name) AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'printf' not registered

=== fn-list-sort
@gap DuckDB accepts it (SUCCEEDED)
SELECT list_sort(tags) AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'list_sort' not registered

=== fn-list-transform
@gap DuckDB accepts it (SUCCEEDED)
SELECT list_transform(tags, x -> upper(x)) AS t FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'list_transform' not registered

=== fn-today
SELECT today() AS d
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'today' not registered

=== fn-generate-series
SELECT generate_series(1, 3) AS s
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'generate_series' not registered

=== fn-columns-star
@gap DuckDB accepts it (SUCCEEDED)
# DuckDB's COLUMNS(*) parses in Trino as a call of a function named columns.
SELECT columns(*) FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'columns' not registered

=== fn-unknown-in-where
SELECT id FROM people WHERE nosuchfn(id) > 1
--> error FUNCTION_NOT_FOUND: line 1:29: Function 'nosuchfn' not registered

=== fn-unknown-in-order-by
SELECT dept FROM people GROUP BY dept ORDER BY nosuchagg(age)
--> error FUNCTION_NOT_FOUND: line 1:48: Function 'nosuchagg' not registered

=== fn-unknown-uppercase
# The name is reported lower-cased.
SELECT NOSUCHFN(1) AS x
--> error FUNCTION_NOT_FOUND: line 1:8: Function 'nosuchfn' not registered

=== fn-concat-operator-bigint
# || is a call of concat located at the || token. Expected list: Trino's concat overloads in sorted order, as
# printed by Trino 4xx (quoted in public test expectations); Athena prints its lists sorted too (a concat_ws
# error quoted from Athena in 2025), but may list Athena-only overloads.
SELECT 'a' || order_id AS s FROM orders
--> error FUNCTION_NOT_FOUND: line 1:12: Unexpected parameters (varchar(1), bigint) for function concat. Expected: concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)

=== fn-concat-operator-integer
SELECT name || age AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:13: Unexpected parameters (varchar, integer) for function concat. Expected: concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)

=== fn-concat-operator-date
SELECT 'on ' || joined AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:14: Unexpected parameters (varchar(3), date) for function concat. Expected: concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)

=== fn-concat-function-integer
@gap DuckDB accepts it (SUCCEEDED)
SELECT concat(name, id) AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar, integer) for function concat. Expected: concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)

=== fn-length-integer
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function length: No function matches the given name and argument types 'length(INTEGER)'. Y...
# As Trino's testFunctionNotRegistered: SELECT length(1) -> "line 1:8: Unexpected parameters (integer) for function length. Expected: …".
SELECT length(id) AS n FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer) for function length. Expected: …

=== fn-upper-integer
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function upper: No function matches the given name and argument types 'upper(INTEGER)'. You...
SELECT upper(age) AS u FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer) for function upper. Expected: …

=== fn-substr-one-argument
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function substr: No function matches the given name and argument types 'substr(VARCHAR)'. Y...
SELECT substr(name) AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar) for function substr. Expected: …

=== fn-round-varchar
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function round: No function matches the given name and argument types 'round(VARCHAR)'. You...
SELECT round(name) AS r FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar) for function round. Expected: …

=== fn-abs-varchar
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function abs: No function matches the given name and argument types 'abs(VARCHAR)'. You mig...
SELECT abs(dept) AS a FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar) for function abs. Expected: …

=== fn-sum-varchar
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function sum: No function matches the given name and argument types 'sum(VARCHAR)'. You mig...
SELECT sum(name) AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar) for function sum. Expected: …

=== fn-avg-boolean
@gap message differs: FUNCTION_NOT_FOUND: Unexpected parameters for function avg: No function matches the given name and argument types 'avg(BOOLEAN)'. You might need to...
SELECT avg(active) AS a FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (boolean) for function avg. Expected: …

=== fn-count-two-arguments
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function count: No function matches the given name and argument types 'count(INTEGER, VARCH...
SELECT count(id, name) AS n FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer, varchar) for function count. Expected: …

=== fn-min-no-arguments
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function min: No function matches the given name and argument types 'min()'. You might need...
SELECT min() AS m FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters () for function min. Expected: …

=== fn-contains-on-string
@gap message differs: FUNCTION_NOT_FOUND: line 1:29: Unexpected parameters for function contains: No function matches the given name and argument types 'list_contains(VA...
# Trino's contains takes an array; DuckDB's takes two strings.
SELECT id FROM people WHERE contains(name, 'A')
--> error FUNCTION_NOT_FOUND: line 1:29: Unexpected parameters (varchar, varchar(1)) for function contains. Expected: …

=== fn-cardinality-varchar
@gap DuckDB accepts it (SUCCEEDED)
SELECT cardinality(name) AS n FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar) for function cardinality. Expected: …

=== fn-date-add-varchar
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function date_add: Macro date_add() does not support the supplied arguments. You might need...
SELECT date_add('day', 1, name) AS d FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar(3), integer, varchar) for function date_add. Expected: …

=== fn-date-format-integer
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function date_format: No function matches the given name and argument types 'strftime(INTEG...
SELECT date_format(id, '%Y') AS y FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer, varchar(2)) for function date_format. Expected: …

=== fn-regexp-like-integer
@gap message differs: FUNCTION_NOT_FOUND: line 1:29: Unexpected parameters for function regexp_like: No function matches the given name and argument types 'regexp_matche...
SELECT id FROM people WHERE regexp_like(age, '3')
--> error FUNCTION_NOT_FOUND: line 1:29: Unexpected parameters (integer, varchar(1)) for function regexp_like. Expected: …

=== fn-starts-with-integer
@gap message differs: FUNCTION_NOT_FOUND: line 1:29: Unexpected parameters for function starts_with: No function matches the given name and argument types 'starts_with(I...
SELECT id FROM people WHERE starts_with(age, '3')
--> error FUNCTION_NOT_FOUND: line 1:29: Unexpected parameters (integer, varchar(1)) for function starts_with. Expected: …

=== fn-split-integer
@gap message differs: FUNCTION_NOT_FOUND: line 1:40: Unexpected parameters for function string_split: No function matches the given name and argument types 'string_split...
SELECT split(age, ',') AS s FROM people
--> error FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer, varchar(1)) for function split. Expected: …

=== fn-distinct-in-scalar-function
@gap message differs: INVALID_FUNCTION_ARGUMENT: Function "upper" is a Scalar Function. "DISTINCT", "FILTER", and "ORDER BY" are only applicable to aggregate functions.
# TestAnalyzer.testNonAggregationDistinct.
SELECT upper(DISTINCT name) AS u FROM people
--> error FUNCTION_NOT_AGGREGATE: line 1:8: DISTINCT is not supported for non-aggregation functions

=== fn-window-over-scalar-function
@gap message differs: SYNTAX_ERROR: line 1:8: upper is not an aggregate function
# Reported at the query specification (the SELECT keyword).
SELECT upper(name) OVER () AS u FROM people
--> error FUNCTION_NOT_WINDOW: line 1:1: Not a window function: upper

=== fn-coalesce-one-argument
@gap DuckDB accepts it (SUCCEEDED)
# DuckDB accepts coalesce with one argument. Parse-time check in AstBuilder, so Athena may reject it at StartQueryExecution (see 30-syntax.sql).
SELECT coalesce(name) AS c FROM people
--> refused line 1:8: The 'coalesce' function must have at least two arguments

=== fn-if-four-arguments
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters for function if: Macro if() does not support the supplied arguments. You might need to add expl...
SELECT if(active, 1, 2, 3) AS v FROM people
--> refused line 1:8: Invalid number of arguments for 'if' function

=== fn-nullif-one-argument
@gap message differs: SYNTAX_ERROR: line 1:17: mismatched input ')'
SELECT nullif(id) AS v FROM people
--> refused line 1:8: Invalid number of arguments for 'nullif' function

=== fn-try-two-arguments
@gap message differs: SYNTAX_ERROR: Wrong number of arguments provided to TRY expression
SELECT try(1, 2) AS v
--> refused line 1:8: The 'try' function must have exactly one argument

=== fn-format-one-argument
@gap message differs: INVALID_FUNCTION_ARGUMENT: Argument index "0" out of range
SELECT format('%s') AS v
--> refused line 1:8: The 'format' function must have at least two arguments

=== fn-extract-unknown-field
@gap DuckDB accepts it (SUCCEEDED)
# DuckDB knows century; Trino's EXTRACT fields are YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, … (the field printed as written).
SELECT extract(century FROM joined) AS c FROM people
--> refused line 1:8: Invalid EXTRACT field: century

=== fn-lambda-with-aggregate
@gap message differs: COLUMN_NOT_FOUND: line 1:33: Column 'x' cannot be resolved
# Located at the lambda body.
SELECT transform(tags, x -> max(x)) AS t FROM people
--> error EXPRESSION_NOT_SCALAR: line 1:29: Lambda expression cannot contain aggregations, window functions or grouping operations: [max(x)]
