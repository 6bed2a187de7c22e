# Syntax errors: SQL that DuckDB reads (or that is plainly broken) and Trino's grammar (Athena engine v3) rejects.
# Athena parses a statement before a query exists (measured, aoyagikouhei/athena-local, 2026-09): one its
# parser cannot read is refused at StartQueryExecution with InvalidRequestException, AthenaErrorCode
# MALFORMED_QUERY, no query id, and Message = Trino's ParsingException text, `line L:C: …` (1-based; the offending
# token, the furthest the parser reached; <EOF> is one past the end) — `--> refused` below.
# Exact "Expecting:" lists only where documented: measured on Athena (athena-local docs/dev/measurements) or
# asserted by Trino's TestSqlParserErrorHandling for the same parser state. Elsewhere the list is left open with
# " …" (Athena's grammar adds keywords such as UNLOAD and DENY, so Trino's lists are not Athena's).
# For some incomplete statements (SELECT * FROM) Athena says "Queries of this type are not supported" instead
# (not used here).

=== syn-misspelled-select
# Measured on Athena (athena-local errors.md, 2026-09-24): this exact Message.
SELEC 1
--> refused line 1:1: mismatched input 'SELEC'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-select-nothing
# Measured on Athena (athena-local errors.md, case 55): line 1:7, this Expecting list.
SELECT
--> refused line 1:7: mismatched input '<EOF>'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-only-line-comment
# Position measured on Athena (athena-local statements.md: 1:8, past the comment); the list is the statement-start list measured for SELEC.
-- only
--> refused line 1:8: mismatched input '<EOF>'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-only-block-comment
# Position measured on Athena (athena-local statements.md: 1:11).
/* only */
--> refused line 1:11: mismatched input '<EOF>'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-from-first
# DuckDB's FROM-first syntax; no statement starts with FROM.
FROM people SELECT id
--> refused line 1:1: mismatched input 'FROM'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-from-only
FROM people
--> refused line 1:1: mismatched input 'FROM'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-pivot
PIVOT people ON dept USING count(*)
--> refused line 1:1: mismatched input 'PIVOT'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-summarize
SUMMARIZE people
--> refused line 1:1: mismatched input 'SUMMARIZE'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-empty-select-list
SELECT FROM people
--> refused line 1:8: mismatched input 'FROM'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-list-literal
@gap message differs: SYNTAX_ERROR: line 1:8: mismatched input '['. Expecting: <identifier>
# DuckDB list literal; Trino writes ARRAY[1, 2].
SELECT [1, 2] AS l
--> refused line 1:8: mismatched input '['. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-struct-literal
@gap message differs: SYNTAX_ERROR: line 1:8: mismatched input '{'. Expecting: <identifier>
# DuckDB struct literal; Trino writes CAST(ROW(1) AS ROW(a integer)).
SELECT {'a': 1} AS s
--> refused line 1:8: mismatched input '{'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-reserved-word-column
# ORDER is reserved in Trino; the token is quoted as written.
SELECT order FROM orders
--> refused line 1:8: mismatched input 'order'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-unnest-in-select-list
@gap message differs: SYNTAX_ERROR: line 1:8: mismatched input 'unnest'. Expecting: <identifier>
# UNNEST is reserved and only a relation in Trino (FROM people CROSS JOIN UNNEST(tags)).
SELECT unnest(tags) AS t FROM people
--> refused line 1:8: mismatched input 'unnest'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-trailing-comma
# DuckDB allows a trailing comma in the select list.
SELECT id, FROM people
--> refused line 1:12: mismatched input 'FROM'. Expecting: …

=== syn-trailing-comma-two-items
SELECT id, name, FROM people WHERE id = 1
--> refused line 1:18: mismatched input 'FROM'. Expecting: …

=== syn-double-colon-cast
# '::' is two ':' tokens in Trino; the first one fails.
SELECT id::varchar AS s FROM people
--> refused line 1:10: mismatched input ':'. Expecting: …

=== syn-double-colon-literal
SELECT '1'::integer AS n
--> refused line 1:11: mismatched input ':'. Expecting: …

=== syn-star-exclude
SELECT * EXCLUDE (name) FROM people
--> refused line 1:10: mismatched input 'EXCLUDE'. Expecting: …

=== syn-star-replace
SELECT * REPLACE (upper(name) AS name) FROM people
--> refused line 1:10: mismatched input 'REPLACE'. Expecting: …

=== syn-reserved-word-alias
SELECT id AS end FROM people
--> refused line 1:14: mismatched input 'end'. Expecting: <identifier>

=== syn-distinct-on
SELECT DISTINCT ON (dept) name FROM people
--> refused line 1:17: mismatched input 'ON'. Expecting: …

=== syn-integer-division
# DuckDB's // (integer division) is two '/' tokens in Trino.
SELECT 7 // 2 AS q
--> refused line 1:11: mismatched input '/'. Expecting: <expression>

=== syn-power-operator
SELECT 2 ** 3 AS p
--> refused line 1:11: mismatched input '*'. Expecting: <expression>

=== syn-backquote-column
SELECT `name` FROM people
--> refused line 1:8: backquoted identifiers are not supported; use double quotes to quote identifiers

=== syn-backquote-dereference
SELECT p.`name` FROM people p
--> refused line 1:10: backquoted identifiers are not supported; use double quotes to quote identifiers

=== syn-backquote-table
SELECT * FROM `people`
--> refused line 1:15: backquoted identifiers are not supported; use double quotes to quote identifiers

=== syn-digit-identifier
# DuckDB reads 1x as 1 AS x.
SELECT 1x FROM people
--> refused line 1:8: identifiers must not start with a digit; surround the identifier with double quotes

=== syn-zero-length-identifier
SELECT "" FROM people
--> refused line 1:8: Zero-length delimited identifier not allowed

=== syn-qualify-after-alias
SELECT id FROM people p QUALIFY row_number() OVER (PARTITION BY dept ORDER BY id) = 1
--> refused line 1:25: mismatched input 'QUALIFY'. Expecting: …

=== syn-qualify-after-where
SELECT id FROM people WHERE age > 30 QUALIFY rank() OVER (ORDER BY age) = 1
--> refused line 1:38: mismatched input 'QUALIFY'. Expecting: …

=== syn-qualify-read-as-alias
# QUALIFY is not a keyword in Trino: right after the table it is read as the alias, so the parse fails at row_number.
SELECT id FROM people QUALIFY row_number() OVER (ORDER BY id) = 1
--> refused line 1:31: mismatched input 'row_number'. Expecting: …

=== syn-ilike
SELECT id FROM people WHERE name ILIKE 'a%'
--> refused line 1:34: mismatched input 'ILIKE'. Expecting: …

=== syn-regex-tilde
SELECT id FROM people WHERE name ~ 'a'
--> refused line 1:34: mismatched input '~'. Expecting: …

=== syn-double-equals
SELECT id FROM people WHERE id == 1
--> refused line 1:33: mismatched input '='. Expecting: …

=== syn-using-sample
SELECT * FROM people USING SAMPLE 50 PERCENT
--> refused line 1:22: mismatched input 'USING'. Expecting: …

=== syn-tablesample-percent
@gap the Expecting list adds what could follow TABLESAMPLE read as an alias (the statement is read without its end, docs/athena-sql.md)
# Trino needs TABLESAMPLE BERNOULLI (10) or SYSTEM (10); list as in TestSqlParserErrorHandling.
SELECT * FROM people TABLESAMPLE 10%
--> refused line 1:34: mismatched input '10'. Expecting: 'BERNOULLI', 'SYSTEM'

=== syn-table-function-call
SELECT * FROM read_parquet('x.parquet')
--> refused line 1:27: mismatched input '('. Expecting: …

=== syn-string-as-table
SELECT * FROM 'people.csv'
--> refused line 1:15: mismatched input ''people.csv''. Expecting: …

=== syn-positional-join
# POSITIONAL is read as the alias of people; the JOIN then lacks ON/USING.
SELECT * FROM people POSITIONAL JOIN orders
--> refused line 1:44: mismatched input '<EOF>'. Expecting: …

=== syn-limit-before-offset
# Trino takes OFFSET before LIMIT; nothing may follow LIMIT n (as "limit 10 order by" in TestSqlParserErrorHandling).
SELECT id FROM people ORDER BY id LIMIT 2 OFFSET 1
--> refused line 1:43: mismatched input 'OFFSET'. Expecting: <EOF>

=== syn-limit-comma
SELECT id FROM people ORDER BY id LIMIT 1, 2
--> refused line 1:42: mismatched input ','. Expecting: <EOF>

=== syn-limit-percent
SELECT id FROM people LIMIT 10%
--> refused line 1:31: mismatched input '%'. Expecting: <EOF>

=== syn-limit-string
SELECT id FROM people LIMIT '1'
--> refused line 1:29: mismatched input ''1''. Expecting: …

=== syn-where-eof
SELECT * FROM people WHERE
--> refused line 1:27: mismatched input '<EOF>'. Expecting: <expression>

=== syn-dangling-plus
SELECT id FROM people WHERE id = 1 +
--> refused line 1:37: mismatched input '<EOF>'. Expecting: <expression>

=== syn-dangling-and
SELECT id FROM people WHERE id = 1 AND
--> refused line 1:39: mismatched input '<EOF>'. Expecting: <expression>

=== syn-at-sign
SELECT id FROM people WHERE @id = 1
--> refused line 1:29: mismatched input '@'. Expecting: <expression>

=== syn-exists-eof
SELECT id FROM people WHERE EXISTS (
--> refused line 1:37: mismatched input '<EOF>'. Expecting: <query>

=== syn-cast-missing-type
SELECT CAST(id AS ) FROM people
--> refused line 1:19: mismatched input ')'. Expecting: <type>

=== syn-count-distinct-star
SELECT count(DISTINCT *) AS n FROM people
--> refused line 1:23: mismatched input '*'. Expecting: <expression>

=== syn-leading-comma-argument
SELECT count(, id) AS n FROM people
--> refused line 1:14: mismatched input ','. Expecting: ')', '*', 'ALL', 'DISTINCT', 'ORDER', <expression>

=== syn-cte-without-parentheses
WITH c AS SELECT 1 AS x SELECT x FROM c
--> refused line 1:11: mismatched input 'SELECT'. Expecting: '('

=== syn-unbalanced-open
SELECT (id FROM people
--> refused line 1:12: mismatched input 'FROM'. Expecting: …

=== syn-unbalanced-close
SELECT id) FROM people
--> refused line 1:10: mismatched input ')'. Expecting: …

=== syn-count-unclosed
SELECT count(* FROM people
--> refused line 1:16: mismatched input 'FROM'. Expecting: …

=== syn-in-list-unclosed
SELECT id FROM people WHERE id IN (1, 2
--> refused line 1:40: mismatched input '<EOF>'. Expecting: …

=== syn-subquery-unclosed
SELECT * FROM (SELECT id FROM people
--> refused line 1:37: mismatched input '<EOF>'. Expecting: …

=== syn-join-missing-criteria
SELECT * FROM people p JOIN orders o
--> refused line 1:37: mismatched input '<EOF>'. Expecting: …

=== syn-group-by-eof
SELECT dept FROM people GROUP BY
--> refused line 1:33: mismatched input '<EOF>'. Expecting: …

=== syn-second-from-multiline
# Line and column count from the start of the statement: line 3, column 1.
SELECT *
FROM people
FROM
--> refused line 3:1: mismatched input 'FROM'. Expecting: …
