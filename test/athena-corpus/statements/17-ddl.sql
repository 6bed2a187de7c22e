# DDL, in order: CREATE EXTERNAL TABLE over existing objects, SELECT, DROP; CTAS (with and
# without external_location, partitioned); MSCK REPAIR TABLE; CREATE/DROP DATABASE. Every table
# made here is dropped here, so the corpus can run again on the same fixtures.

=== ddl-create-external-text
CREATE EXTERNAL TABLE corpus.scores (who string, pts int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://athena-corpus-data/raw/scores/'
--> ok

=== ddl-select-text-table
# LazySimpleSerDe: an empty int field is NULL.
@ordered
SELECT who, pts FROM scores ORDER BY pts
--> who:varchar, pts:integer
["amy", "3"]
["bo", "10"]
["cy", null]

=== ddl-show-new-table
SHOW TABLES 'sc*'
--> rows
["scores"]

=== ddl-create-external-parquet-subset
CREATE EXTERNAL TABLE IF NOT EXISTS corpus.people_slim (id int, name string) STORED AS PARQUET LOCATION 's3://athena-corpus-data/corpus/people/'
--> ok

=== ddl-select-parquet-subset
# Parquet columns are matched by name: the table may declare fewer than the file has.
@ordered
SELECT id, name FROM people_slim WHERE id <= 2 ORDER BY id
--> id:integer, name:varchar
["1", "Alice"]
["2", "Bob"]

=== ddl-create-existing-fails
CREATE EXTERNAL TABLE corpus.scores (x int) LOCATION 's3://athena-corpus-data/raw/scores/'
--> fail /already exists/

=== ddl-if-not-exists-on-existing
CREATE EXTERNAL TABLE IF NOT EXISTS corpus.scores (x int) LOCATION 's3://athena-corpus-data/raw/scores/'
--> ok

=== ddl-drop-table
DROP TABLE scores
--> ok

=== ddl-dropped-table-gone
SELECT * FROM scores
--> fail /TABLE_NOT_FOUND/

=== ddl-drop-if-exists-missing
DROP TABLE IF EXISTS scores
--> ok

=== ddl-drop-missing-fails
DROP TABLE scores
--> fail /[Tt]able .*not (found|exist)/

=== ddl-drop-parquet-subset
DROP TABLE people_slim
--> ok

=== ddl-opencsv-create
# FLOOR is a reserved word of Athena's (Hive) DDL: the column name must be backquoted.
CREATE EXTERNAL TABLE corpus.depts_copy (code string, title string, `floor` int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://athena-corpus-data/corpus_ref/departments/' TBLPROPERTIES ('skip.header.line.count'='1')
--> ok

=== ddl-opencsv-select
SELECT count(*) AS n, sum(floor) AS f FROM depts_copy
--> n:bigint, f:bigint
["4", "11"]

=== ddl-opencsv-drop
DROP TABLE depts_copy
--> ok

=== ddl-reserved-word-unquoted-fails
CREATE EXTERNAL TABLE corpus.bad_words (floor int) LOCATION 's3://athena-corpus-data/raw/scores/'
--> fail /(ParseException|mismatched input)/

=== ctas-external-location
CREATE TABLE corpus.ctas_orders WITH (format = 'PARQUET', external_location = 's3://athena-corpus-data/ctas/orders/') AS SELECT product, sum(qty) AS q FROM orders GROUP BY product
--> ok

=== ctas-select
SELECT product, q FROM ctas_orders
--> product:varchar, q:bigint
["widget", "18"]
["gadget", "7"]
["gizmo", "3"]

=== ctas-columns
@trim
SHOW COLUMNS IN ctas_orders
--> rows
["product"]
["q"]

=== ctas-default-location
CREATE TABLE ctas_people AS SELECT id, upper(name) AS uname, joined FROM people WHERE id IN (1, 6)
--> ok

=== ctas-default-location-select
SELECT id, uname, joined FROM ctas_people
--> id:integer, uname:varchar, joined:date
["1", "ALICE", "2019-03-15"]
["6", "ZOË ÜNAL", "2018-08-08"]

=== ctas-partitioned
CREATE TABLE ctas_events WITH (external_location = 's3://athena-corpus-data/ctas/events/', partitioned_by = ARRAY['dt']) AS SELECT event_id, kind, dt FROM events
--> ok

=== ctas-partitioned-select
SELECT dt, count(*) AS n FROM ctas_events GROUP BY dt
--> dt:varchar, n:bigint
["2024-01-01", "3"]
["2024-01-02", "2"]

=== ctas-partitioned-partitions
SHOW PARTITIONS ctas_events
--> rows
["dt=2024-01-01"]
["dt=2024-01-02"]

=== ctas-existing-fails
CREATE TABLE people AS SELECT 1 AS x
--> fail /already exists/

=== ctas-drop-1
DROP TABLE ctas_orders
--> ok

=== ctas-drop-2
DROP TABLE ctas_people
--> ok

=== ctas-drop-3
DROP TABLE ctas_events
--> ok

=== msck-before
SELECT count(*) AS n FROM clicks
--> n:bigint
["2"]

=== msck-repair
MSCK REPAIR TABLE clicks
--> ok

=== msck-after
SELECT day, count(*) AS n FROM clicks GROUP BY day
--> day:varchar, n:bigint
["2024-01-01", "2"]
["2024-01-02", "1"]
["2024-01-03", "2"]

=== msck-partitions
SHOW PARTITIONS clicks
--> rows
["day=2024-01-01"]
["day=2024-01-02"]
["day=2024-01-03"]

=== db-create
CREATE DATABASE corpus_tmp
--> ok

=== db-listed
@contains
SHOW DATABASES
--> rows
["corpus_tmp"]

=== db-drop
DROP DATABASE corpus_tmp
--> ok

=== db-dropped-not-listed-query
SELECT count(*) FROM corpus_tmp.anything
--> fail /SCHEMA_NOT_FOUND/
