# Joins: inner, left, right, full, cross, self, on expressions, USING, across databases.

=== join-inner
@ordered
SELECT o.order_id, p.name FROM orders o JOIN people p ON o.person_id = p.id ORDER BY o.order_id
--> order_id:bigint, name:varchar
["101", "Alice"]
["102", "Alice"]
["103", "Bob"]
["104", "Dmitri \"DJ\" Jones"]
["107", "Zoë Ünal"]
["108", "Bob"]

=== join-left-anti
@ordered
SELECT o.order_id, p.name FROM orders o LEFT JOIN people p ON o.person_id = p.id WHERE p.id IS NULL ORDER BY o.order_id
--> order_id:bigint, name:varchar
["105", null]
["106", null]

=== join-right-with-count
@ordered
SELECT p.id, count(o.order_id) AS n FROM orders o RIGHT JOIN people p ON o.person_id = p.id GROUP BY p.id ORDER BY p.id
--> id:integer, n:bigint
["1", "2"]
["2", "2"]
["3", "0"]
["4", "1"]
["5", "0"]
["6", "1"]
["7", "0"]

=== join-full-outer-unmatched
SELECT p.id, o.order_id FROM people p FULL OUTER JOIN orders o ON p.id = o.person_id WHERE p.id IS NULL OR o.order_id IS NULL
--> id:integer, order_id:bigint
["3", null]
["5", null]
["7", null]
[null, "105"]
[null, "106"]

=== join-cross
SELECT count(*) AS n FROM people CROSS JOIN orders
--> n:bigint
["56"]

=== join-self
SELECT a.id AS a_id, b.id AS b_id FROM people a JOIN people b ON a.dept = b.dept AND a.id < b.id
--> a_id:integer, b_id:integer
["1", "3"]
["1", "6"]
["3", "6"]
["2", "7"]

=== join-on-expression-cross-database
@ordered
SELECT p.id, d.title FROM people p JOIN corpus_ref.departments d ON upper(p.dept) = upper(d.code) ORDER BY p.id
--> id:integer, title:varchar
["1", "Engineering, Platform"]
["2", "Sales"]
["3", "Engineering, Platform"]
["4", "Ops \"24/7\""]
["6", "Engineering, Platform"]
["7", "Sales"]

=== join-using
SELECT person_id, count(*) AS n FROM orders JOIN (SELECT id AS person_id FROM people WHERE active) USING (person_id) GROUP BY person_id
--> person_id:integer, n:bigint
["1", "2"]

=== join-non-equi-condition
@ordered
SELECT o.order_id FROM orders o JOIN people p ON o.person_id = p.id AND o.ordered_at > p.last_login ORDER BY o.order_id
--> order_id:bigint
["101"]
["102"]
["104"]
["107"]
["108"]

=== join-three-tables-csv-int-column
SELECT d.code, d.floor, sum(o.qty) AS q FROM orders o JOIN people p ON o.person_id = p.id JOIN corpus_ref.departments d ON d.code = p.dept GROUP BY d.code, d.floor
--> code:varchar, floor:integer, q:bigint
["eng", "3", "5"]
["sales", "1", "14"]
["ops", "2", "2"]

=== join-left-condition-in-on
@ordered
SELECT p.id, o.order_id FROM people p LEFT JOIN orders o ON o.person_id = p.id AND o.status = 'pending' WHERE p.id <= 2 ORDER BY p.id
--> id:integer, order_id:bigint
["1", "102"]
["2", null]

=== join-null-keys-never-match
SELECT count(*) AS n FROM orders a JOIN orders b ON a.person_id = b.person_id
--> n:bigint
["11"]

=== join-implicit-comma
SELECT count(*) AS n FROM people p, orders o WHERE p.id = o.person_id AND o.product = 'widget'
--> n:bigint
["2"]
