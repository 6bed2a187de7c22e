# Conditional expressions and conversions (https://trino.io/docs/current/functions/conditional.html,
# functions/conversion.html, functions/comparison.html, and Athena engine v3's added functions).
# TRY turns division by zero, invalid casts and out-of-range values into NULL; typeof names Trino's
# types (a string literal is varchar(n)); format follows java.util.Formatter.

=== cond-if-two-and-three-args
SELECT IF(1 > 0, 'High', 'Low') AS a, IF(false, 1, 2) AS b, IF(false, 'x') AS c
--> a:varchar, b:integer, c:varchar
["High", "2", null]

=== cond-coalesce-first-non-null
SELECT coalesce(NULL, 'x', 'y') AS a, coalesce(CAST(NULL AS integer), 7) AS b, coalesce(CAST(NULL AS double), 2) AS c
--> a:varchar, b:integer, c:double
["x", "7", "2.0"]

=== cond-nullif
SELECT nullif(1, 1) AS a, nullif(1, 2) AS b, nullif('a', 'b') AS c
--> a:integer, b:integer, c:varchar
[null, "1", "a"]

=== cond-try-division-by-zero
@gap TRY around a division fails: TRY can not be used in combination with a volatile function
SELECT try(1 / 0) AS a, coalesce(try(10 / 0), 0) AS b, try(10 / 4) AS c
--> a:integer, b:integer, c:integer
[null, "0", "2"]

=== cond-try-cast-in-rows
# The docs' shipping example: an invalid zip code becomes NULL under TRY.
SELECT origin_zip, TRY(CAST(origin_zip AS BIGINT)) AS zip FROM (VALUES '94131', 'P332a', '94025', '08544') AS shipping(origin_zip)
--> origin_zip:varchar, zip:bigint
["94131", "94131"]
["P332a", null]
["94025", "94025"]
["08544", "8544"]

=== cond-try-default-per-package
@gap TRY around a division fails: TRY can not be used in combination with a volatile function
SELECT COALESCE(TRY(total_cost / packages), 0) AS per_package FROM (VALUES (100, 25), (72, 5), (155, 0), (490, 225)) AS shipping(total_cost, packages)
--> per_package:integer
["4"]
["14"]
["0"]
["2"]

=== cond-try-cast-types
SELECT try_cast('12.5' AS double) AS a, try_cast('x' AS double) AS b, try_cast('2024-02-30' AS date) AS c, try_cast('true' AS boolean) AS d, try_cast('300' AS tinyint) AS e
--> a:double, b:double, c:date, d:boolean, e:tinyint
["12.5", null, null, "true", null]

=== cond-typeof-doc
SELECT typeof(123) AS a, typeof('cat') AS b, typeof(cos(2) + 1.5) AS c, typeof(10000000000) AS d, typeof(ARRAY[1, 2]) AS e
--> a:varchar, b:varchar, c:varchar, d:varchar, e:varchar
["integer", "varchar(3)", "double", "bigint", "array(integer)"]

=== cond-typeof-more-types
@gap typeof of X'..' is varchar and map keys lose their varchar(n) length
SELECT typeof(true) AS a, typeof(DATE '2024-01-01') AS b, typeof(X'00') AS c, typeof(CAST(1 AS real)) AS d, typeof(DECIMAL '1.10') AS e, typeof(MAP(ARRAY['a'], ARRAY[1])) AS f
--> a:varchar, b:varchar, c:varchar, d:varchar, e:varchar, f:varchar
["boolean", "date", "varbinary", "real", "decimal(3,2)", "map(varchar(1), integer)"]

=== cond-format-doc
@gap format() is DuckDB's printf: %s of a number, %, grouping and %n$ indexes fail
SELECT format('%s%%', 123) AS a, format('%.5f', pi()) AS b, format('%03d', 8) AS c, format('%,.2f', 1234567.89) AS d, format('%-7s,%7s', 'hello', 'world') AS e, format('%2$s %3$s %1$s', 'a', 'b', 'c') AS f
--> a:varchar, b:varchar, c:varchar, d:varchar, e:varchar, f:varchar
["123%", "3.14159", "008", "1,234,567.89", "hello  ,  world", "b c a"]

=== cond-format-date-doc
@gap format() is DuckDB's printf: no java.util.Formatter %t date conversions
SELECT format('%1$tA, %1$tB %1$te, %1$tY', date '2006-07-04') AS a
--> a:varchar
["Tuesday, July 4, 2006"]

=== cond-format-number-athena-doc
@gap format_number is not implemented
SELECT format_number(123456) AS a, format_number(1000000) AS b
--> a:varchar, b:varchar
["123K", "1M"]

=== cond-parse-data-size-doc
@gap parse_data_size is not implemented
SELECT parse_data_size('1B') AS a, parse_data_size('1kB') AS b, parse_data_size('1MB') AS c, parse_data_size('2.3MB') AS d
--> a:decimal, b:decimal, c:decimal, d:decimal
["1", "1024", "1048576", "2411724"]

=== cond-cast-to-small-integers
# Casts to integral types round half away from zero.
SELECT CAST(127 AS tinyint) AS a, CAST(1.5 AS smallint) AS b, CAST(-1.5e0 AS bigint) AS c, CAST(DECIMAL '-0.5' AS integer) AS d
--> a:tinyint, b:smallint, c:bigint, d:integer
["127", "2", "-2", "-1"]

=== cond-cast-decimal-rescale
SELECT CAST('1.2345' AS decimal(5,2)) AS a, CAST(12.345 AS decimal(4,1)) AS b, CAST(DECIMAL '1.50' AS varchar) AS c, CAST(2 AS decimal(5,2)) AS d
--> a:decimal, b:decimal, c:varchar, d:decimal
["1.23", "12.3", "1.50", "2.00"]

=== cond-cast-to-varchar-types
SELECT CAST(123456789.0e0 AS varchar) AS a, CAST(DATE '2024-01-02' AS varchar) AS b, CAST(-0.5e0 AS varchar) AS c, CAST(-10000000000 AS varchar) AS d
--> a:varchar, b:varchar, c:varchar, d:varchar
["1.23456789E8", "2024-01-02", "-0.5", "-10000000000"]

=== cond-cast-arrays
@gap CAST(array(double) AS array(bigint)) rounds half to even (2.5 -> 2); Trino rounds half away from zero as for a scalar cast
SELECT CAST(ARRAY['1', '2'] AS array(integer)) AS a, CAST(ARRAY[1.5e0, 2.5e0] AS array(bigint)) AS b, CAST(ARRAY[1, 2] AS array(varchar)) AS c
--> a:array, b:array, c:array
["[1, 2]", "[2, 3]", "[1, 2]"]

=== cond-simple-case-null-never-matches
# A simple CASE compares with =, so WHEN NULL never matches.
SELECT CASE CAST(NULL AS integer) WHEN NULL THEN 'eq' ELSE 'ne' END AS a, CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS b
--> a:varchar, b:varchar
["ne", "two"]

=== cond-in-list-with-null
SELECT 1 IN (1, NULL) AS a, 2 IN (1, NULL) AS b, 2 NOT IN (1, NULL) AS c, 3 BETWEEN 1 AND 5 AS d, NULL BETWEEN 1 AND 5 AS e
--> a:boolean, b:boolean, c:boolean, d:boolean, e:boolean
["true", null, null, "true", null]

=== cond-is-distinct-from-literals
SELECT NULL IS DISTINCT FROM NULL AS a, 1 IS DISTINCT FROM NULL AS b, NULL IS NOT DISTINCT FROM NULL AS c, 1 IS DISTINCT FROM 1 AS d
--> a:boolean, b:boolean, c:boolean, d:boolean
["false", "true", "true", "false"]
