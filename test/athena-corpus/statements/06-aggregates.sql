# Aggregates (https://trino.io/docs/current/functions/aggregate.html), GROUP BY, HAVING,
# ROLLUP and GROUPING SETS. approx_distinct is exact on this little data.

=== agg-group-by-with-null-group
SELECT dept, count(*) AS n, sum(age) AS s FROM people GROUP BY dept
--> dept:varchar, n:bigint, s:bigint
["eng", "3", "73"]
["sales", "2", "68"]
["ops", "1", "28"]
[null, "1", "51"]

=== agg-count-distinct
SELECT count(DISTINCT dept) AS d, count(DISTINCT person_id) AS p FROM people CROSS JOIN (SELECT person_id FROM orders)
--> d:bigint, p:bigint
["3", "5"]

=== agg-count-if-bool-and-or
SELECT count_if(active) AS a, bool_and(active) AS b, bool_or(active) AS c, every(active) AS d FROM people
--> a:bigint, b:boolean, c:boolean, d:boolean
["4", "false", "true", "false"]

=== agg-min-max-decimal
SELECT product, sum(qty) AS q, min(unit_price) AS lo, max(unit_price) AS hi FROM orders GROUP BY product
--> product:varchar, q:bigint, lo:decimal, hi:decimal
["widget", "18", "2.50", "2.50"]
["gadget", "7", "9.50", "10.00"]
["gizmo", "3", "7.25", "7.25"]

=== agg-having
SELECT dept, count(*) AS n FROM people GROUP BY dept HAVING count(*) > 1
--> dept:varchar, n:bigint
["eng", "3"]
["sales", "2"]

=== agg-array-agg-ordered
SELECT array_agg(id ORDER BY id DESC) AS ids FROM people WHERE dept = 'eng'
--> ids:array
["[6, 3, 1]"]

=== agg-max-by-min-by
# max_by/min_by return the value of the row with the max/min key, even when that value is '' or NULL.
SELECT max_by(name, age) AS oldest, min_by(name, age) AS youngest, max_by(id, score) AS best FROM people
--> oldest:varchar, youngest:varchar, best:integer
["", null, "1"]

=== agg-approx-distinct
SELECT approx_distinct(dept) AS a FROM people
--> a:bigint
["3"]

=== agg-order-by-count-nulls-first
@ordered
SELECT person_id, count(*) AS n FROM orders GROUP BY person_id ORDER BY n DESC, person_id NULLS FIRST
--> person_id:integer, n:bigint
["1", "2"]
["2", "2"]
[null, "1"]
["4", "1"]
["6", "1"]
["9", "1"]

=== agg-rollup
# ops appears twice with a NULL active: once as its (ops, NULL) group, once as the ops subtotal.
SELECT dept, active, count(*) AS n FROM people WHERE dept IS NOT NULL GROUP BY ROLLUP (dept, active)
--> dept:varchar, active:boolean, n:bigint
["eng", "true", "2"]
["eng", "false", "1"]
["sales", "false", "1"]
["sales", "true", "1"]
["ops", null, "1"]
["eng", null, "3"]
["sales", null, "2"]
["ops", null, "1"]
[null, null, "6"]

=== agg-sum-of-products
SELECT sum(qty * unit_price) AS revenue FROM orders WHERE status = 'shipped'
--> revenue:decimal
["90.25"]

=== agg-avg-double-skips-null
SELECT avg(score) AS a, sum(score) AS s FROM people
--> a:double, s:double
["62.625", "375.75"]

=== agg-having-no-rows
SELECT count(*) AS n FROM people HAVING count(*) > 100
--> n:bigint

=== agg-filter-clause
SELECT status, count(*) FILTER (WHERE qty > 2) AS big FROM orders GROUP BY status
--> status:varchar, big:bigint
["shipped", "4"]
["pending", "0"]
["cancelled", "0"]

=== agg-grouping-sets
SELECT dept, grouping(dept) AS g, count(*) AS n FROM people WHERE dept = 'eng' GROUP BY GROUPING SETS ((dept), ())
--> dept:varchar, g:bigint, n:bigint
["eng", "0", "3"]
[null, "1", "3"]

=== agg-array-sort-distinct
SELECT array_sort(array_agg(DISTINCT status)) AS s FROM orders
--> s:array
["[cancelled, pending, shipped]"]

=== agg-over-partitions
SELECT sum(value) AS s, count(value) AS c, count(*) AS n FROM events
--> s:double, c:bigint, n:bigint
["14.0", "4", "5"]

=== agg-global-on-empty-input
SELECT count(*) AS n, max(id) AS m, array_agg(id) AS a FROM people WHERE false
--> n:bigint, m:integer, a:array
["0", null, null]

=== agg-group-by-expression-and-ordinal
@ordered
SELECT year(joined) >= 2020 AS recent, count(*) AS n FROM people GROUP BY 1 ORDER BY 1
--> recent:boolean, n:bigint
["false", "4"]
["true", "3"]
