# ORDER BY with NULLS FIRST/LAST (Trino's default is NULLS LAST for ASC and DESC alike),
# LIMIT, OFFSET, FETCH FIRST.

=== ord-nulls-first
@ordered
SELECT id, age FROM people ORDER BY age NULLS FIRST
--> id:integer, age:integer
["3", null]
["7", "23"]
["4", "28"]
["1", "34"]
["6", "39"]
["2", "45"]
["5", "51"]

=== ord-desc-default-nulls-last
@ordered
SELECT id, age FROM people ORDER BY age DESC
--> id:integer, age:integer
["5", "51"]
["2", "45"]
["6", "39"]
["1", "34"]
["4", "28"]
["7", "23"]
["3", null]

=== ord-limit
@ordered
SELECT id FROM people ORDER BY age ASC NULLS LAST LIMIT 3
--> id:integer
["7"]
["4"]
["1"]

=== ord-offset
@ordered
SELECT id FROM people ORDER BY id OFFSET 5
--> id:integer
["6"]
["7"]

=== ord-offset-fetch
@ordered
SELECT id FROM people ORDER BY id OFFSET 2 ROWS FETCH NEXT 2 ROWS ONLY
--> id:integer
["3"]
["4"]

=== ord-offset-limit
@ordered
SELECT id FROM people ORDER BY id OFFSET 1 LIMIT 2
--> id:integer
["2"]
["3"]

=== ord-strings-empty-first
@ordered
SELECT name FROM people WHERE name IS NOT NULL ORDER BY name
--> name:varchar
[""]
["Alice"]
["Bob"]
["Carmen Ruiz"]
["Dmitri \"DJ\" Jones"]
["Zoë Ünal"]

=== ord-desc-nulls-first-then-asc
@ordered
SELECT dept, id FROM people ORDER BY dept DESC NULLS FIRST, id
--> dept:varchar, id:integer
[null, "5"]
["sales", "2"]
["sales", "7"]
["ops", "4"]
["eng", "1"]
["eng", "3"]
["eng", "6"]

=== ord-ordinal
@ordered
SELECT id FROM people ORDER BY 1 DESC LIMIT 1
--> id:integer
["7"]

=== ord-limit-in-subquery
SELECT count(*) AS n FROM (SELECT id FROM people LIMIT 3)
--> n:bigint
["3"]

=== ord-double-desc-limit
@ordered
SELECT id, score FROM people ORDER BY score DESC NULLS LAST LIMIT 2
--> id:integer, score:double
["1", "91.5"]
["6", "88.0"]

=== ord-by-expression-not-selected
@ordered
SELECT name FROM people WHERE id IN (1, 2, 6) ORDER BY length(name) DESC, name
--> name:varchar
["Zoë Ünal"]
["Alice"]
["Bob"]

=== ord-fetch-first-with-ties
# The three ties have no order among themselves: compared as a set.
SELECT order_id, unit_price FROM orders ORDER BY unit_price FETCH FIRST 1 ROWS WITH TIES
--> order_id:bigint, unit_price:decimal
["101", "2.50"]
["103", "2.50"]
["105", "2.50"]
