# Errors: FAILED, with Trino's error name first in StateChangeReason (Athena engine v3:
# "COLUMN_NOT_FOUND: line 2:5: Column 'x' cannot be resolved or requester is not authorized…"),
# and AthenaError.ErrorCategory 2 (USER).

=== err-table-not-found
SELECT * FROM nope
--> fail /^TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog\.corpus\.nope' does not exist/

=== err-column-not-found
SELECT nope FROM people
--> fail /^COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved/

=== err-syntax
# Refused at StartQueryExecution (InvalidRequestException, MALFORMED_QUERY): see 30-syntax.sql.
SELECT FROM people WHERE
--> refused line 1:8: mismatched input 'FROM'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== err-division-by-zero
SELECT 5 / 0 AS x
--> fail /DIVISION_BY_ZERO/

=== err-division-by-zero-per-row
SELECT id / (age - age) AS x FROM people
--> fail /DIVISION_BY_ZERO/

=== err-invalid-cast
SELECT CAST('abc' AS integer) AS a
--> fail /INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT/

=== err-scalar-subquery-rows
SELECT (SELECT id FROM people) AS x
--> fail /SUBQUERY_MULTIPLE_ROWS/

=== err-array-subscript
SELECT ARRAY[1, 2][3] AS x
--> fail /INVALID_FUNCTION_ARGUMENT/

=== err-integer-overflow
SELECT 2147483647 + 1 AS x
--> fail /NUMERIC_VALUE_OUT_OF_RANGE/

=== err-schema-not-found
SELECT * FROM nodb.people
--> fail /SCHEMA_NOT_FOUND/

=== err-group-by-missing-column
SELECT count(*) FROM people GROUP BY nope
--> fail /COLUMN_NOT_FOUND/

=== err-not-aggregate
SELECT id, count(*) FROM people
--> fail /EXPRESSION_NOT_AGGREGATE/

=== err-operator-not-found
SELECT 'a' + 1 AS x
--> fail /(OPERATOR_NOT_FOUND|TYPE_MISMATCH)/

=== err-function-not-found
SELECT nosuchfn(1) AS x
--> fail /FUNCTION_NOT_FOUND/

=== err-date-parse
SELECT date_parse('nope', '%Y') AS x
--> fail /INVALID_FUNCTION_ARGUMENT/

=== err-element-at-zero
SELECT element_at(ARRAY[1], 0) AS x
--> fail /INVALID_FUNCTION_ARGUMENT/

=== err-ambiguous-column
SELECT id FROM people a JOIN people b ON a.id = b.id
--> fail /AMBIGUOUS_NAME/

=== err-no-database-context
# Without QueryExecutionContext.Database, unqualified names are looked up in "default".
@nodb
SELECT count(*) AS n FROM people
--> fail /(TABLE_NOT_FOUND|SCHEMA_NOT_FOUND)/

=== err-where-not-boolean
SELECT id FROM people WHERE name
--> fail /TYPE_MISMATCH/
