# UNION / UNION ALL / INTERSECT / EXCEPT: set operations treat NULLs as equal; UNION, INTERSECT
# and EXCEPT remove duplicates; column types are coerced to a common super type.

=== set-union-distinct
SELECT dept FROM people WHERE id <= 2 UNION SELECT dept FROM people WHERE id >= 6
--> dept:varchar
["eng"]
["sales"]

=== set-union-all
SELECT dept FROM people WHERE id <= 2 UNION ALL SELECT dept FROM people WHERE id >= 6
--> dept:varchar
["eng"]
["sales"]
["eng"]
["sales"]

=== set-intersect
SELECT person_id FROM orders INTERSECT SELECT id FROM people
--> person_id:integer
["1"]
["2"]
["4"]
["6"]

=== set-except
SELECT id FROM people EXCEPT SELECT person_id FROM orders
--> id:integer
["3"]
["5"]
["7"]

=== set-union-all-order-by
@ordered
SELECT 1 AS x UNION ALL SELECT 2 ORDER BY x DESC
--> x:integer
["2"]
["1"]

=== set-union-null
SELECT 'a' AS c UNION SELECT NULL
--> c:varchar
["a"]
[null]

=== set-union-type-coercion
SELECT 1 AS v UNION ALL SELECT 2.5
--> v:decimal
["1.0"]
["2.5"]

=== set-intersect-nulls-equal
SELECT CAST(NULL AS integer) AS n INTERSECT SELECT CAST(NULL AS integer)
--> n:integer
[null]

=== set-except-all-duplicates-removed
SELECT product FROM orders EXCEPT SELECT 'gizmo'
--> product:varchar
["widget"]
["gadget"]
