# Regular expression functions (https://trino.io/docs/current/functions/regexp.html): Java pattern
# syntax; regexp_like finds a match anywhere; regexp_position is 1-based and -1 when nothing is
# found. Values beyond the page's own examples are the ones Trino's regexp function tests assert.

=== rx-count-doc
SELECT regexp_count('1a 2b 14m', '\s*[a-z]+\s*') AS a, regexp_count('a1b2346c3d', '\d+') AS b, regexp_count('abcd', 'x') AS c
--> a:bigint, b:bigint, c:bigint
["3", "3", "0"]

=== rx-extract-doc
SELECT regexp_extract('1a 2b 14m', '\d+') AS a, regexp_extract('1a 2b 14m', '(\d+)([a-z]+)', 2) AS b
--> a:varchar, b:varchar
["1", "a"]

=== rx-extract-word-boundary
SELECT regexp_extract('Hello world bye', '\b[a-z]([a-z]*)') AS a, regexp_extract('Hello world bye', '\b[a-z]([a-z]*)', 1) AS b
--> a:varchar, b:varchar
["world", "orld"]

=== rx-extract-group-zero
# Group 0 is the whole match.
SELECT regexp_extract('abc123', '[a-z]+(\d+)', 0) AS a
--> a:varchar
["abc123"]

=== rx-extract-all-group-doc
SELECT regexp_extract_all('1a 2b 14m', '(\d+)([a-z]+)', 2) AS a, regexp_extract_all('rat cat bat dog', '(.)at', 1) AS b
--> a:array, b:array
["[a, b, m]", "[r, c, b]"]

=== rx-extract-all-no-match-is-empty
SELECT regexp_extract_all('abcd', 'x') AS a, cardinality(regexp_extract_all('abcd', 'x')) AS n
--> a:array, n:bigint
["[]", "0"]

=== rx-like-contains-vs-anchored
SELECT regexp_like('1a 2b 14m', '\d+b') AS a, regexp_like('Stevens', 'Ste(v|ph)en') AS b, regexp_like('Stevens', '^Ste(v|ph)en$') AS c, regexp_like('Stephen', '^Ste(v|ph)en$') AS d
--> a:boolean, b:boolean, c:boolean, d:boolean
["true", "true", "false", "true"]

=== rx-like-case-insensitive-flag
SELECT regexp_like('Hello', '^[a-z]+$') AS a, regexp_like('Hello', '^(?i)[a-z]+$') AS b
--> a:boolean, b:boolean
["false", "true"]

=== rx-position-doc
@gap regexp_position is not implemented
SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b') AS a, regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 12) AS b, regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 12, 2) AS c, regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 12, 3) AS d
--> a:integer, b:integer, c:integer, d:integer
["8", "19", "31", "-1"]

=== rx-position-simple
@gap regexp_position is not implemented
SELECT regexp_position('a.b:c;d', '[\.:;]') AS a, regexp_position('a,b,c', ',', 3) AS b, regexp_position('a1b2c3d4e', '\d', 4, 2) AS c, regexp_position('', ', ') AS d
--> a:integer, b:integer, c:integer, d:integer
["2", "4", "6", "-1"]

=== rx-replace-remove-doc
SELECT regexp_replace('1a 2b 14m', '\d+[ab] ') AS a, regexp_replace('fun stuff.', '[a-z]') AS b
--> a:varchar, b:varchar
["14m", " ."]

=== rx-replace-groups-doc
SELECT regexp_replace('1a 2b 14m', '(\d+)([ab]) ', '3c$2 ') AS a, regexp_replace('call 555.123.4444 now', '(\d{3})\.(\d{3}).(\d{4})', '($1) $2-$3') AS b
--> a:varchar, b:varchar
["3ca 3cb 14m", "call (555) 123-4444 now"]

=== rx-replace-named-groups
@gap Java named groups (?<name>…) and ${name} references are not supported by RE2
SELECT regexp_replace('wxyz', '(?<xyz>[xyz])', '${xyz}${xyz}') AS a, regexp_replace('2024-01-02', '(?<y>\d+)-(?<m>\d+)-(?<d>\d+)', '${d}.${m}.${y}') AS b
--> a:varchar, b:varchar
["wxxyyzz", "02.01.2024"]

=== rx-replace-escaped-dollar
@gap \$ in a regexp_replace replacement is kept as \$ instead of a literal $
# A dollar sign in the replacement is written \$.
SELECT regexp_replace('price 5', '(\d+)', '\$$1') AS a
--> a:varchar
["price $5"]

=== rx-replace-empty-pattern
# The empty pattern matches before every character and at the end.
SELECT regexp_replace('xxx', '', 'y') AS a
--> a:varchar
["yxyxyxy"]

=== rx-replace-lambda-doc
@gap regexp_replace with a lambda replacement is not supported
SELECT regexp_replace('new york', '(\w)(\w*)', x -> upper(x[1]) || lower(x[2])) AS a, regexp_replace('once upon a time ...', '^(\w)(\w*)(\s+.*)$', x -> upper(x[1]) || x[2] || x[3]) AS b
--> a:varchar, b:varchar
["New York", "Once upon a time ..."]

=== rx-split-doc
# Trailing empty strings are kept.
SELECT regexp_split('1a 2b 14m', '\s*[a-z]+\s*') AS a, regexp_split('abc', 'a') AS b, regexp_split('a1b2346c3d', '\d+') AS c
--> a:array, b:array, c:array
["[1, 2, 14, ]", "[, bc]", "[a, b, c, d]"]

=== rx-multiline-flag
# (?m) makes ^ match after each \n.
SELECT regexp_extract_all('x1' || chr(10) || 'y2', '(?m)^[a-z]') AS a
--> a:array
["[x, y]"]

=== rx-like-filter-values
SELECT s FROM (VALUES 'apple', 'banana', 'cherry') AS t(s) WHERE regexp_like(s, 'an')
--> s:varchar
["banana"]

=== rx-null-input
SELECT regexp_like(CAST(NULL AS varchar), 'a') AS a, regexp_extract(CAST(NULL AS varchar), 'a') AS b, regexp_replace(CAST(NULL AS varchar), 'a', 'b') AS c
--> a:boolean, b:varchar, c:varchar
[null, null, null]
