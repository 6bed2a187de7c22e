# WITH: several CTEs, chained, referenced twice, shadowing a table name.

=== cte-chained-two
@ordered
WITH a AS (SELECT id, dept FROM people WHERE active), b AS (SELECT dept, count(*) AS n FROM a GROUP BY dept) SELECT dept, n FROM b ORDER BY n DESC, dept
--> dept:varchar, n:bigint
["eng", "2"]
["sales", "1"]
[null, "1"]

=== cte-chained-three
WITH t AS (SELECT 1 AS x), u AS (SELECT x + 1 AS y FROM t), v AS (SELECT y * 10 AS z FROM u) SELECT z FROM v
--> z:integer
["20"]

=== cte-referenced-twice
WITH o AS (SELECT person_id, qty FROM orders) SELECT (SELECT sum(qty) FROM o) AS total, (SELECT count(*) FROM o WHERE person_id IS NULL) AS orphan
--> total:bigint, orphan:bigint
["28", "1"]

=== cte-latest-per-key
@ordered
WITH ranked AS (SELECT person_id, order_id, row_number() OVER (PARTITION BY person_id ORDER BY ordered_at DESC) AS rn FROM orders WHERE person_id IS NOT NULL)
SELECT person_id, order_id FROM ranked WHERE rn = 1 ORDER BY person_id
--> person_id:integer, order_id:bigint
["1", "102"]
["2", "108"]
["4", "104"]
["6", "107"]
["9", "105"]

=== cte-shadows-table
WITH people AS (SELECT 42 AS id) SELECT id FROM people
--> id:integer
["42"]

=== cte-join-two-ctes
WITH buyers AS (SELECT DISTINCT person_id FROM orders), named AS (SELECT id, name FROM people WHERE name <> '')
SELECT count(*) AS n FROM buyers b JOIN named n ON b.person_id = n.id
--> n:bigint
["4"]
