# JSON functions and casts (https://trino.io/docs/current/functions/json.html, and Athena's
# "Extracting data from JSON"). A json value prints as its JSON text, minified; json_extract returns
# json, json_extract_scalar varchar (NULL for objects and arrays). CAST(varchar AS JSON) makes a
# JSON string; json_parse reads the text as JSON.

=== json-cast-scalars-to-json
@gap CAST(varchar AS JSON) parses the text instead of making a JSON string
SELECT CAST(1 AS JSON) AS a, CAST(9223372036854775807 AS JSON) AS b, CAST('abc' AS JSON) AS c, CAST(true AS JSON) AS d, CAST(1.234 AS JSON) AS e
--> a:json, b:json, c:json, d:json, e:json
["1", "9223372036854775807", "\"abc\"", "true", "1.234"]

=== json-cast-null-is-sql-null
SELECT CAST(NULL AS JSON) AS a
--> a:json
[null]

=== json-cast-arrays-to-json
SELECT CAST(ARRAY[1, 23, 456] AS JSON) AS a, CAST(ARRAY[1, NULL, 456] AS JSON) AS b, CAST(ARRAY[ARRAY[1, 23], ARRAY[456]] AS JSON) AS c
--> a:json, b:json, c:json
["[1,23,456]", "[1,null,456]", "[[1,23],[456]]"]

=== json-cast-map-to-json
SELECT CAST(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[1, 23, 456]) AS JSON) AS a
--> a:json
["{\"k1\":1,\"k2\":23,\"k3\":456}"]

=== json-cast-row-to-json
# Athena engine v3: a struct cast to JSON keeps its field names.
SELECT CAST(CAST(ROW(123, 'abc', true) AS ROW(v1 BIGINT, v2 VARCHAR, v3 BOOLEAN)) AS JSON) AS a
--> a:json
["{\"v1\":123,\"v2\":\"abc\",\"v3\":true}"]

=== json-cast-from-json-scalars
@gap CAST(json AS varchar) keeps the JSON quotes and gives 'null' for JSON null
SELECT CAST(JSON '1' AS INTEGER) AS a, CAST(JSON '9223372036854775807' AS BIGINT) AS b, CAST(JSON '"abc"' AS VARCHAR) AS c, CAST(JSON 'true' AS BOOLEAN) AS d, CAST(JSON '1.234' AS DOUBLE) AS e, CAST(JSON 'null' AS VARCHAR) AS f
--> a:integer, b:bigint, c:varchar, d:boolean, e:double, f:varchar
["1", "9223372036854775807", "abc", "true", "1.234", null]

=== json-cast-json-to-varchar
@gap CAST(json AS varchar) keeps the quotes of a JSON string
# The quotes of a JSON string are gone; numbers and booleans become their text.
SELECT CAST(JSON '42' AS VARCHAR) AS a, CAST(JSON 'true' AS VARCHAR) AS b, CAST(JSON '"x y"' AS VARCHAR) AS c
--> a:varchar, b:varchar, c:varchar
["42", "true", "x y"]

=== json-cast-to-array-and-map
SELECT CAST(JSON '[1,23,456]' AS ARRAY(INTEGER)) AS a, CAST(JSON '[1,null,456]' AS ARRAY(INTEGER)) AS b, CAST(JSON '[[1,23],[456]]' AS ARRAY(ARRAY(INTEGER))) AS c, CAST(JSON '{"k1":1,"k2":23,"k3":456}' AS MAP(VARCHAR, INTEGER)) AS d
--> a:array, b:array, c:array, d:map
["[1, 23, 456]", "[1, null, 456]", "[[1, 23], [456]]", "{k1=1, k2=23, k3=456}"]

=== json-cast-to-row
@gap CAST(json AS row) from a JSON array is not supported
# Both a JSON object and a JSON array cast to a row.
SELECT CAST(JSON '{"v1":123,"v2":"abc","v3":true}' AS ROW(v1 BIGINT, v2 VARCHAR, v3 BOOLEAN)) AS a, CAST(JSON '[123,"abc",true]' AS ROW(v1 BIGINT, v2 VARCHAR, v3 BOOLEAN)) AS b
--> a:row, b:row
["{v1=123, v2=abc, v3=true}", "{v1=123, v2=abc, v3=true}"]

=== json-parse-vs-cast-varchar
@gap CAST(varchar AS JSON) parses the text instead of making a JSON string
SELECT json_parse('[1, 2, 3]') AS a, CAST('[1, 2, 3]' AS JSON) AS b, json_parse('"abc"') AS c, CAST('"abc"' AS JSON) AS d, json_parse('42') AS e, CAST('42' AS JSON) AS f
--> a:json, b:json, c:json, d:json, e:json, f:json
["[1,2,3]", "\"[1, 2, 3]\"", "\"abc\"", "\"\\\"abc\\\"\"", "42", "\"42\""]

=== json-parse-minifies
SELECT json_parse('{"a": [1, 2], "b": {"c": null}}') AS a
--> a:json
["{\"a\":[1,2],\"b\":{\"c\":null}}"]

=== json-format-doc
@gap a JSON '…' literal is not minified, so json_format returns its text as written
SELECT json_format(JSON '{"a": 1, "b": 2}') AS a, json_format(JSON '[1, 2, 3]') AS b, json_format(JSON '"abc"') AS c, json_format(JSON '42') AS d, json_format(JSON 'null') AS e
--> a:varchar, b:varchar, c:varchar, d:varchar, e:varchar
["{\"a\":1,\"b\":2}", "[1,2,3]", "\"abc\"", "42", "null"]

=== json-extract-athena-doc
WITH dataset AS (
  SELECT '{"name": "Susan Smith", "org": "engineering", "projects": [{"name":"project1", "completed":false}, {"name":"project2", "completed":true}]}' AS blob
)
SELECT json_extract(blob, '$.name') AS name, json_extract(blob, '$.projects') AS projects FROM dataset
--> name:json, projects:json
["\"Susan Smith\"", "[{\"name\":\"project1\",\"completed\":false},{\"name\":\"project2\",\"completed\":true}]"]

=== json-extract-scalar-athena-doc
WITH dataset AS (
  SELECT '{"name": "Susan Smith", "org": "engineering", "projects": [{"name":"project1", "completed":false}, {"name":"project2", "completed":true}]}' AS blob
)
SELECT json_extract_scalar(blob, '$.name') AS name, json_extract_scalar(blob, '$.projects') AS projects, json_extract_scalar(blob, '$.projects[0].name') AS first_project FROM dataset
--> name:varchar, projects:varchar, first_project:varchar
["Susan Smith", null, "project1"]

=== json-array-get-athena-doc
WITH dataset AS (
  SELECT '{"name": "Bob Smith", "org": "engineering", "projects": [{"name":"project1", "completed":false}, {"name":"project2", "completed":true}]}' AS blob
)
SELECT json_array_get(json_extract(blob, '$.projects'), 0) AS item FROM dataset
--> item:json
["{\"name\":\"project1\",\"completed\":false}"]

=== json-array-get-indexes
SELECT json_array_get('["a", [3, 9], "c"]', 1) AS a, json_array_get('["c", [3, 9], "a"]', -2) AS b, json_array_get('[]', 0) AS c, json_array_get('["a", "b", "c"]', 10) AS d, json_array_get('["c", "b", "a"]', -10) AS e
--> a:json, b:json, c:json, d:json, e:json
["[3,9]", "[3,9]", null, null, null]

=== json-array-length-contains
SELECT json_array_length('[1, 2, 3]') AS a, json_array_contains('[1, 2, 3]', 2) AS b, json_array_contains('[1, 2, 3]', 5) AS c
--> a:bigint, b:boolean, c:boolean
["3", "true", "false"]

=== json-is-json-scalar-doc
@gap is_json_scalar is not implemented
SELECT is_json_scalar('1') AS d, is_json_scalar('[1, 2, 3]') AS e
--> d:boolean, e:boolean
["true", "false"]

=== json-size-doc
SELECT json_size('{"x": {"a": 1, "b": 2}}', '$.x') AS a, json_size('{"x": [1, 2, 3]}', '$.x') AS b, json_size('{"x": {"a": 1, "b": 2}}', '$.x.a') AS c
--> a:bigint, b:bigint, c:bigint
["2", "3", "0"]

=== json-extract-scalar-index-and-bool
SELECT json_extract_scalar('[1, 2, 3]', '$[2]') AS a, json_extract_scalar('{"a": true}', '$.a') AS b, json_extract_scalar('{"a": "x"}', '$.missing') AS c
--> a:varchar, b:varchar, c:varchar
["3", "true", null]

=== json-extract-bracket-key
@gap JSONPath bracket keys ($.a["b c"], $.a[b]) are not supported
SELECT json_extract('{"store": {"book name": "x"}}', '$.store["book name"]') AS a, json_extract_scalar('{"store": {"book": "y"}}', '$.store[book]') AS b
--> a:json, b:varchar
["\"x\"", "y"]

=== json-extract-scalar-per-row
SELECT json_extract_scalar(j, '$.id') AS id FROM (VALUES '{"id": 1}', '{"id": 2}', '{"other": 3}') AS t(j)
--> id:varchar
["1"]
["2"]
[null]
