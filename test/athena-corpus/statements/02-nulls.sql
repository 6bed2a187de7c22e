# NULL semantics: three-valued logic, COALESCE, NULLIF, aggregates skipping NULLs.

=== null-or-is-null
SELECT count(*) AS n FROM people WHERE age > 30 OR age IS NULL
--> n:bigint
["5"]

=== null-count-column-vs-star
SELECT count(age) AS c, count(*) AS n FROM people
--> c:bigint, n:bigint
["6", "7"]

=== null-comparisons
SELECT NULL = NULL AS a, NULL IS NULL AS b, 1 <> NULL AS c
--> a:boolean, b:boolean, c:boolean
[null, "true", null]

=== null-three-valued-logic
SELECT true AND NULL AS a, false AND NULL AS b, true OR NULL AS c, false OR NULL AS d, NOT CAST(NULL AS boolean) AS e
--> a:boolean, b:boolean, c:boolean, d:boolean, e:boolean
[null, "false", "true", null, null]

=== null-coalesce
@ordered
SELECT id, COALESCE(name, '(none)') AS n FROM people WHERE id IN (5, 7) ORDER BY id
--> id:integer, n:varchar
["5", ""]
["7", "(none)"]

=== null-nullif
SELECT NULLIF(dept, 'eng') AS d FROM people WHERE id IN (1, 2)
--> d:varchar
[null]
["sales"]

=== null-not-equal-skips-null
SELECT id FROM people WHERE dept <> 'eng'
--> id:integer
["2"]
["4"]
["7"]

=== null-not-in-with-null-in-subquery
# x NOT IN (…, NULL, …) is never true: no row.
SELECT id FROM people WHERE id NOT IN (SELECT age FROM people)
--> id:integer

=== null-aggregates-skip-null
# sum(integer) is bigint, avg(integer) is double, min/max keep integer.
SELECT sum(age) AS s, avg(age) AS a, min(age) AS mn, max(age) AS mx FROM people
--> s:bigint, a:double, mn:integer, mx:integer
["220", "36.666666666666664", "23", "51"]

=== null-sum-of-nothing
SELECT sum(age) AS s, count(age) AS c FROM people WHERE id > 100
--> s:bigint, c:bigint
[null, "0"]

=== null-and-empty-excluded
SELECT count(*) AS n FROM people WHERE name IS NOT NULL AND name <> ''
--> n:bigint
["5"]

=== null-coalesce-literals
SELECT coalesce(NULL, NULL, 3) AS c
--> c:integer
["3"]

=== null-is-distinct-from
@ordered
SELECT id, dept IS DISTINCT FROM 'eng' AS x FROM people WHERE id IN (1, 5) ORDER BY id
--> id:integer, x:boolean
["1", "false"]
["5", "true"]

=== null-if-null-condition-takes-else
SELECT IF(age > 40, 'old', 'young') AS g, count(*) AS n FROM people GROUP BY 1
--> g:varchar, n:bigint
["old", "2"]
["young", "5"]

=== null-group-by-null-key
SELECT dept, count(*) AS n FROM people WHERE dept IS NULL GROUP BY dept
--> dept:varchar, n:bigint
[null, "1"]
