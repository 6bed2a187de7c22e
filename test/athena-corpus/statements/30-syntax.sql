# Syntax errors: SQL that DuckDB reads (or that is plainly broken) and Trino's grammar (Athena engine v3) rejects.
# Reason form: SYNTAX_ERROR: line L:C: <ParsingException text>; L:C is the 1-based line and column of the offending
# token (the furthest token the parser reached; <EOF> is one past the end), the token quoted as written.
# Exact "Expecting:" lists only where documented: measured on Athena (aoyagikouhei/athena-local,
# docs/dev/measurements/errors.md and statements.md) or asserted by Trino's TestSqlParserErrorHandling for the same
# parser state (after SELECT, after an operator, after WHERE, in a function's argument list, after AS, after LIMIT n,
# TABLESAMPLE, CAST ... AS). Elsewhere the list is left open with " …" (Athena's grammar adds keywords such as
# UNLOAD and DENY, so Trino's lists are not Athena's).
# Caveat (athena-local, measured 2026-09): real Athena rejects a statement its parser cannot read at
# StartQueryExecution (InvalidRequestException, AthenaErrorCode MALFORMED_QUERY, no query id) with Message = the
# text after "SYNTAX_ERROR: "; for some incomplete statements (SELECT * FROM) it says "Queries of this type are not
# supported" instead (not used here). These expectations keep the corpus form (FAILED + StateChangeReason).

=== syn-misspelled-select
@gap message differs: the same text without the SYNTAX_ERROR: name
# Measured on Athena (athena-local errors.md, 2026-09-24): this exact Message.
SELEC 1
--> error SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-select-nothing
# Measured on Athena (athena-local errors.md, case 55): line 1:7, this Expecting list.
SELECT
--> error SYNTAX_ERROR: line 1:7: mismatched input '<EOF>'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-only-line-comment
@gap message differs: the same text without the SYNTAX_ERROR: name
# Position measured on Athena (athena-local statements.md: 1:8, past the comment); the list is the statement-start list measured for SELEC.
-- only
--> error SYNTAX_ERROR: line 1:8: mismatched input '<EOF>'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-only-block-comment
@gap message differs: the same text without the SYNTAX_ERROR: name
# Position measured on Athena (athena-local statements.md: 1:11).
/* only */
--> error SYNTAX_ERROR: line 1:11: mismatched input '<EOF>'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-from-first
@gap message differs: the same text without the SYNTAX_ERROR: name
# DuckDB's FROM-first syntax; no statement starts with FROM.
FROM people SELECT id
--> error SYNTAX_ERROR: line 1:1: mismatched input 'FROM'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-from-only
@gap message differs: the same text without the SYNTAX_ERROR: name
FROM people
--> error SYNTAX_ERROR: line 1:1: mismatched input 'FROM'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-pivot
@gap message differs: the same text without the SYNTAX_ERROR: name
PIVOT people ON dept USING count(*)
--> error SYNTAX_ERROR: line 1:1: mismatched input 'PIVOT'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-summarize
@gap message differs: the same text without the SYNTAX_ERROR: name
SUMMARIZE people
--> error SYNTAX_ERROR: line 1:1: mismatched input 'SUMMARIZE'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>

=== syn-empty-select-list
SELECT FROM people
--> error SYNTAX_ERROR: line 1:8: mismatched input 'FROM'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-list-literal
@gap message differs: SYNTAX_ERROR: line 1:8: mismatched input '['. Expecting: <identifier>
# DuckDB list literal; Trino writes ARRAY[1, 2].
SELECT [1, 2] AS l
--> error SYNTAX_ERROR: line 1:8: mismatched input '['. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-struct-literal
@gap message differs: SYNTAX_ERROR: line 1:8: mismatched input '{'. Expecting: <identifier>
# DuckDB struct literal; Trino writes CAST(ROW(1) AS ROW(a integer)).
SELECT {'a': 1} AS s
--> error SYNTAX_ERROR: line 1:8: mismatched input '{'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-reserved-word-column
# ORDER is reserved in Trino; the token is quoted as written.
SELECT order FROM orders
--> error SYNTAX_ERROR: line 1:8: mismatched input 'order'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-unnest-in-select-list
@gap message differs: SYNTAX_ERROR: line 1:8: mismatched input 'unnest'. Expecting: <identifier>
# UNNEST is reserved and only a relation in Trino (FROM people CROSS JOIN UNNEST(tags)).
SELECT unnest(tags) AS t FROM people
--> error SYNTAX_ERROR: line 1:8: mismatched input 'unnest'. Expecting: '*', 'ALL', 'DISTINCT', <expression>

=== syn-trailing-comma
# DuckDB allows a trailing comma in the select list.
SELECT id, FROM people
--> error SYNTAX_ERROR: line 1:12: mismatched input 'FROM'. Expecting: …

=== syn-trailing-comma-two-items
SELECT id, name, FROM people WHERE id = 1
--> error SYNTAX_ERROR: line 1:18: mismatched input 'FROM'. Expecting: …

=== syn-double-colon-cast
# '::' is two ':' tokens in Trino; the first one fails.
SELECT id::varchar AS s FROM people
--> error SYNTAX_ERROR: line 1:10: mismatched input ':'. Expecting: …

=== syn-double-colon-literal
SELECT '1'::integer AS n
--> error SYNTAX_ERROR: line 1:11: mismatched input ':'. Expecting: …

=== syn-star-exclude
SELECT * EXCLUDE (name) FROM people
--> error SYNTAX_ERROR: line 1:10: mismatched input 'EXCLUDE'. Expecting: …

=== syn-star-replace
SELECT * REPLACE (upper(name) AS name) FROM people
--> error SYNTAX_ERROR: line 1:10: mismatched input 'REPLACE'. Expecting: …

=== syn-reserved-word-alias
SELECT id AS end FROM people
--> error SYNTAX_ERROR: line 1:14: mismatched input 'end'. Expecting: <identifier>

=== syn-distinct-on
SELECT DISTINCT ON (dept) name FROM people
--> error SYNTAX_ERROR: line 1:17: mismatched input 'ON'. Expecting: …

=== syn-integer-division
# DuckDB's // (integer division) is two '/' tokens in Trino.
SELECT 7 // 2 AS q
--> error SYNTAX_ERROR: line 1:11: mismatched input '/'. Expecting: <expression>

=== syn-power-operator
SELECT 2 ** 3 AS p
--> error SYNTAX_ERROR: line 1:11: mismatched input '*'. Expecting: <expression>

=== syn-backquote-column
SELECT `name` FROM people
--> error SYNTAX_ERROR: line 1:8: backquoted identifiers are not supported; use double quotes to quote identifiers

=== syn-backquote-dereference
SELECT p.`name` FROM people p
--> error SYNTAX_ERROR: line 1:10: backquoted identifiers are not supported; use double quotes to quote identifiers

=== syn-backquote-table
SELECT * FROM `people`
--> error SYNTAX_ERROR: line 1:15: backquoted identifiers are not supported; use double quotes to quote identifiers

=== syn-digit-identifier
# DuckDB reads 1x as 1 AS x.
SELECT 1x FROM people
--> error SYNTAX_ERROR: line 1:8: identifiers must not start with a digit; surround the identifier with double quotes

=== syn-zero-length-identifier
SELECT "" FROM people
--> error SYNTAX_ERROR: line 1:8: Zero-length delimited identifier not allowed

=== syn-qualify-after-alias
SELECT id FROM people p QUALIFY row_number() OVER (PARTITION BY dept ORDER BY id) = 1
--> error SYNTAX_ERROR: line 1:25: mismatched input 'QUALIFY'. Expecting: …

=== syn-qualify-after-where
SELECT id FROM people WHERE age > 30 QUALIFY rank() OVER (ORDER BY age) = 1
--> error SYNTAX_ERROR: line 1:38: mismatched input 'QUALIFY'. Expecting: …

=== syn-qualify-read-as-alias
# QUALIFY is not a keyword in Trino: right after the table it is read as the alias, so the parse fails at row_number.
SELECT id FROM people QUALIFY row_number() OVER (ORDER BY id) = 1
--> error SYNTAX_ERROR: line 1:31: mismatched input 'row_number'. Expecting: …

=== syn-ilike
SELECT id FROM people WHERE name ILIKE 'a%'
--> error SYNTAX_ERROR: line 1:34: mismatched input 'ILIKE'. Expecting: …

=== syn-regex-tilde
SELECT id FROM people WHERE name ~ 'a'
--> error SYNTAX_ERROR: line 1:34: mismatched input '~'. Expecting: …

=== syn-double-equals
SELECT id FROM people WHERE id == 1
--> error SYNTAX_ERROR: line 1:33: mismatched input '='. Expecting: …

=== syn-using-sample
SELECT * FROM people USING SAMPLE 50 PERCENT
--> error SYNTAX_ERROR: line 1:22: mismatched input 'USING'. Expecting: …

=== syn-tablesample-percent
# Trino needs TABLESAMPLE BERNOULLI (10) or SYSTEM (10); list as in TestSqlParserErrorHandling.
SELECT * FROM people TABLESAMPLE 10%
--> error SYNTAX_ERROR: line 1:34: mismatched input '10'. Expecting: 'BERNOULLI', 'SYSTEM'

=== syn-table-function-call
@gap message differs: SYNTAX_ERROR: line 1:28: mismatched input ''x.parquet''. Expecting: '(', 'SELECT', 'TABLE', 'VALUES'
SELECT * FROM read_parquet('x.parquet')
--> error SYNTAX_ERROR: line 1:27: mismatched input '('. Expecting: …

=== syn-string-as-table
SELECT * FROM 'people.csv'
--> error SYNTAX_ERROR: line 1:15: mismatched input ''people.csv''. Expecting: …

=== syn-positional-join
# POSITIONAL is read as the alias of people; the JOIN then lacks ON/USING.
SELECT * FROM people POSITIONAL JOIN orders
--> error SYNTAX_ERROR: line 1:44: mismatched input '<EOF>'. Expecting: …

=== syn-limit-before-offset
# Trino takes OFFSET before LIMIT; nothing may follow LIMIT n (as "limit 10 order by" in TestSqlParserErrorHandling).
SELECT id FROM people ORDER BY id LIMIT 2 OFFSET 1
--> error SYNTAX_ERROR: line 1:43: mismatched input 'OFFSET'. Expecting: <EOF>

=== syn-limit-comma
SELECT id FROM people ORDER BY id LIMIT 1, 2
--> error SYNTAX_ERROR: line 1:42: mismatched input ','. Expecting: <EOF>

=== syn-limit-percent
SELECT id FROM people LIMIT 10%
--> error SYNTAX_ERROR: line 1:31: mismatched input '%'. Expecting: <EOF>

=== syn-limit-string
SELECT id FROM people LIMIT '1'
--> error SYNTAX_ERROR: line 1:29: mismatched input ''1''. Expecting: …

=== syn-where-eof
SELECT * FROM people WHERE
--> error SYNTAX_ERROR: line 1:27: mismatched input '<EOF>'. Expecting: <expression>

=== syn-dangling-plus
SELECT id FROM people WHERE id = 1 +
--> error SYNTAX_ERROR: line 1:37: mismatched input '<EOF>'. Expecting: <expression>

=== syn-dangling-and
SELECT id FROM people WHERE id = 1 AND
--> error SYNTAX_ERROR: line 1:39: mismatched input '<EOF>'. Expecting: <expression>

=== syn-at-sign
SELECT id FROM people WHERE @id = 1
--> error SYNTAX_ERROR: line 1:29: mismatched input '@'. Expecting: <expression>

=== syn-exists-eof
SELECT id FROM people WHERE EXISTS (
--> error SYNTAX_ERROR: line 1:37: mismatched input '<EOF>'. Expecting: <query>

=== syn-cast-missing-type
SELECT CAST(id AS ) FROM people
--> error SYNTAX_ERROR: line 1:19: mismatched input ')'. Expecting: <type>

=== syn-count-distinct-star
@gap message differs: SYNTAX_ERROR: line 1:23: mismatched input 'count'. Expecting: '*', <expression>
SELECT count(DISTINCT *) AS n FROM people
--> error SYNTAX_ERROR: line 1:23: mismatched input '*'. Expecting: <expression>

=== syn-leading-comma-argument
@gap message differs: SYNTAX_ERROR: line 1:14: mismatched input ','. Expecting: '(', 'SELECT', 'TABLE', 'VALUES'
SELECT count(, id) AS n FROM people
--> error SYNTAX_ERROR: line 1:14: mismatched input ','. Expecting: ')', '*', 'ALL', 'DISTINCT', 'ORDER', <expression>

=== syn-cte-without-parentheses
WITH c AS SELECT 1 AS x SELECT x FROM c
--> error SYNTAX_ERROR: line 1:11: mismatched input 'SELECT'. Expecting: '('

=== syn-unbalanced-open
SELECT (id FROM people
--> error SYNTAX_ERROR: line 1:12: mismatched input 'FROM'. Expecting: …

=== syn-unbalanced-close
SELECT id) FROM people
--> error SYNTAX_ERROR: line 1:10: mismatched input ')'. Expecting: …

=== syn-count-unclosed
@gap message differs: SYNTAX_ERROR: line 1:16: mismatched input 'count'. Expecting: '*', <expression>
SELECT count(* FROM people
--> error SYNTAX_ERROR: line 1:16: mismatched input 'FROM'. Expecting: …

=== syn-in-list-unclosed
@gap message differs: SYNTAX_ERROR: line 1:32: mismatched input '<EOF>'. Expecting: '%', ')', '*', '+', ',', '-', '.', '/', 'AND', 'AT', 'OR', '[', '||', <predicate>
SELECT id FROM people WHERE id IN (1, 2
--> error SYNTAX_ERROR: line 1:40: mismatched input '<EOF>'. Expecting: …

=== syn-subquery-unclosed
SELECT * FROM (SELECT id FROM people
--> error SYNTAX_ERROR: line 1:37: mismatched input '<EOF>'. Expecting: …

=== syn-join-missing-criteria
SELECT * FROM people p JOIN orders o
--> error SYNTAX_ERROR: line 1:37: mismatched input '<EOF>'. Expecting: …

=== syn-group-by-eof
SELECT dept FROM people GROUP BY
--> error SYNTAX_ERROR: line 1:33: mismatched input '<EOF>'. Expecting: …

=== syn-second-from-multiline
# Line and column count from the start of the statement: line 3, column 1.
SELECT *
FROM people
FROM
--> error SYNTAX_ERROR: line 3:1: mismatched input 'FROM'. Expecting: …
