# Arrays, maps and rows (https://trino.io/docs/current/functions/array.html). Athena renders an
# array as [a, b], a map as {k=v, …}, a row as {field=value, …}.

=== arr-constructor-functions
SELECT ARRAY[1, 2, 3] AS a, cardinality(ARRAY[1, 2, 3]) AS n, element_at(ARRAY[1, 2, 3], 2) AS e, contains(ARRAY[1, 2, 3], 4) AS c
--> a:array, n:bigint, e:integer, c:boolean
["[1, 2, 3]", "3", "2", "false"]

=== arr-subscript-and-element-at-past-end
SELECT ARRAY['a', 'b'][1] AS first, element_at(ARRAY['a'], 5) AS missing, element_at(ARRAY['a', 'b'], -1) AS last
--> first:varchar, missing:varchar, last:varchar
["a", null, "b"]

=== arr-unnest-cross-join
SELECT id, t FROM people CROSS JOIN UNNEST(tags) AS u(t) WHERE id IN (1, 4, 5)
--> id:integer, t:varchar
["1", "a"]
["1", "b"]
["4", "c"]
["4", "a"]
["4", "b"]

=== arr-unnest-group
SELECT t, count(*) AS n FROM people CROSS JOIN UNNEST(tags) AS u(t) GROUP BY t
--> t:varchar, n:bigint
["a", "2"]
["b", "5"]
["c", "1"]
["z", "1"]

=== arr-unnest-ordinality
SELECT x, o FROM UNNEST(ARRAY['p', 'q']) WITH ORDINALITY AS u(x, o)
--> x:varchar, o:bigint
["p", "1"]
["q", "2"]

=== arr-join-column
SELECT array_join(tags, ',') AS j FROM people WHERE id = 4
--> j:varchar
["c,a,b"]

=== arr-contains-column
@ordered
SELECT id, contains(tags, 'a') AS c FROM people WHERE id IN (2, 3, 4) ORDER BY id
--> id:integer, c:boolean
["2", "false"]
["3", null]
["4", "true"]

=== arr-distinct-sort-max-reverse
SELECT array_distinct(ARRAY[1, 2, 1, 3]) AS d, array_sort(ARRAY[3, 1, 2]) AS s, array_max(ARRAY[3, 1, 2]) AS m, reverse(ARRAY[1, 2]) AS r
--> d:array, s:array, m:integer, r:array
["[1, 2, 3]", "[1, 2, 3]", "3", "[2, 1]"]

=== arr-lambdas
SELECT transform(ARRAY[1, 2], x -> x * 10) AS t, filter(ARRAY[1, 2, 3, 4], x -> x % 2 = 0) AS f, reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s) AS r
--> t:array, f:array, r:integer
["[10, 20]", "[2, 4]", "6"]

=== map-constructor
SELECT MAP(ARRAY['a', 'b'], ARRAY[1, 2]) AS m, element_at(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), 'b') AS v, cardinality(MAP(ARRAY['a'], ARRAY[1])) AS n
--> m:map, v:integer, n:bigint
["{a=1, b=2}", "2", "1"]

=== row-cast
SELECT CAST(ROW(1, 'x') AS ROW(n integer, s varchar)) AS r
--> r:row
["{n=1, s=x}"]

=== row-field-access
SELECT CAST(ROW(1, 'x') AS ROW(n integer, s varchar)).s AS s
--> s:varchar
["x"]

=== arr-cardinality-null-and-empty
@ordered
SELECT id, cardinality(tags) AS n FROM people WHERE id IN (3, 5) ORDER BY id
--> id:integer, n:bigint
["3", null]
["5", "0"]

=== arr-sequence-slice-position
SELECT sequence(1, 5, 2) AS s, slice(ARRAY[1, 2, 3, 4], 2, 2) AS sl, array_position(ARRAY['a', 'b'], 'b') AS p
--> s:array, sl:array, p:bigint
["[1, 3, 5]", "[2, 3]", "2"]

=== arr-concat
SELECT concat(ARRAY[1], ARRAY[2, 3]) AS c, ARRAY[1] || 2 AS d
--> c:array, d:array
["[1, 2, 3]", "[1, 2]"]

=== arr-any-match
SELECT count(*) AS n FROM people WHERE any_match(tags, t -> t = 'b')
--> n:bigint
["4"]
