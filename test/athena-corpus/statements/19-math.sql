# Mathematical, trigonometric, rounding and bitwise functions
# (https://trino.io/docs/current/functions/math.html, functions/bitwise.html). Where the function
# pages give only signatures, the values are the ones Trino's own function tests assert
# (trinodb/trino TestMathFunctions): round, ceiling, floor and truncate keep the argument's type
# ("same as input"), so a decimal stays a decimal; doubles print as Java's Double.toString.

=== math-abs-keeps-type
SELECT abs(-123) AS i, abs(BIGINT '-123') AS b, abs(-123.45e0) AS d, abs(DECIMAL '-123.45') AS m
--> i:integer, b:bigint, d:double, m:decimal
["123", "123", "123.45", "123.45"]

=== math-ceiling-floor-decimal
# ceiling/floor of decimal(p, s) is a decimal of scale 0.
SELECT ceiling(DECIMAL '123.45') AS a, ceil(DECIMAL '-123.45') AS b, floor(DECIMAL '-123.45') AS c, floor(DECIMAL '-999.9') AS d
--> a:decimal, b:decimal, c:decimal, d:decimal
["124", "-123", "-124", "-1000"]

=== math-ceiling-floor-integer
@gap ceil/floor of an integer or bigint return double
# Of an integral argument, ceiling/floor keep its type.
SELECT ceil(-123) AS a, floor(BIGINT '123') AS b
--> a:integer, b:bigint
["-123", "123"]

=== math-ceiling-floor-double
SELECT ceiling(123.45e0) AS c, floor(-123.45e0) AS d
--> c:double, d:double
["124.0", "-124.0"]

=== math-round-decimal-keeps-scale
@gap round(decimal, d) drops the scale (3.400 prints 3.4)
# round(decimal(p, s), d) keeps scale s and rounds half away from zero.
SELECT round(DECIMAL '3.449', 1) AS a, round(DECIMAL '3.450', 1) AS b, round(DECIMAL '-3.450', 1) AS c, round(DECIMAL '9.99', 1) AS d, round(DECIMAL '1234.5678', -2) AS e
--> a:decimal, b:decimal, c:decimal, d:decimal, e:decimal
["3.400", "3.500", "-3.500", "10.00", "1200.0000"]

=== math-round-decimal-to-integer
SELECT round(DECIMAL '3.50') AS a, round(DECIMAL '-3.50') AS b, round(DECIMAL '3.49') AS c, round(DECIMAL '9999.9') AS d
--> a:decimal, b:decimal, c:decimal, d:decimal
["4", "-4", "3", "10000"]

=== math-round-integer-negative-digits
SELECT round(12355, -2) AS a, round(12345, -2) AS b, round(-99, -1) AS c, round(3, 1) AS d, round(BIGINT '3999999999', -1) AS e
--> a:integer, b:integer, c:integer, d:integer, e:bigint
["12400", "12300", "-100", "3", "4000000000"]

=== math-round-double-digits
# Half away from zero; round(-0.3) is negative zero, which Java prints as -0.0.
SELECT round(3.499e0, 1) AS a, round(-3.99e0, 1) AS b, round(-3.5e0) AS c, round(3.499e0) AS d, round(-0.3e0) AS e
--> a:double, b:double, c:double, d:double, e:double
["3.5", "-4.0", "-4.0", "3.0", "-0.0"]

=== math-truncate-decimal
@gap truncate(decimal, d) drops the scale (1234.50 prints 1234.5)
SELECT truncate(DECIMAL '1234.56') AS a, truncate(DECIMAL '-1234.56') AS b, truncate(DECIMAL '1234.56', 1) AS c, truncate(DECIMAL '1239.999', -2) AS d
--> a:decimal, b:decimal, c:decimal, d:decimal
["1234", "-1234", "1234.50", "1200.000"]

=== math-truncate-double
SELECT truncate(17.88e0) AS a, truncate(-17.18e0) AS b
--> a:double, b:double
["17.0", "-17.0"]

=== math-mod-signs-and-decimals
# mod takes the dividend's sign; of decimals it is a decimal of the larger scale.
SELECT mod(11, -3) AS a, mod(-11, 3) AS b, mod(BIGINT '-10', BIGINT '3') AS c, mod(DECIMAL '-13.0', DECIMAL '5.0') AS d, mod(DECIMAL '5.0', DECIMAL '2.05') AS e
--> a:integer, b:integer, c:bigint, d:decimal, e:decimal
["2", "-2", "-1", "-3.0", "0.90"]

=== math-power-sqrt
SELECT pow(5.0e0, 2.0e0) AS a, power(2, -2) AS b, power(10, 3) AS c, sqrt(2) AS d, sqrt(0) AS e
--> a:double, b:double, c:double, d:double, e:double
["25.0", "0.25", "1000.0", "1.4142135623730951", "0.0"]

=== math-exp-ln-log
SELECT exp(0) AS a, ln(1) AS b, log10(1000) AS c, log2(8) AS d, log(2, 8) AS e
--> a:double, b:double, c:double, d:double, e:double
["1.0", "0.0", "3.0", "3.0", "3.0"]

=== math-constants
SELECT pi() AS p, e() AS e
--> p:double, e:double
["3.141592653589793", "2.718281828459045"]

=== math-trig-exact-values
SELECT sin(0) AS a, cos(0) AS b, tan(0) AS c, asin(1) AS d, acos(1) AS e, atan2(0, 1) AS f, cosh(0) AS g, tanh(0) AS h
--> a:double, b:double, c:double, d:double, e:double, f:double, g:double, h:double
["0.0", "1.0", "0.0", "1.5707963267948966", "0.0", "0.0", "1.0", "0.0"]

=== math-degrees-radians
SELECT degrees(pi()) AS d, radians(180) AS r
--> d:double, r:double
["180.0", "3.141592653589793"]

=== math-nan-infinity
SELECT nan() AS a, infinity() AS b, -infinity() AS c, is_nan(nan()) AS d, is_infinite(1e0 / 0e0) AS e, is_finite(100000) AS f, is_nan(0e0 / 0e0) AS g
--> a:double, b:double, c:double, d:boolean, e:boolean, f:boolean, g:boolean
["NaN", "Infinity", "-Infinity", "true", "true", "true", "true"]

=== math-sign-keeps-type
@gap sign of a decimal returns double, Trino decimal(1,0)
# sign of a decimal is decimal(1,0); of a double, a double (±1.0 for ±Infinity).
SELECT sign(-123) AS a, sign(BIGINT '0') AS b, sign(DECIMAL '-123.45') AS c, sign(2.5e0) AS d, sign(-infinity()) AS e
--> a:integer, b:bigint, c:decimal, d:double, e:double
["-1", "0", "-1", "1.0", "-1.0"]

=== math-greatest-least
# NULL if any argument is NULL; mixed integer/double arguments are compared as double.
SELECT greatest(1.5e0, 2.3e0) AS a, least(-1.5e0, -2.3e0, -5/3) AS b, greatest(5, 4, CAST(NULL AS integer), 3) AS c, greatest(1, 20000000000) AS d, least(1.0, -2.0) AS e
--> a:double, b:double, c:integer, d:bigint, e:decimal
["2.3", "-2.3", null, "20000000000", "-2.0"]

=== math-width-bucket
@gap width_bucket is not implemented
SELECT width_bucket(3.14e0, 0, 4, 3) AS a, width_bucket(2, 0, 4, 3) AS b, width_bucket(-1, 0, 3.2e0, 4) AS c, width_bucket(infinity(), 0, 4, 3) AS d, width_bucket(3.14e0, ARRAY[0.0e0, 2.0e0, 4.0e0]) AS e
--> a:bigint, b:bigint, c:bigint, d:bigint, e:bigint
["3", "2", "0", "4", "2"]

=== math-base-conversion
SELECT to_base(255, 2) AS a, to_base(-2147483647, 16) AS b, from_base('80000000', 16) AS c, from_base('-7fffffff', 16) AS d
--> a:varchar, b:varchar, c:bigint, d:bigint
["11111111", "-7fffffff", "2147483648", "-2147483647"]

=== math-bitwise-and-or-xor-not
@gap bitwise_and/or/xor/not of integers return integer, Trino bigint
# 19 = 10011, 25 = 11001; NOT x = -x - 1.
SELECT bitwise_and(19, 25) AS a, bitwise_or(19, 25) AS o, bitwise_xor(19, 25) AS x, bitwise_not(19) AS n, bitwise_not(-12) AS m
--> a:bigint, o:bigint, x:bigint, n:bigint, m:bigint
["17", "27", "10", "-20", "11"]

=== math-bit-count
@gap bit_count(x, bits) is not implemented
SELECT bit_count(9, 64) AS a, bit_count(9, 8) AS b, bit_count(-7, 64) AS c, bit_count(-7, 8) AS d
--> a:bigint, b:bigint, c:bigint, d:bigint
["2", "2", "62", "6"]

=== math-bitwise-shifts
@gap bitwise_left_shift/bitwise_right_shift are not implemented
SELECT bitwise_left_shift(1, 2) AS a, bitwise_left_shift(5, 2) AS b, bitwise_right_shift(8, 3) AS c, bitwise_right_shift(9, 1) AS d
--> a:integer, b:integer, c:integer, d:integer
["4", "20", "1", "4"]

=== math-random-bounds
@gap random(m, n) and rand(n) of integers return bigint, Trino integer
# random(m, n) is in [m, n) and keeps the argument type, so random(5, 6) is always 5.
SELECT random(5, 6) AS a, rand(1) AS b, random() >= 0 AND random() < 1 AS c
--> a:integer, b:integer, c:boolean
["5", "0", "true"]

=== math-normal-cdf
@gap normal_cdf is not implemented
SELECT normal_cdf(10, 9, 10) AS a, normal_cdf(0, 1, 1.96) AS b, normal_cdf(0, 1, infinity()) AS c
--> a:double, b:double, c:double
["0.5", "0.9750021048517796", "1.0"]

=== math-cosine-similarity-map
@gap cosine_similarity is not implemented
SELECT cosine_similarity(MAP(ARRAY['a'], ARRAY[1.0e0]), MAP(ARRAY['a'], ARRAY[2.0e0])) AS s
--> s:double
["1.0"]
