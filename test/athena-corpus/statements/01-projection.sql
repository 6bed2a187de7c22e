# Projections and filters over corpus.people (Parquet; see data/people.csv) and corpus.orders.
# Glue int → Athena integer, string → varchar, decimal(p,s) → decimal, array<string> → array.

=== proj-ordered-ids
@ordered
SELECT id, name FROM people WHERE id <= 3 ORDER BY id
--> id:integer, name:varchar
["1", "Alice"]
["2", "Bob"]
["3", "Carmen Ruiz"]

=== proj-count-star
SELECT count(*) AS n FROM people
--> n:bigint
["7"]

=== proj-and-boolean-column
SELECT id FROM people WHERE dept = 'eng' AND active
--> id:integer
["1"]
["3"]

=== proj-empty-string-is-not-null
SELECT id FROM people WHERE name = ''
--> id:integer
["5"]

=== proj-like-with-quotes
SELECT id, name FROM people WHERE name LIKE '%"DJ"%'
--> id:integer, name:varchar
["4", "Dmitri \"DJ\" Jones"]

=== proj-like-unicode-prefix
SELECT id FROM people WHERE name LIKE 'Zo%'
--> id:integer
["6"]

=== proj-between
@ordered
SELECT id FROM people WHERE age BETWEEN 30 AND 45 ORDER BY id
--> id:integer
["1"]
["2"]
["6"]

=== proj-in-list-desc
@ordered
SELECT id FROM people WHERE dept IN ('ops', 'sales') ORDER BY id DESC
--> id:integer
["7"]
["4"]
["2"]

=== proj-negative-double
SELECT id, score FROM people WHERE score < 0
--> id:integer, score:double
["5", "-3.5"]

=== proj-decimal-column
SELECT salary FROM people WHERE id = 1
--> salary:decimal
["85000.50"]

=== proj-date-and-timestamp-columns
# A Parquet timestamp reads as timestamp(3): milliseconds always printed.
SELECT joined, last_login FROM people WHERE id = 4
--> joined:date, last_login:timestamp
["2022-01-10", "2023-12-31 12:00:00.500"]

=== proj-boolean-false
SELECT active FROM people WHERE id = 2
--> active:boolean
["false"]

=== proj-literal-types
# Trino: 2.5 is decimal(2,1), 1e1 is double (printed as Java prints it), a TIMESTAMP literal has the precision it is written with.
SELECT 1 AS one, 'x' AS s, 2.5 AS d, 1e1 AS e, true AS b, DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05.000' AS ts
--> one:integer, s:varchar, d:decimal, e:double, b:boolean, dt:date, ts:timestamp
["1", "x", "2.5", "10.0", "true", "2024-01-02", "2024-01-02 03:04:05.000"]

=== proj-distinct-with-null
SELECT DISTINCT dept FROM people
--> dept:varchar
["eng"]
["sales"]
["ops"]
[null]

=== proj-alias-and-table-alias
SELECT id, name AS full_name FROM people p WHERE p.id = 6
--> id:integer, full_name:varchar
["6", "Zoë Ünal"]

=== proj-star-every-type
SELECT * FROM people WHERE id = 2
--> id:integer, name:varchar, age:integer, salary:decimal, score:double, active:boolean, dept:varchar, joined:date, last_login:timestamp, tags:array
["2", "Bob", "45", "62000.00", "78.25", "false", "sales", "2015-07-01", "2024-02-29 23:59:59.000", "[b]"]

=== proj-array-column
SELECT id, tags FROM people WHERE id IN (4, 5)
--> id:integer, tags:array
["4", "[c, a, b]"]
["5", "[]"]

=== proj-not-with-null
# NOT NULL is NULL, so id 4 (active NULL) is not selected.
SELECT count(*) AS n FROM people WHERE NOT active
--> n:bigint
["2"]

=== proj-expression-column-name
# An unaliased expression is named _colN by its position (Trino).
SELECT id, id + 1 FROM people WHERE id = 1
--> id:integer, _col1:integer
["1", "2"]

=== proj-where-on-bigint-and-timestamp
SELECT order_id FROM orders WHERE ordered_at BETWEEN TIMESTAMP '2024-03-01 00:00:00' AND TIMESTAMP '2024-03-03 00:00:00'
--> order_id:bigint
["105"]
["106"]
