# Lambda expressions and the functions that take them (https://trino.io/docs/current/functions/lambda.html,
# functions/array.html, functions/map.html). any_match/all_match/none_match are NULL when no element
# decides and the predicate is NULL for some element; zip and zip_with pad the shorter array with
# NULL. Maps print as {k=v, …} in their entries' order.

=== lam-transform-doc
SELECT transform(ARRAY[5, 6], x -> x + 1) AS a, transform(ARRAY[5, NULL, 6], x -> coalesce(x, 0) + 1) AS b, transform(ARRAY['x', 'abc', 'z'], x -> x || '0') AS c
--> a:array, b:array, c:array
["[6, 7]", "[6, 1, 7]", "[x0, abc0, z0]"]

=== lam-transform-nested-filter
SELECT transform(ARRAY[ARRAY[1, NULL, 2], ARRAY[3, NULL]], a -> filter(a, x -> x IS NOT NULL)) AS a
--> a:array
["[[1, 2], [3]]"]

=== lam-transform-rows-doc
SELECT numbers, transform(numbers, n -> n * n) AS squared_numbers FROM (VALUES (ARRAY[1, 2]), (ARRAY[3, 4]), (ARRAY[5, 6, 7])) AS t(numbers)
--> numbers:array, squared_numbers:array
["[1, 2]", "[1, 4]"]
["[3, 4]", "[9, 16]"]
["[5, 6, 7]", "[25, 36, 49]"]

=== lam-transform-try-cast-doc
SELECT transform(prices, n -> TRY_CAST(n AS VARCHAR) || '$') AS price_tags FROM (VALUES (ARRAY[100, 200]), (ARRAY[30, 4])) AS t(prices)
--> price_tags:array
["[100$, 200$]"]
["[30$, 4$]"]

=== lam-transform-captures-columns-doc
SELECT xvalues, a, b, transform(xvalues, x -> a * x + b) AS linear_function_values FROM (VALUES (ARRAY[1, 2], 10, 5), (ARRAY[3, 4], 4, 2)) AS t(xvalues, a, b)
--> xvalues:array, a:integer, b:integer, linear_function_values:array
["[1, 2]", "10", "5", "[15, 25]"]
["[3, 4]", "4", "2", "[14, 18]"]

=== lam-filter-doc
SELECT filter(ARRAY[5, -6, NULL, 7], x -> x > 0) AS a, filter(ARRAY[5, NULL, 7, NULL], x -> x IS NOT NULL) AS b, filter(ARRAY['a', 'bb', 'ccc'], s -> length(s) > 1) AS c
--> a:array, b:array, c:array
["[5, 7]", "[5, 7]", "[bb, ccc]"]

=== lam-reduce-doc
SELECT reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s) AS a, reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + x, s -> s) AS b, reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + coalesce(x, 0), s -> s) AS c, reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> IF(x IS NULL, s, s + x), s -> s) AS d
--> a:integer, b:integer, c:integer, d:integer
["75", null, "75", "75"]

=== lam-reduce-bigint-state
SELECT reduce(ARRAY[2147483647, 1], BIGINT '0', (s, x) -> s + x, s -> s) AS a
--> a:bigint
["2147483648"]

=== lam-reduce-row-state-average
@gap reduce with a row-typed state fails to bind (initial value type must match the list child type)
SELECT reduce(ARRAY[5, 6, 10, 20], CAST(ROW(0.0, 0) AS ROW(sum DOUBLE, count INTEGER)), (s, x) -> CAST(ROW(x + s.sum, s.count + 1) AS ROW(sum DOUBLE, count INTEGER)), s -> IF(s.count = 0, NULL, s.sum / s.count)) AS avg
--> avg:double
["10.25"]

=== lam-reduce-output-function
SELECT reduce(ARRAY[1, 2, 3, 4], 0, (s, x) -> s + x, s -> s * 10) AS a, reduce(ARRAY['a', 'b', 'c'], CAST('' AS VARCHAR), (s, x) -> s || x, s -> upper(s)) AS b
--> a:integer, b:varchar
["100", "ABC"]

=== lam-match-functions
SELECT any_match(ARRAY[1, 2, 3], x -> x > 2) AS a, all_match(ARRAY[1, 2, 3], x -> x > 0) AS b, none_match(ARRAY[1, 2, 3], x -> x > 5) AS c, all_match(ARRAY[1, 2], x -> x > 1) AS d, any_match(ARRAY[1, 2], x -> x > 5) AS e
--> a:boolean, b:boolean, c:boolean, d:boolean, e:boolean
["true", "true", "true", "false", "false"]

=== lam-match-null-predicate
SELECT any_match(ARRAY[1, NULL], x -> x > 1) AS a, all_match(ARRAY[1, NULL], x -> x > 0) AS b, none_match(ARRAY[1, NULL], x -> x > 1) AS c, any_match(ARRAY[2, NULL], x -> x > 1) AS d, all_match(ARRAY[0, NULL], x -> x > 0) AS e
--> a:boolean, b:boolean, c:boolean, d:boolean, e:boolean
[null, null, null, "true", "false"]

=== lam-match-empty-array
SELECT any_match(CAST(ARRAY[] AS array(integer)), x -> x > 0) AS a, all_match(CAST(ARRAY[] AS array(integer)), x -> x > 0) AS b, none_match(CAST(ARRAY[] AS array(integer)), x -> x > 0) AS c
--> a:boolean, b:boolean, c:boolean
["false", "true", "true"]

=== lam-any-match-where-doc
SELECT numbers FROM (VALUES (ARRAY[1, NULL, 3]), (ARRAY[10, 20, 30]), (ARRAY[100, 200, 300])) AS t(numbers) WHERE any_match(numbers, n -> COALESCE(n, 0) > 100)
--> numbers:array
["[100, 200, 300]"]

=== lam-map-filter-doc
@gap map_filter is not implemented
SELECT map_filter(MAP(ARRAY[10, 20, 30], ARRAY['a', NULL, 'c']), (k, v) -> v IS NOT NULL) AS a, map_filter(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[20, 3, 15]), (k, v) -> v > 10) AS b
--> a:map, b:map
["{10=a, 30=c}", "{k1=20, k3=15}"]

=== lam-transform-keys-doc
@gap transform_keys is not implemented
SELECT transform_keys(MAP(ARRAY[1, 2, 3], ARRAY['a', 'b', 'c']), (k, v) -> k + 1) AS a, transform_keys(MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]), (k, v) -> v * v) AS b, transform_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> k || CAST(v AS VARCHAR)) AS c
--> a:map, b:map, c:map
["{2=a, 3=b, 4=c}", "{1=1, 4=2, 9=3}", "{a1=1, b2=2}"]

=== lam-transform-values-doc
@gap transform_values is not implemented
SELECT transform_values(MAP(ARRAY[1, 2, 3], ARRAY[10, 20, 30]), (k, v) -> v + k) AS a, transform_values(MAP(ARRAY[1, 2, 3], ARRAY['a', 'b', 'c']), (k, v) -> k * k) AS b, transform_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> k || CAST(v AS VARCHAR)) AS c
--> a:map, b:map, c:map
["{1=11, 2=22, 3=33}", "{1=1, 2=4, 3=9}", "{a=a1, b=b2}"]

=== lam-map-zip-with-doc
@gap map_zip_with is not implemented
SELECT map_zip_with(MAP(ARRAY[1, 2, 3], ARRAY['a', 'b', 'c']), MAP(ARRAY[1, 2, 3], ARRAY['d', 'e', 'f']), (k, v1, v2) -> concat(v1, v2)) AS a, map_zip_with(MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 8, 27]), MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]), (k, v1, v2) -> k || CAST(v1 / v2 AS VARCHAR)) AS b
--> a:map, b:map
["{1=ad, 2=be, 3=cf}", "{a=a1, b=b4, c=c9}"]

=== lam-zip-with-doc
@gap zip_with is not supported (docs/athena-sql.md)
SELECT zip_with(ARRAY[1, 2], ARRAY[3, 4], (x, y) -> x + y) AS a, zip_with(ARRAY['a', 'b', 'c'], ARRAY['d', 'e', 'f'], (x, y) -> concat(x, y)) AS b, zip_with(ARRAY['a'], ARRAY['d', NULL, 'f'], (x, y) -> coalesce(x, y)) AS c
--> a:array, b:array, c:array
["[4, 6]", "[ad, be, cf]", "[a, null, f]"]

=== lam-zip-pads-with-null
@gap CAST(zip(…) AS ARRAY(ROW(…))) is translated into invalid SQL (mismatched input 'struct_packfield0')
# zip pads the shorter array with NULL; the rows' fields are read back through a named row type.
SELECT cardinality(zip(ARRAY[1, 2], ARRAY['1b', NULL, '3b'])) AS n, transform(CAST(zip(ARRAY['a', 'b', 'c'], ARRAY['x']) AS ARRAY(ROW(l VARCHAR, r VARCHAR))), p -> p.l || coalesce(p.r, '-')) AS pairs
--> n:bigint, pairs:array
["3", "[ax, b-, c-]"]

=== lam-array-sort-comparator-doc
@gap array_sort with a comparator lambda is not supported (docs/athena-sql.md)
SELECT array_sort(ARRAY[3, 2, 5, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1))) AS a, array_sort(ARRAY['a', 'abcd', 'abc'], (x, y) -> IF(length(x) < length(y), -1, IF(length(x) = length(y), 0, 1))) AS b
--> a:array, b:array
["[5, 3, 2, 2, 1]", "[a, abc, abcd]"]

=== lam-reduce-agg-doc
@gap reduce_agg is not implemented
SELECT reduce_agg(value, 0, (a, b) -> a + b, (a, b) -> a + b) AS sum_values FROM (VALUES (1), (2), (3), (4), (5)) AS t(value)
--> sum_values:integer
["15"]
