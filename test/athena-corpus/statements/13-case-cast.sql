# CASE, IF, CAST and TRY_CAST (https://trino.io/docs/current/functions/conversion.html).

=== case-searched
@ordered
SELECT id, CASE WHEN age < 30 THEN 'junior' WHEN age < 45 THEN 'mid' ELSE 'senior' END AS band FROM people ORDER BY id
--> id:integer, band:varchar
["1", "mid"]
["2", "senior"]
["3", "senior"]
["4", "junior"]
["5", "senior"]
["6", "mid"]
["7", "junior"]

=== case-simple-no-else
SELECT CASE dept WHEN 'eng' THEN 1 WHEN 'sales' THEN 2 END AS code, count(*) AS n FROM people GROUP BY 1
--> code:integer, n:bigint
["1", "3"]
["2", "2"]
[null, "2"]

=== cast-basics
# 12.345 cast to decimal(10,2) rounds half up.
SELECT CAST('42' AS integer) AS a, CAST(42 AS varchar) AS b, CAST('3.5' AS double) AS c, CAST('12.345' AS decimal(10,2)) AS d, CAST(true AS varchar) AS e
--> a:integer, b:varchar, c:double, d:decimal, e:varchar
["42", "42", "3.5", "12.35", "true"]

=== cast-try
SELECT TRY_CAST('abc' AS integer) AS a, TRY_CAST('2024-13-01' AS date) AS b, TRY_CAST('12' AS bigint) AS c
--> a:integer, b:date, c:bigint
[null, null, "12"]

=== cast-double-to-varchar
SELECT CAST(1.5e0 AS varchar) AS a, CAST(1e7 AS varchar) AS b
--> a:varchar, b:varchar
["1.5", "1.0E7"]

=== cast-integer-column-to-varchar
SELECT CAST(age AS varchar) || 'y' AS a FROM people WHERE id = 1
--> a:varchar
["34y"]

=== if-without-else
SELECT id, IF(active, 'yes') AS a FROM people WHERE id IN (1, 2)
--> id:integer, a:varchar
["1", "yes"]
["2", null]

=== typeof-literals-and-columns
SELECT typeof(1) AS a, typeof(1.5) AS b, typeof(1e0) AS c, typeof('x') AS d, typeof(salary) AS e, typeof(last_login) AS f FROM people WHERE id = 1
--> a:varchar, b:varchar, c:varchar, d:varchar, e:varchar, f:varchar
["integer", "decimal(2,1)", "double", "varchar(1)", "decimal(10,2)", "timestamp(3)"]

=== cast-bigint-to-double-division
SELECT CAST(CAST(3 AS bigint) AS double) / 2 AS h
--> h:double
["1.5"]

=== cast-timestamp-precision-6
SELECT CAST('2024-01-02 03:04:05.123456' AS timestamp(6)) AS t
--> t:timestamp
["2024-01-02 03:04:05.123456"]

=== cast-decimal-column-to-bigint-rounds
SELECT CAST(salary AS bigint) AS s FROM people WHERE id = 3
--> s:bigint
["71001"]

=== case-in-aggregate
SELECT sum(CASE WHEN status = 'shipped' THEN qty ELSE 0 END) AS shipped, sum(CASE WHEN status <> 'shipped' THEN qty END) AS other FROM orders
--> shipped:bigint, other:bigint
["23", "5"]

=== cast-boolean-and-varchar-to-boolean
SELECT CAST('true' AS boolean) AS a, CAST(0 AS boolean) AS b, CAST(active AS integer) AS c FROM people WHERE id = 1
--> a:boolean, b:boolean, c:integer
["true", "false", "1"]
