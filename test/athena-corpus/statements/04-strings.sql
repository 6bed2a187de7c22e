# String functions (https://trino.io/docs/current/functions/string.html). Positions are 1-based;
# concat and || with a NULL argument are NULL; length counts code points.

=== str-concat-and-pipes
SELECT 'a' || 'b' || 'c' AS s, concat('a', 'b', 'c') AS t
--> s:varchar, t:varchar
["abc", "abc"]

=== str-concat-with-null
SELECT concat('a', NULL) AS c, 'a' || NULL AS d
--> c:varchar, d:varchar
[null, null]

=== str-substr
SELECT substr('hello', 2) AS a, substr('hello', 2, 3) AS b, substr('hello', -3) AS c, substring('hello' FROM 2 FOR 2) AS d
--> a:varchar, b:varchar, c:varchar, d:varchar
["ello", "ell", "llo", "el"]

=== str-strpos-position
SELECT strpos('hello', 'l') AS a, strpos('hello', 'z') AS b, position('lo' IN 'hello') AS c
--> a:bigint, b:bigint, c:bigint
["3", "0", "4"]

=== str-split
SELECT split('a,b,,c', ',') AS arr, cardinality(split('a,b,,c', ',')) AS n
--> arr:array, n:bigint
["[a, b, , c]", "4"]

=== str-split-part
# split_part past the last field is NULL.
SELECT split_part('a-b-c', '-', 2) AS a, split_part('a-b-c', '-', 5) AS b
--> a:varchar, b:varchar
["b", null]

=== str-regexp
SELECT regexp_like('abc123', '\d+') AS a, regexp_extract('abc123def', '\d+') AS b, regexp_extract('key=val', '(\w+)=(\w+)', 2) AS c, regexp_replace('a1b22c', '\d+', '#') AS d
--> a:boolean, b:varchar, c:varchar, d:varchar
["true", "123", "val", "a#b#c"]

=== str-regexp-extract-no-match
SELECT regexp_extract('abc', '\d+') AS x
--> x:varchar
[null]

=== str-regexp-replace-backreference
SELECT regexp_replace('2024-01-02', '(\d+)-(\d+)-(\d+)', '$3/$2/$1') AS x
--> x:varchar
["02/01/2024"]

=== str-case-and-length-unicode
SELECT lower(name) AS l, upper(name) AS u, length(name) AS n FROM people WHERE id = 6
--> l:varchar, u:varchar, n:bigint
["zoë ünal", "ZOË ÜNAL", "8"]

=== str-trim
SELECT trim('  x  ') AS a, ltrim('  x  ') AS b, rtrim('  x  ') AS c
--> a:varchar, b:varchar, c:varchar
["x", "x  ", "  x"]

=== str-pad
# lpad/rpad truncate a string longer than the size.
SELECT lpad('7', 3, '0') AS a, rpad('ab', 4, '*') AS b, lpad('hello', 3, '0') AS c
--> a:varchar, b:varchar, c:varchar
["007", "ab**", "hel"]

=== str-reverse-replace
SELECT reverse('Zoë') AS r, replace('a.b.c', '.', '') AS s, replace('aaa', 'a', 'bb') AS t
--> r:varchar, s:varchar, t:varchar
["ëoZ", "abc", "bbbbbb"]

=== str-pipes-with-null-column
@ordered
SELECT name || ' (' || dept || ')' AS label FROM people WHERE id IN (1, 5) ORDER BY id
--> label:varchar
["Alice (eng)"]
[null]

=== str-length-empty-and-null
SELECT length('') AS a, length(NULL) AS b
--> a:bigint, b:bigint
["0", null]

=== str-initials-group
SELECT upper(substr(name, 1, 1)) AS initial, count(*) AS n FROM people WHERE name IS NOT NULL AND name <> '' GROUP BY 1
--> initial:varchar, n:bigint
["A", "1"]
["B", "1"]
["C", "1"]
["D", "1"]
["Z", "1"]

=== str-starts-with-chr-codepoint
SELECT starts_with('hello', 'he') AS a, chr(65) AS b, codepoint('A') AS c
--> a:boolean, b:varchar, c:integer
["true", "A", "65"]

=== str-format
SELECT format('%s-%03d', 'x', 7) AS f
--> f:varchar
["x-007"]

=== str-array-join-split
SELECT array_join(split('c,a,b', ','), '|') AS j
--> j:varchar
["c|a|b"]

=== str-regexp-extract-all
SELECT regexp_extract_all('a1b22c333', '\d+') AS xs
--> xs:array
["[1, 22, 333]"]

=== str-quote-escape-and-equality
SELECT 'it''s' AS q, 'Zoë' = 'Zoë' AS eq
--> q:varchar, eq:boolean
["it's", "true"]

=== str-concat-ws-skips-null
SELECT concat_ws('-', 'a', NULL, 'b') AS c
--> c:varchar
["a-b"]

=== str-lower-like-unicode
SELECT id FROM people WHERE lower(name) LIKE '%ü%'
--> id:integer
["6"]

=== str-like-escape
SELECT 'a_b' LIKE 'a\_b' ESCAPE '\' AS a, 'axb' LIKE 'a\_b' ESCAPE '\' AS b, 'axb' LIKE 'a_b' AS c
--> a:boolean, b:boolean, c:boolean
["true", "false", "true"]
