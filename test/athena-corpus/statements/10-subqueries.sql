# Subqueries: IN, EXISTS, scalar, correlated, quantified comparisons.

=== sub-in
@ordered
SELECT name FROM people WHERE id IN (SELECT person_id FROM orders WHERE status = 'shipped') ORDER BY name
--> name:varchar
["Alice"]
["Bob"]
["Zoë Ünal"]

=== sub-exists-correlated
@ordered
SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id AND o.qty >= 4) ORDER BY p.id
--> id:integer
["2"]

=== sub-not-exists
@ordered
SELECT p.id FROM people p WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id) ORDER BY p.id
--> id:integer
["3"]
["5"]
["7"]

=== sub-scalar
@ordered
SELECT id, age - (SELECT min(age) FROM people) AS above_min FROM people WHERE id IN (1, 3) ORDER BY id
--> id:integer, above_min:integer
["1", "11"]
["3", null]

=== sub-scalar-correlated
@ordered
SELECT p.id, (SELECT sum(o.qty) FROM orders o WHERE o.person_id = p.id) AS q FROM people p ORDER BY p.id
--> id:integer, q:bigint
["1", "4"]
["2", "14"]
["3", null]
["4", "2"]
["5", null]
["6", "1"]
["7", null]

=== sub-derived-table
SELECT max(n) AS m FROM (SELECT person_id, count(*) AS n FROM orders GROUP BY person_id) t
--> m:bigint
["2"]

=== sub-all
SELECT id FROM people WHERE age > ALL (SELECT age FROM people WHERE dept = 'sales')
--> id:integer
["5"]

=== sub-any
@ordered
SELECT id FROM people WHERE age = ANY (SELECT age FROM people WHERE dept = 'eng') ORDER BY id
--> id:integer
["1"]
["6"]

=== sub-in-where-and-select
@ordered
SELECT id, id IN (SELECT person_id FROM orders WHERE person_id IS NOT NULL) AS buyer FROM people WHERE id <= 3 ORDER BY id
--> id:integer, buyer:boolean
["1", "true"]
["2", "true"]
["3", "false"]
