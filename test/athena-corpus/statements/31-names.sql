# Name resolution: COLUMN_NOT_FOUND, TABLE_NOT_FOUND, SCHEMA_NOT_FOUND, AMBIGUOUS_NAME and related errors (Athena engine v3).
# COLUMN_NOT_FOUND text: Trino says "Column 'x' cannot be resolved"; Athena engine v3 today appends
# " or requester is not authorized to access requested resources" (AthenaError.ErrorType 1006). Evidence: Athena
# GetQueryExecution output quoted in public code (StateChangeReason/ErrorMessage "COLUMN_NOT_FOUND: line 1:8: Column
# 'banana' cannot be resolved or requester is not authorized to access requested resources", 2023-10; the same form
# in aws-samples/aiml-genai-multimodal-agent#17, 2024-03; "Column 'dst_endpoint.ip' …" for a dereference;
# athena-local issue notes #272/#283: real Athena adds it where Trino 482 stops at "cannot be resolved").
# Names are lower-cased; a dereference is printed whole and located at its first part.
# TABLE_NOT_FOUND: "Table 'awsdatacatalog.<schema>.<table>' does not exist"; SCHEMA_NOT_FOUND: "Schema '<schema>'
# does not exist" (Athena reports quoted publicly), located at the table name.

=== name-where-column
SELECT id FROM people WHERE nope = 1
--> error COLUMN_NOT_FOUND: line 1:29: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-where-column-multiline
# The position counts lines: line 3, column 7.
SELECT id
FROM people
WHERE nope = 1
--> error COLUMN_NOT_FOUND: line 3:7: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-order-by-column
SELECT id FROM people ORDER BY nope
--> error COLUMN_NOT_FOUND: line 1:32: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-group-by-second-column
SELECT dept FROM people GROUP BY dept, nope
--> error COLUMN_NOT_FOUND: line 1:40: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-having-column
@gap message differs: EXPRESSION_NOT_AGGREGATE: '?' must be an aggregate expression or appear in GROUP BY clause
SELECT dept FROM people GROUP BY dept HAVING nope > 1
--> error COLUMN_NOT_FOUND: line 1:46: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-inside-aggregate
SELECT count(nope) AS n FROM people
--> error COLUMN_NOT_FOUND: line 1:14: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-uppercase-is-lowercased
# Names are reported lower-cased (QualifiedName parts).
SELECT NOPE FROM people
--> error COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-join-on-qualified
# A dereference is located at its first part (o), the name printed whole.
SELECT p.id FROM people p JOIN orders o ON p.id = o.nope
--> error COLUMN_NOT_FOUND: line 1:51: Column 'o.nope' cannot be resolved or requester is not authorized to access requested resources

=== name-alias-qualified
SELECT p.nope FROM people p
--> error COLUMN_NOT_FOUND: line 1:8: Column 'p.nope' cannot be resolved or requester is not authorized to access requested resources

=== name-table-name-hidden-by-alias
# Once aliased, the table is only visible by its alias.
SELECT people.id FROM people p
--> error COLUMN_NOT_FOUND: line 1:8: Column 'people.id' cannot be resolved or requester is not authorized to access requested resources

=== name-unknown-qualifier
SELECT nope.id FROM people
--> error COLUMN_NOT_FOUND: line 1:8: Column 'nope.id' cannot be resolved or requester is not authorized to access requested resources

=== name-three-part-column
SELECT corpus.people.nope FROM people
--> error COLUMN_NOT_FOUND: line 1:8: Column 'corpus.people.nope' cannot be resolved or requester is not authorized to access requested resources

=== name-subquery-column
SELECT name FROM (SELECT id FROM people) t
--> error COLUMN_NOT_FOUND: line 1:8: Column 'name' cannot be resolved or requester is not authorized to access requested resources

=== name-cte-column
WITH c AS (SELECT id FROM people) SELECT name FROM c
--> error COLUMN_NOT_FOUND: line 1:42: Column 'name' cannot be resolved or requester is not authorized to access requested resources

=== name-cte-renamed-column
WITH c (x) AS (SELECT id FROM people) SELECT id FROM c
--> error COLUMN_NOT_FOUND: line 1:46: Column 'id' cannot be resolved or requester is not authorized to access requested resources

=== name-cte-shadows-table
WITH people AS (SELECT 1 AS x) SELECT id FROM people
--> error COLUMN_NOT_FOUND: line 1:39: Column 'id' cannot be resolved or requester is not authorized to access requested resources

=== name-values-alias-column
SELECT c FROM (VALUES (1, 2)) AS t (a, b)
--> error COLUMN_NOT_FOUND: line 1:8: Column 'c' cannot be resolved or requester is not authorized to access requested resources

=== name-values-alias-qualified
SELECT t.c FROM (VALUES (1, 2)) AS t (a, b)
--> error COLUMN_NOT_FOUND: line 1:8: Column 't.c' cannot be resolved or requester is not authorized to access requested resources

=== name-lambda-free-variable
SELECT transform(tags, x -> y) AS t FROM people
--> error COLUMN_NOT_FOUND: line 1:29: Column 'y' cannot be resolved or requester is not authorized to access requested resources

=== name-lambda-variable-outside
SELECT transform(tags, x -> upper(x)) AS t, x FROM people
--> error COLUMN_NOT_FOUND: line 1:45: Column 'x' cannot be resolved or requester is not authorized to access requested resources

=== name-select-alias-in-where
@gap DuckDB accepts it (SUCCEEDED)
SELECT age AS years FROM people WHERE years > 30
--> error COLUMN_NOT_FOUND: line 1:39: Column 'years' cannot be resolved or requester is not authorized to access requested resources

=== name-select-alias-in-having
@gap DuckDB accepts it (SUCCEEDED)
# As TestAnalyzer.testHavingReferencesOutputAlias.
SELECT sum(age) AS total FROM people HAVING total > 100
--> error COLUMN_NOT_FOUND: line 1:45: Column 'total' cannot be resolved or requester is not authorized to access requested resources

=== name-select-alias-in-group-by
@gap DuckDB accepts it (SUCCEEDED)
# GROUP BY sees the FROM columns only (DuckDB also accepts select aliases).
SELECT dept AS d, count(*) AS n FROM people GROUP BY d
--> error COLUMN_NOT_FOUND: line 1:54: Column 'd' cannot be resolved or requester is not authorized to access requested resources

=== name-select-alias-in-same-list
@gap DuckDB accepts it (SUCCEEDED)
# DuckDB lets a select item use an earlier alias; Trino does not.
SELECT age * 2 AS doubled, doubled + 1 AS more FROM people
--> error COLUMN_NOT_FOUND: line 1:28: Column 'doubled' cannot be resolved or requester is not authorized to access requested resources

=== name-order-by-alias-expression
SELECT age AS a FROM people ORDER BY a + nope
--> error COLUMN_NOT_FOUND: line 1:42: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-double-quoted-string
# Double quotes delimit identifiers, not strings.
SELECT id FROM people WHERE name = "Bob"
--> error COLUMN_NOT_FOUND: line 1:36: Column 'bob' cannot be resolved or requester is not authorized to access requested resources

=== name-group-by-all
@gap message differs: SYNTAX_ERROR: line 1:52: mismatched input '<EOF>'. Expecting: '(', 'CUBE', 'GROUPING', 'ROLLUP', <expression>
# ALL is non-reserved in Trino, so GROUP BY ALL (DuckDB) groups by a column named all.
SELECT dept, count(*) AS n FROM people GROUP BY ALL
--> error COLUMN_NOT_FOUND: line 1:49: Column 'all' cannot be resolved or requester is not authorized to access requested resources

=== name-semi-join-is-an-alias
@gap DuckDB accepts it (SUCCEEDED)
# SEMI is read as people's alias (Trino has no SEMI JOIN), which hides the name people.
SELECT * FROM people SEMI JOIN orders ON people.id = orders.person_id
--> error COLUMN_NOT_FOUND: line 1:42: Column 'people.id' cannot be resolved or requester is not authorized to access requested resources

=== name-correlated-subquery
SELECT (SELECT max(nope) FROM orders o WHERE o.person_id = p.id) AS m FROM people p
--> error COLUMN_NOT_FOUND: line 1:20: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-in-subquery
SELECT id FROM people WHERE id IN (SELECT nope FROM orders)
--> error COLUMN_NOT_FOUND: line 1:43: Column 'nope' cannot be resolved or requester is not authorized to access requested resources

=== name-exists-qualified
SELECT id FROM people WHERE EXISTS (SELECT 1 FROM orders WHERE orders.nope = people.id)
--> error COLUMN_NOT_FOUND: line 1:64: Column 'orders.nope' cannot be resolved or requester is not authorized to access requested resources

=== name-star-without-from
@gap message differs: SYNTAX_ERROR: * expression without FROM clause!
# TestAnalyzer.testSelectAllColumns; Athena appends its suffix to "cannot be resolved" only (as far as documented).
SELECT *
--> error COLUMN_NOT_FOUND: line 1:8: SELECT * not allowed in queries without FROM clause

=== name-star-unknown-prefix
@gap message differs: SYNTAX_ERROR: Referenced table "t" not found! Candidate tables: "p"
SELECT t.* FROM people p
--> error TABLE_NOT_FOUND: line 1:8: Unable to resolve reference t

=== name-using-missing-right
@gap message differs: SYNTAX_ERROR: Column "id" does not exist on right side of join!
SELECT * FROM people JOIN orders USING (id)
--> error COLUMN_NOT_FOUND: line 1:41: Column 'id' is missing from right side of join

=== name-using-missing-left
@gap message differs: SYNTAX_ERROR: Column "order_id" does not exist on left side of join!
SELECT * FROM people JOIN orders USING (order_id)
--> error COLUMN_NOT_FOUND: line 1:41: Column 'order_id' is missing from left side of join

=== name-order-by-ambiguous
@gap DuckDB accepts it (SUCCEEDED)
# ORDER BY sees the output columns first; two are named id.
SELECT id, age AS id FROM people ORDER BY id
--> error AMBIGUOUS_NAME: line 1:43: Column 'id' is ambiguous

=== name-where-ambiguous
SELECT 1 AS one FROM people a, people b WHERE age > 30
--> error AMBIGUOUS_NAME: line 1:47: Column 'age' is ambiguous

=== name-join-on-ambiguous
SELECT a.id FROM people a JOIN people b ON id = b.id
--> error AMBIGUOUS_NAME: line 1:44: Column 'id' is ambiguous

=== name-duplicate-alias
@gap message differs: SYNTAX_ERROR: Ambiguous reference to table "p" (duplicate alias "p", explicitly alias one of the tables using "AS my_alias")
SELECT p.id FROM people p, people p
--> error AMBIGUOUS_NAME: line 1:8: Column 'p.id' is ambiguous

=== name-subquery-duplicate-columns
@gap DuckDB accepts it (SUCCEEDED)
SELECT x FROM (SELECT id AS x, age AS x FROM people) t
--> error AMBIGUOUS_NAME: line 1:8: Column 'x' is ambiguous

=== name-table-schema-qualified
SELECT * FROM corpus.nope
--> error TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.corpus.nope' does not exist

=== name-table-uppercase
# Table names are lower-cased in the message.
SELECT * FROM NOPE_TABLE
--> error TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.corpus.nope_table' does not exist

=== name-table-wrong-schema
SELECT * FROM corpus_ref.people
--> error TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.corpus_ref.people' does not exist

=== name-table-catalog-qualified
SELECT * FROM awsdatacatalog.corpus.nope
--> error TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.corpus.nope' does not exist

=== name-table-in-join
SELECT 1 AS one FROM people p JOIN nope o ON p.id = o.id
--> error TABLE_NOT_FOUND: line 1:36: Table 'awsdatacatalog.corpus.nope' does not exist

=== name-table-in-cte
WITH c AS (SELECT * FROM nope) SELECT * FROM c
--> error TABLE_NOT_FOUND: line 1:26: Table 'awsdatacatalog.corpus.nope' does not exist

=== name-schema-not-found
SELECT * FROM nodb2.people
--> error SCHEMA_NOT_FOUND: line 1:15: Schema 'nodb2' does not exist

=== name-schema-not-found-catalog
SELECT * FROM awsdatacatalog.nodb3.people
--> error SCHEMA_NOT_FOUND: line 1:15: Schema 'nodb3' does not exist

=== name-schema-in-subquery
SELECT id FROM people WHERE id IN (SELECT person_id FROM nodb4.orders)
--> error SCHEMA_NOT_FOUND: line 1:58: Schema 'nodb4' does not exist

=== name-natural-join
@gap message differs: SYNTAX_ERROR: line 1:22: No columns found to join on in NATURAL JOIN. Use CROSS JOIN if you intended for this to be a cross-product. Left candidate...
# A join is located at its left relation.
SELECT * FROM people NATURAL JOIN orders
--> error NOT_SUPPORTED: line 1:15: Natural join not supported

=== name-window-not-defined
@gap message differs: SYNTAX_ERROR: window "w" does not exist
SELECT count(*) OVER w AS n FROM people
--> error INVALID_WINDOW_REFERENCE: line 1:22: Cannot resolve WINDOW name w

=== name-duplicate-cte
@gap message differs: SYNTAX_ERROR: Duplicate CTE name "c"
WITH c AS (SELECT 1 AS x), c AS (SELECT 2 AS x) SELECT x FROM c
--> error DUPLICATE_NAMED_QUERY: line 1:28: WITH query name 'c' specified more than once

=== name-table-alias-column-count
@gap DuckDB accepts it (SUCCEEDED)
# An aliased relation is located at its relation.
SELECT * FROM people AS p (a, b)
--> error MISMATCHED_COLUMN_ALIASES: line 1:15: Column alias list has 2 entries but 'p' has 10 columns available

=== name-cte-alias-column-count
@gap DuckDB accepts it (SUCCEEDED)
# Located at the first alias.
WITH c (a, b) AS (SELECT id FROM people) SELECT * FROM c
--> error MISMATCHED_COLUMN_ALIASES: line 1:9: Column alias list has 2 entries but relation has 1 columns
