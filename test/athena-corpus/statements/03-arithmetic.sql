# Arithmetic. Trino: integer division truncates toward zero, % takes the dividend's sign;
# decimal literals are DECIMAL (not DOUBLE); decimal division keeps scale max(s1, s2) and rounds
# half up (https://trino.io/docs/current/language/types.html#decimal, functions/decimal.html).
# Doubles are rendered as Java's Double.toString: 1.0, 0.5, 1.0E7, 1.0E-4.

=== arith-integer-division-and-mod
SELECT 7 / 2 AS a, -7 / 2 AS b, 7 % 3 AS c, -7 % 3 AS d, mod(7, -3) AS e
--> a:integer, b:integer, c:integer, d:integer, e:integer
["3", "-3", "1", "-1", "1"]

=== arith-integer-by-decimal
SELECT 7 / 2.0 AS a, 7.0 / 2 AS b
--> a:decimal, b:decimal
["3.5", "3.5"]

=== arith-decimal-division-rounds-to-scale
# 1.0 / 3: scale max(1, 0) = 1, rounded half up.
SELECT 1.0 / 3 AS a, 2.0 / 3 AS b
--> a:decimal, b:decimal
["0.3", "0.7"]

=== arith-double-division
SELECT 7e0 / 2 AS a, 1e0 / 3 AS b
--> a:double, b:double
["3.5", "0.3333333333333333"]

=== arith-decimal-exact-double-not
SELECT 0.1 + 0.2 AS d, 0.1e0 + 0.2e0 AS f
--> d:decimal, f:double
["0.3", "0.30000000000000004"]

=== arith-double-rounding
# round() on a double rounds half away from zero and stays double.
SELECT round(2.5e0) AS a, round(-2.5e0) AS b, round(2.567e0, 2) AS c, round(1234.5678e0, -2) AS d
--> a:double, b:double, c:double, d:double
["3.0", "-3.0", "2.57", "1200.0"]

=== arith-decimal-times-integer
SELECT salary * 2 AS s FROM people WHERE id = 1
--> s:decimal
["170001.00"]

=== arith-sum-decimal
SELECT sum(salary) AS s FROM people
--> s:decimal
["476001.50"]

=== arith-avg-decimal
# avg(decimal(p,s)) is a decimal of scale s: 476001.50 / 6 = 79333.583… → 79333.58.
SELECT avg(salary) AS a FROM people
--> a:decimal
["79333.58"]

=== arith-math-functions
SELECT abs(-5) AS a, ceil(1.2e0) AS b, floor(-1.2e0) AS c, power(2, 10) AS d, sqrt(16) AS e
--> a:integer, b:double, c:double, d:double, e:double
["5", "2.0", "-2.0", "1024.0", "4.0"]

=== arith-java-double-rendering
SELECT 10000000e0 AS a, 0.0001e0 AS b, 123456789.0e0 AS c, 1.5e-7 AS d, 0.001e0 AS e, 1234567.0e0 AS f
--> a:double, b:double, c:double, d:double, e:double, f:double
["1.0E7", "1.0E-4", "1.23456789E8", "1.5E-7", "0.001", "1234567.0"]

=== arith-cast-to-double
SELECT CAST(1 AS double) AS a, CAST(0.5 AS double) AS b, CAST(-0.0e0 AS double) + 0 AS c
--> a:double, b:double, c:double
["1.0", "0.5", "0.0"]

=== arith-truncate-sign-precedence
SELECT truncate(-2.7e0) AS t, sign(-3) AS s, 17 / 5 * 5 + 17 % 5 AS r
--> t:double, s:integer, r:integer
["-2.0", "-1", "17"]

=== arith-qty-times-price
SELECT qty * unit_price AS total FROM orders WHERE order_id = 104
--> total:decimal
["14.50"]

=== arith-casts-round-half-up
# Casting a decimal or double to an integral type rounds (half away from zero); it does not truncate.
SELECT CAST(3.14159 AS decimal(5,2)) AS d, CAST(2.5 AS integer) AS i, CAST(-2.5 AS integer) AS j, CAST(2.5e0 AS bigint) AS k
--> d:decimal, i:integer, j:integer, k:bigint
["3.14", "3", "-3", "3"]

=== arith-bigint-promotion
SELECT order_id * 1000000000 AS big FROM orders WHERE order_id = 101
--> big:bigint
["101000000000"]

=== arith-double-mixed-with-integer
SELECT score + age AS x FROM people WHERE id = 1
--> x:double
["125.5"]
