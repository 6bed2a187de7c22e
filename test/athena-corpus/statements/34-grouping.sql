# Aggregation, grouping and window errors (Athena engine v3 = Trino's StatementAnalyzer / AggregationAnalyzer).
# EXPRESSION_NOT_AGGREGATE: "'<expression>' must be an aggregate expression or appear in GROUP BY clause", the
# select item (or HAVING / ORDER BY expression) printed by Trino's formatter (identifiers as written, binary
# operations in parentheses, count(*)), located at that expression (a binary operation at its operator).
# WHERE / GROUP BY / JOIN ON with aggregates or window functions: EXPRESSION_NOT_SCALAR "<clause> cannot contain
# aggregations, window functions or grouping operations: [<each one, formatted>]" located at the clause expression
# (TestAnalyzer.testAggregationsNotAllowed / testWindowsNotAllowed). Window frames are located at ROWS/RANGE/GROUPS,
# window specifications at their first token, SELECT DISTINCT errors at SELECT.

=== grp-column-without-group-by
# Wording quoted from Athena: "EXPRESSION_NOT_AGGREGATE: line 1:8: 'category' must be an aggregate expression or appear in GROUP BY clause".
SELECT dept, count(*) AS n FROM people
--> error EXPRESSION_NOT_AGGREGATE: line 1:8: 'dept' must be an aggregate expression or appear in GROUP BY clause

=== grp-column-not-in-group-by
SELECT name, count(*) AS n FROM people GROUP BY dept
--> error EXPRESSION_NOT_AGGREGATE: line 1:8: 'name' must be an aggregate expression or appear in GROUP BY clause

=== grp-function-not-grouped
@gap message differs: EXPRESSION_NOT_AGGREGATE: line 1:14: 'name' must be an aggregate expression or appear in GROUP BY clause
SELECT upper(name) AS u, count(*) AS n FROM people GROUP BY dept
--> error EXPRESSION_NOT_AGGREGATE: line 1:8: 'upper(name)' must be an aggregate expression or appear in GROUP BY clause

=== grp-arithmetic-not-grouped
@gap message differs: EXPRESSION_NOT_AGGREGATE: line 1:8: 'age' must be an aggregate expression or appear in GROUP BY clause
# Binary expressions print in parentheses and are located at their operator (TestAnalyzer: '(a + b)' at the +).
SELECT age + 1 AS a, count(*) AS n FROM people GROUP BY dept
--> error EXPRESSION_NOT_AGGREGATE: line 1:12: '(age + 1)' must be an aggregate expression or appear in GROUP BY clause

=== grp-qualified-not-grouped
@gap message differs: EXPRESSION_NOT_AGGREGATE: line 1:8: 'name' must be an aggregate expression or appear in GROUP BY clause
SELECT p.name, count(*) AS n FROM people p GROUP BY p.dept
--> error EXPRESSION_NOT_AGGREGATE: line 1:8: 'p.name' must be an aggregate expression or appear in GROUP BY clause

=== grp-aggregate-plus-column
@gap message differs: EXPRESSION_NOT_AGGREGATE: line 1:19: 'age' must be an aggregate expression or appear in GROUP BY clause
SELECT count(*) + age AS x FROM people
--> error EXPRESSION_NOT_AGGREGATE: line 1:17: '(count(*) + age)' must be an aggregate expression or appear in GROUP BY clause

=== grp-order-by-not-grouped
SELECT dept, count(*) AS n FROM people GROUP BY dept ORDER BY age
--> error EXPRESSION_NOT_AGGREGATE: line 1:63: 'age' must be an aggregate expression or appear in GROUP BY clause

=== grp-having-not-grouped
@gap message differs: EXPRESSION_NOT_AGGREGATE: '?' must be an aggregate expression or appear in GROUP BY clause
SELECT dept FROM people GROUP BY dept HAVING age > 30
--> error EXPRESSION_NOT_AGGREGATE: line 1:50: '(age > 30)' must be an aggregate expression or appear in GROUP BY clause

=== grp-partition-by-not-grouped
@gap message differs: EXPRESSION_NOT_AGGREGATE: line 1:36: 'age' must be an aggregate expression or appear in GROUP BY clause
SELECT count(*) OVER (PARTITION BY age) AS n FROM people GROUP BY dept
--> error EXPRESSION_NOT_AGGREGATE: line 1:36: PARTITION BY expression 'age' must be an aggregate expression or appear in GROUP BY clause

=== grp-subquery-uses-ungrouped
@gap message differs: EXPRESSION_NOT_AGGREGATE: line 1:16: 'name' must be an aggregate expression or appear in GROUP BY clause
# As TestAnalyzer.testGroupByWithSubquerySelectExpression.
SELECT (SELECT p.name) AS n FROM people p GROUP BY p.dept
--> error EXPRESSION_NOT_AGGREGATE: line 1:16: Subquery uses 'p.name' which must appear in GROUP BY clause

=== grp-nested-aggregate
@gap message differs: SYNTAX_ERROR: line 1:12: aggregate function calls cannot be nested
# As TestAnalyzer.testNestedAggregation ("sum(count(*))" -> 1:8).
SELECT max(count(*)) AS m FROM people
--> error NESTED_AGGREGATION: line 1:8: Cannot nest aggregations inside aggregation 'max': [count(*)]

=== grp-nested-aggregate-grouped
@gap message differs: SYNTAX_ERROR: aggregate function calls cannot be nested
SELECT dept, sum(avg(age)) AS s FROM people GROUP BY dept
--> error NESTED_AGGREGATION: line 1:14: Cannot nest aggregations inside aggregation 'sum': [avg(age)]

=== grp-aggregate-in-where
@gap message differs: SYNTAX_ERROR: line 1:31: WHERE clause cannot contain aggregates!
# Located at the whole WHERE expression (here the comparison, at its operator).
SELECT dept FROM people WHERE count(*) > 1 GROUP BY dept
--> error EXPRESSION_NOT_SCALAR: line 1:40: WHERE clause cannot contain aggregations, window functions or grouping operations: [count(*)]

=== grp-aggregate-in-where-comparison
@gap message differs: SYNTAX_ERROR: line 1:35: WHERE clause cannot contain aggregates!
SELECT id FROM people WHERE age = max(age)
--> error EXPRESSION_NOT_SCALAR: line 1:33: WHERE clause cannot contain aggregations, window functions or grouping operations: [max(age)]

=== grp-aggregate-in-group-by
@gap message differs: SYNTAX_ERROR: line 1:43: GROUP BY clause cannot contain aggregates!
SELECT count(*) AS n FROM people GROUP BY count(*)
--> error EXPRESSION_NOT_SCALAR: line 1:43: GROUP BY clause cannot contain aggregations, window functions or grouping operations: [count(*)]

=== grp-group-by-ordinal-of-aggregate
@gap message differs: SYNTAX_ERROR: line 1:14: GROUP BY clause cannot contain aggregates!
# An ordinal is replaced by the select item, so the error points at the item.
SELECT dept, count(*) AS n FROM people GROUP BY 1, 2
--> error EXPRESSION_NOT_SCALAR: line 1:14: GROUP BY clause cannot contain aggregations, window functions or grouping operations: [count(*)]

=== grp-aggregate-in-join
@gap message differs: SYNTAX_ERROR: line 1:48: WHERE clause cannot contain aggregates!
SELECT 1 AS one FROM people p JOIN orders o ON count(*) = p.id
--> error EXPRESSION_NOT_SCALAR: line 1:57: JOIN clause cannot contain aggregations, window functions or grouping operations: [count(*)]

=== grp-window-in-where
@gap message differs: SYNTAX_ERROR: line 1:29: WHERE clause cannot contain window functions!
SELECT id FROM people WHERE row_number() OVER () > 1
--> error EXPRESSION_NOT_SCALAR: line 1:50: WHERE clause cannot contain aggregations, window functions or grouping operations: [row_number() OVER ()]

=== grp-window-in-group-by
@gap message differs: SYNTAX_ERROR: line 1:43: GROUP BY clause cannot contain window functions!
SELECT count(*) AS n FROM people GROUP BY rank() OVER ()
--> error EXPRESSION_NOT_SCALAR: line 1:43: GROUP BY clause cannot contain aggregations, window functions or grouping operations: [rank() OVER ()]

=== grp-window-in-having
@gap message differs: SYNTAX_ERROR: line 1:46: HAVING clause cannot contain window functions!
# Located at the window function.
SELECT dept FROM people GROUP BY dept HAVING count(*) OVER () > 1
--> error NESTED_WINDOW: line 1:46: HAVING clause cannot contain window functions or row pattern measures

=== grp-window-in-aggregate
@gap message differs: SYNTAX_ERROR: line 1:12: aggregate function calls cannot contain window function calls
SELECT avg(row_number() OVER ()) AS a FROM people
--> error NESTED_WINDOW: line 1:8: Cannot nest window functions or row pattern measures inside aggregation 'avg': [row_number() OVER ()]

=== grp-window-in-window-argument
@gap message differs: SYNTAX_ERROR: line 1:12: window function calls cannot be nested
SELECT sum(row_number() OVER ()) OVER () AS s FROM people
--> error NESTED_WINDOW: line 1:12: Cannot nest window functions or row pattern measures inside window function arguments

=== grp-window-in-partition-by
@gap message differs: SYNTAX_ERROR: window functions are not allowed in window definitions
SELECT count(*) OVER (PARTITION BY rank() OVER ()) AS n FROM people
--> error NESTED_WINDOW: line 1:36: Cannot nest window functions or row pattern measures inside window specification

=== grp-group-by-position-too-high
@gap message differs: SYNTAX_ERROR: GROUP BY term out of range - should be between 1 and 1
SELECT dept FROM people GROUP BY 2
--> error INVALID_COLUMN_REFERENCE: line 1:34: GROUP BY position 2 is not in select list

=== grp-group-by-position-zero
@gap message differs: SYNTAX_ERROR: GROUP BY term out of range - should be between 1 and 2
SELECT dept, count(*) AS n FROM people GROUP BY 0
--> error INVALID_COLUMN_REFERENCE: line 1:49: GROUP BY position 0 is not in select list

=== grp-order-by-position-too-high
@gap message differs: SYNTAX_ERROR: line 1:38: ORDER term out of range - should be between 1 and 2
SELECT id, name FROM people ORDER BY 3
--> error INVALID_COLUMN_REFERENCE: line 1:38: ORDER BY position 3 is not in select list

=== grp-order-by-position-zero
@gap message differs: SYNTAX_ERROR: line 1:32: ORDER term out of range - should be between 1 and 1
SELECT id FROM people ORDER BY 0
--> error INVALID_COLUMN_REFERENCE: line 1:32: ORDER BY position 0 is not in select list

=== grp-distinct-order-by-other-column
@gap DuckDB accepts it (SUCCEEDED)
# Located at the SELECT keyword.
SELECT DISTINCT dept FROM people ORDER BY age
--> error EXPRESSION_NOT_IN_DISTINCT: line 1:1: For SELECT DISTINCT, ORDER BY expressions must appear in select list

=== grp-distinct-order-by-expression
@gap DuckDB accepts it (SUCCEEDED)
SELECT DISTINCT name FROM people ORDER BY upper(name)
--> error EXPRESSION_NOT_IN_DISTINCT: line 1:1: For SELECT DISTINCT, ORDER BY expressions must appear in select list

=== grp-grouping-without-group-by
@gap message differs: SYNTAX_ERROR: line 1:8: GROUPING statement cannot be used without groups
SELECT grouping(dept) AS g FROM people
--> error MISSING_GROUP_BY: line 1:1: A GROUPING() operation can only be used with a corresponding GROUPING SET/CUBE/ROLLUP/GROUP BY clause

=== grp-grouping-ungrouped-argument
@gap message differs: SYNTAX_ERROR: line 1:8: GROUPING child "name" must be a grouping column
SELECT grouping(name) AS g FROM people GROUP BY dept
--> error INVALID_ARGUMENTS: line 1:8: The arguments to GROUPING() must be expressions referenced by the GROUP BY at the associated query level. Mismatch due to name.

=== grp-row-number-without-over
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Function 'row_number' not registered
# Trino: "Window function row_number requires an OVER clause" (the name as the resolved signature prints it).
SELECT row_number() AS r FROM people
--> error MISSING_OVER: line 1:8: Window function …

=== grp-rank-without-over
@gap message differs: FUNCTION_NOT_FOUND: line 1:12: Function 'rank' not registered
SELECT id, rank() AS r FROM people
--> error MISSING_OVER: line 1:12: Window function …

=== grp-lag-without-over
@gap message differs: FUNCTION_NOT_FOUND: line 1:8: Function 'lag' not registered
SELECT lag(age) AS l FROM people
--> error MISSING_OVER: line 1:8: Window function …

=== grp-lag-without-order-by
@gap DuckDB accepts it (SUCCEEDED)
# Located at the window specification (its first token).
SELECT lag(age) OVER (PARTITION BY dept) AS l FROM people
--> error MISSING_ORDER_BY: line 1:23: lag function requires an ORDER BY window clause

=== grp-lead-without-order-by
@gap DuckDB accepts it (SUCCEEDED)
SELECT lead(age) OVER (PARTITION BY dept) AS l FROM people
--> error MISSING_ORDER_BY: line 1:24: lead function requires an ORDER BY window clause

=== grp-frame-for-lag
@gap DuckDB accepts it (SUCCEEDED)
# A frame is located at its ROWS/RANGE/GROUPS keyword.
SELECT lag(age) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS l FROM people
--> error INVALID_WINDOW_FRAME: line 1:35: Cannot specify window frame for lag function

=== grp-frame-for-row-number
@gap DuckDB accepts it (SUCCEEDED)
SELECT row_number() OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r FROM people
--> error INVALID_WINDOW_FRAME: line 1:39: Cannot specify window frame for row_number function

=== grp-frame-start-unbounded-following
@gap message differs: SYNTAX_ERROR: line 1:40: frame start cannot be UNBOUNDED FOLLOWING
SELECT sum(age) OVER (ORDER BY id ROWS UNBOUNDED FOLLOWING) AS s FROM people
--> error INVALID_WINDOW_FRAME: line 1:35: Window frame start cannot be UNBOUNDED FOLLOWING

=== grp-frame-end-unbounded-preceding
@gap message differs: SYNTAX_ERROR: line 1:72: frame end cannot be UNBOUNDED PRECEDING
SELECT sum(age) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED PRECEDING) AS s FROM people
--> error INVALID_WINDOW_FRAME: line 1:35: Window frame end cannot be UNBOUNDED PRECEDING

=== grp-frame-current-row-to-preceding
@gap message differs: SYNTAX_ERROR: line 1:64: frame starting from current row cannot have preceding rows
SELECT sum(age) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) AS s FROM people
--> error INVALID_WINDOW_FRAME: line 1:35: Window frame starting from CURRENT ROW cannot end with PRECEDING

=== grp-frame-following-to-preceding
@gap message differs: SYNTAX_ERROR: line 1:64: frame starting from following row cannot have preceding rows
SELECT sum(age) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 PRECEDING) AS s FROM people
--> error INVALID_WINDOW_FRAME: line 1:35: Window frame starting from FOLLOWING cannot end with PRECEDING

=== grp-frame-following-to-current-row
@gap message differs: SYNTAX_ERROR: line 1:40: frame starting from following row cannot end with current row
# A single bound ends at CURRENT ROW.
SELECT sum(age) OVER (ORDER BY id ROWS 2 FOLLOWING) AS s FROM people
--> error INVALID_WINDOW_FRAME: line 1:35: Window frame starting from FOLLOWING cannot end with CURRENT ROW

=== grp-frame-rows-offset-string
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'a' to BIGINT
SELECT sum(age) OVER (ORDER BY id ROWS 'a' PRECEDING) AS s FROM people
--> error TYPE_MISMATCH: line 1:40: Window frame ROWS start value type must be exact numeric type with scale 0 (actual varchar(1))

=== grp-frame-range-without-order-by
@gap message differs: SYNTAX_ERROR: line 1:8: RANGE frames must have only one ORDER BY expression
SELECT sum(age) OVER (RANGE 1 PRECEDING) AS s FROM people
--> error MISSING_ORDER_BY: line 1:23: Window frame of type RANGE PRECEDING or FOLLOWING requires ORDER BY

=== grp-frame-range-two-sort-keys
@gap message differs: SYNTAX_ERROR: line 1:8: RANGE frames must have only one ORDER BY expression
# Located at ORDER.
SELECT sum(age) OVER (ORDER BY age, id RANGE 1 PRECEDING) AS s FROM people
--> error INVALID_ORDER_BY: line 1:23: Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY (actual: 2)

=== grp-frame-range-varchar-key
@gap message differs: FUNCTION_NOT_FOUND: Unexpected parameters for function -: No function matches the given name and argument types '-(VARCHAR, INTEGER_LITERAL)'. You ...
SELECT count(*) OVER (ORDER BY name RANGE 1 PRECEDING) AS n FROM people
--> error TYPE_MISMATCH: line 1:32: Window frame of type RANGE PRECEDING or FOLLOWING requires that sort item type be numeric, datetime or interval (actual: varchar)

=== grp-frame-range-offset-type
@gap message differs: INVALID_CAST_ARGUMENT: Cannot cast 'a' to INT
SELECT sum(age) OVER (ORDER BY age RANGE 'a' PRECEDING) AS s FROM people
--> error TYPE_MISMATCH: line 1:42: Window frame RANGE value type (varchar(1)) not compatible with sort item type (integer)

=== grp-frame-groups-without-order-by
@gap DuckDB accepts it (SUCCEEDED)
SELECT sum(age) OVER (GROUPS 1 PRECEDING) AS s FROM people
--> error MISSING_ORDER_BY: line 1:23: Window frame of type GROUPS PRECEDING or FOLLOWING requires ORDER BY
