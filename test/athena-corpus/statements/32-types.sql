# Type errors: TYPE_MISMATCH (Athena engine v3 = Trino's analyzer).
# Types are printed as Trino's type signatures: Glue string -> varchar, int -> integer, decimal(10,2), timestamp ->
# timestamp(3), array<string> -> array(varchar); a string literal 'abc' is varchar(3), an integer literal integer.
# Operators: "Cannot apply operator: <left> <op> <right>" (OperatorNotFoundException), located at the operator token
# (AstBuilder locates comparisons and arithmetic at their operator; TestAnalyzer "WHERE sum(a) > 1" -> 1:31).
# = and <> are both the = operator, > and >= are resolved as < and <= with the operands in written order.
# "<what> must evaluate to a <type> (actual: <type>)" (coerceType) is located at the offending operand;
# "<list> must be the same type or coercible to a common type. Cannot find common type between <so far> and <next>,
# all types (without duplicates): [<types in order>]" at the first expression of the type that breaks it (the IN
# form is quoted from Trino/Athena users: "IN value and list items must be …").

=== type-integer-eq-string
# A string literal is varchar(<length>); there is no implicit cast between numbers and strings.
SELECT id FROM people WHERE id = '1'
--> error TYPE_MISMATCH: line 1:32: Cannot apply operator: integer = varchar(1)

=== type-bigint-eq-string
SELECT order_id FROM orders WHERE order_id = '101'
--> error TYPE_MISMATCH: line 1:44: Cannot apply operator: bigint = varchar(3)

=== type-not-equal-reported-as-equal
# <> is resolved as the = operator, and the message names that operator.
SELECT id FROM people WHERE id <> 'x'
--> error TYPE_MISMATCH: line 1:32: Cannot apply operator: integer = varchar(1)

=== type-greater-reported-as-less
# > is resolved as < with the operands kept in written order (sqlglot#3078 quotes the same for dt > '…').
SELECT id FROM people WHERE age > '30'
--> error TYPE_MISMATCH: line 1:33: Cannot apply operator: integer < varchar(2)

=== type-greater-equal-reported-as-less-equal
SELECT id FROM people WHERE age >= '30'
--> error TYPE_MISMATCH: line 1:33: Cannot apply operator: integer <= varchar(2)

=== type-date-eq-string
# Athena reports "Cannot apply operator: date = varchar(10)" for this (quoted from a Simba driver log).
SELECT id FROM people WHERE joined = '2019-03-15'
--> error TYPE_MISMATCH: line 1:36: Cannot apply operator: date = varchar(10)

=== type-timestamp-gt-string
SELECT id FROM people WHERE last_login > '2024-01-01 00:00:00'
--> error TYPE_MISMATCH: line 1:40: Cannot apply operator: timestamp(3) < varchar(19)

=== type-boolean-eq-integer
SELECT id FROM people WHERE active = 1
--> error TYPE_MISMATCH: line 1:36: Cannot apply operator: boolean = integer

=== type-array-eq-string
SELECT id FROM people WHERE tags = 'a'
--> error TYPE_MISMATCH: line 1:34: Cannot apply operator: array(varchar) = varchar(1)

=== type-comparison-multiline
SELECT id
FROM people
WHERE id = 'x'
--> error TYPE_MISMATCH: line 3:10: Cannot apply operator: integer = varchar(1)

=== type-varchar-plus-integer
SELECT name + 1 AS x FROM people
--> error TYPE_MISMATCH: line 1:13: Cannot apply operator: varchar + integer

=== type-varchar-times-integer
SELECT dept * 2 AS x FROM people
--> error TYPE_MISMATCH: line 1:13: Cannot apply operator: varchar * integer

=== type-boolean-plus-integer
SELECT active + 1 AS x FROM people
--> error TYPE_MISMATCH: line 1:15: Cannot apply operator: boolean + integer

=== type-date-plus-integer
# DuckDB adds days; Trino needs an interval (joined + INTERVAL '1' DAY).
SELECT joined + 1 AS x FROM people
--> error TYPE_MISMATCH: line 1:15: Cannot apply operator: date + integer

=== type-date-literal-plus-integer
SELECT DATE '2024-01-01' + 1 AS x
--> error TYPE_MISMATCH: line 1:26: Cannot apply operator: date + integer

=== type-timestamp-minus-integer
SELECT last_login - 1 AS x FROM people
--> error TYPE_MISMATCH: line 1:19: Cannot apply operator: timestamp(3) - integer

=== type-array-plus-integer
SELECT tags + 1 AS x FROM people
--> error TYPE_MISMATCH: line 1:13: Cannot apply operator: array(varchar) + integer

=== type-decimal-divide-string
SELECT salary / 'x' AS x FROM people
--> error TYPE_MISMATCH: line 1:15: Cannot apply operator: decimal(10,2) / varchar(1)

=== type-string-modulus
SELECT 'a' % 2 AS x
--> error TYPE_MISMATCH: line 1:12: Cannot apply operator: varchar(1) % integer

=== type-negate-varchar
SELECT -name AS x FROM people
--> error TYPE_MISMATCH: line 1:8: Cannot negate varchar

=== type-unary-plus-varchar
# "by" is in Trino's text.
SELECT +name AS x FROM people
--> error TYPE_MISMATCH: line 1:8: Unary '+' operator cannot by applied to varchar type

=== type-where-integer-column
SELECT id FROM people WHERE age
--> error TYPE_MISMATCH: line 1:29: WHERE clause must evaluate to a boolean: actual type integer

=== type-where-integer-literal
SELECT id FROM people WHERE 1
--> error TYPE_MISMATCH: line 1:29: WHERE clause must evaluate to a boolean: actual type integer

=== type-where-date
SELECT id FROM people WHERE joined
--> error TYPE_MISMATCH: line 1:29: WHERE clause must evaluate to a boolean: actual type date

=== type-having-bigint
SELECT dept FROM people GROUP BY dept HAVING count(*)
--> error TYPE_MISMATCH: line 1:46: HAVING clause must evaluate to a boolean: actual type bigint

=== type-join-on-integer
SELECT p.id FROM people p JOIN orders o ON p.id
--> error TYPE_MISMATCH: line 1:44: JOIN ON clause must evaluate to a boolean: actual type integer

=== type-and-varchar-term
SELECT id FROM people WHERE active AND name
--> error TYPE_MISMATCH: line 1:40: Logical expression term must evaluate to a boolean (actual: varchar)

=== type-or-integer-term
SELECT id FROM people WHERE age OR active
--> error TYPE_MISMATCH: line 1:29: Logical expression term must evaluate to a boolean (actual: integer)

=== type-not-varchar
SELECT id FROM people WHERE NOT name
--> error TYPE_MISMATCH: line 1:33: Value of logical NOT expression must evaluate to a boolean (actual: varchar)

=== type-case-when-varchar
SELECT CASE WHEN name THEN 1 END AS x FROM people
--> error TYPE_MISMATCH: line 1:18: CASE WHEN clause must evaluate to a boolean (actual: varchar)

=== type-if-condition-varchar
SELECT if(name, 1, 2) AS x FROM people
--> error TYPE_MISMATCH: line 1:11: IF condition must evaluate to a boolean (actual: varchar)

=== type-case-results
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'no' to INT
SELECT CASE WHEN active THEN 1 ELSE 'no' END AS x FROM people
--> error TYPE_MISMATCH: line 1:37: All CASE results must be the same type or coercible to a common type. Cannot find common type between integer and varchar(2), all types (without duplicates): [integer, varchar(2)]

=== type-simple-case-operand
@gap DuckDB accepts it (SUCCEEDED)
SELECT CASE id WHEN '1' THEN 'one' END AS x FROM people
--> error TYPE_MISMATCH: line 1:21: CASE operand type does not match WHEN clause operand type: integer vs varchar(1)

=== type-coalesce
@gap DuckDB accepts it (SUCCEEDED)
SELECT coalesce(id, 'none') AS x FROM people
--> error TYPE_MISMATCH: line 1:21: All COALESCE operands must be the same type or coercible to a common type. Cannot find common type between integer and varchar(4), all types (without duplicates): [integer, varchar(4)]

=== type-in-list-strings
@gap DuckDB accepts it (SUCCEEDED)
# The value and the items are one list; the types are listed once each, in order of appearance.
SELECT id FROM people WHERE id IN ('1', '2')
--> error TYPE_MISMATCH: line 1:36: IN value and list items must be the same type or coercible to a common type. Cannot find common type between integer and varchar(1), all types (without duplicates): [integer, varchar(1)]

=== type-in-list-mixed
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'Alice' to INT
SELECT id FROM people WHERE name IN ('Bob', 2)
--> error TYPE_MISMATCH: line 1:45: IN value and list items must be the same type or coercible to a common type. Cannot find common type between varchar and integer, all types (without duplicates): [varchar, varchar(3), integer]

=== type-array-elements
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'a' to INT
SELECT ARRAY[1, 'a'] AS a
--> error TYPE_MISMATCH: line 1:17: All ARRAY elements must be the same type or coercible to a common type. Cannot find common type between integer and varchar(1), all types (without duplicates): [integer, varchar(1)]

=== type-if-results
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'x' to INT
SELECT if(active, 1, 'x') AS x FROM people
--> error TYPE_MISMATCH: line 1:8: Result types for IF must be the same: integer vs varchar(1)

=== type-nullif
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'x' to INT
SELECT nullif(id, 'x') AS x FROM people
--> error TYPE_MISMATCH: line 1:8: Types are not comparable with NULLIF: integer vs varchar(1)

=== type-in-subquery
@gap message differs: SYNTAX_ERROR: line 1:32: Cannot compare values of type INTEGER and VARCHAR in IN/ANY/ALL clause - an explicit cast is required
# Located at IN (TestAnalyzer.testInSubqueryTypes).
SELECT id FROM people WHERE id IN (VALUES 'a')
--> error TYPE_MISMATCH: line 1:32: Value expression and result of subquery must be of the same type: row(integer) vs row(varchar(1))

=== type-using-columns
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'Alice' to INT
SELECT * FROM (SELECT id AS k FROM people) a JOIN (SELECT name AS k FROM people) b USING (k)
--> error TYPE_MISMATCH: line 1:91: Cannot apply operator: integer = varchar

=== type-union-incompatible
@gap DuckDB accepts it (SUCCEEDED)
SELECT id FROM people UNION SELECT name FROM people
--> error TYPE_MISMATCH: line 1:23: column 1 in UNION query has incompatible types: integer, varchar

=== type-union-column-count
@gap message differs: SYNTAX_ERROR: Set operations can only apply to expressions with the same number of result columns
SELECT id, name FROM people UNION ALL SELECT id FROM people
--> error TYPE_MISMATCH: line 1:29: UNION query has different number of fields: 2, 1

=== type-intersect-incompatible
@gap message differs: INVALID_CAST_ARGUMENT: Unimplemented type for cast (BOOLEAN -> DATE) when casting from source column active
SELECT joined FROM people INTERSECT SELECT active FROM people
--> error TYPE_MISMATCH: line 1:27: column 1 in INTERSECT query has incompatible types: date, boolean

=== type-except-column-count
@gap message differs: SYNTAX_ERROR: Set operations can only apply to expressions with the same number of result columns
SELECT id FROM people EXCEPT SELECT id, name FROM people
--> error TYPE_MISMATCH: line 1:23: EXCEPT query has different number of fields: 1, 2

=== type-like-number
SELECT id FROM people WHERE age LIKE '3%'
--> error TYPE_MISMATCH: line 1:29: Left side of LIKE expression must evaluate to a varchar (actual: integer)

=== type-like-pattern-number
SELECT id FROM people WHERE name LIKE 1
--> error TYPE_MISMATCH: line 1:39: Pattern for LIKE expression must evaluate to a varchar (actual: integer)

=== type-between-strings
# Wording as Athena reports it ("Cannot check if timestamp(3) is BETWEEN varchar(20) and varchar(20)", quoted publicly); located at BETWEEN (TestSqlParser.testBetween).
SELECT id FROM people WHERE id BETWEEN 'a' AND 'z'
--> error TYPE_MISMATCH: line 1:32: Cannot check if integer is BETWEEN varchar(1) and varchar(1)

=== type-cast-unknown-type
@gap DuckDB accepts it (SUCCEEDED)
# Glue's string is varchar in SQL; the type is printed as written. Located at CAST.
SELECT CAST(id AS string) AS s FROM people
--> error TYPE_MISMATCH: line 1:8: Unknown type: string

=== type-cast-array-to-integer
@gap message differs: INVALID_CAST_ARGUMENT: Unimplemented type for cast (VARCHAR[] -> INTEGER)
SELECT CAST(tags AS integer) AS n FROM people
--> error TYPE_MISMATCH: line 1:8: Cannot cast array(varchar) to integer

=== type-cast-date-to-boolean
@gap message differs: INVALID_CAST_ARGUMENT: Unimplemented type for cast (DATE -> BOOLEAN) when casting from source column joined
SELECT CAST(joined AS boolean) AS b FROM people
--> error TYPE_MISMATCH: line 1:8: Cannot cast date to boolean

=== type-extract-hour-from-date
@gap DuckDB accepts it (SUCCEEDED)
SELECT extract(hour FROM joined) AS h FROM people
--> error TYPE_MISMATCH: line 1:26: Cannot extract HOUR from date

=== type-at-time-zone-date
@gap DuckDB accepts it (SUCCEEDED)
SELECT joined AT TIME ZONE 'UTC' AS t FROM people
--> error TYPE_MISMATCH: line 1:8: Type of value must be a time or timestamp with or without time zone (actual date)

=== type-subscript-varchar
@gap DuckDB accepts it (SUCCEEDED)
SELECT name[1] AS c FROM people
--> error TYPE_MISMATCH: line 1:8: Cannot use integer for subscript of varchar

=== type-subscript-array-with-string
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'a' to BIGINT
SELECT tags['a'] AS c FROM people
--> error TYPE_MISMATCH: line 1:8: Cannot use varchar(1) for subscript of array(varchar)

=== type-lambda-outside-function
@gap message differs: COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved
SELECT x -> x + 1 AS f FROM people
--> error TYPE_MISMATCH: line 1:8: Lambda expression should always be used inside a function
