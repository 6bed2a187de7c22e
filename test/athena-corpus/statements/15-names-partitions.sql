# Qualified names (catalog.db.table, quoted, case-insensitive, the QueryExecutionContext
# database) and partition columns, which Athena reads from the registered partitions only.

=== name-catalog-qualified
SELECT count(*) AS n FROM awsdatacatalog.corpus.people
--> n:bigint
["7"]

=== name-quoted
SELECT count(*) AS n FROM "corpus"."people"
--> n:bigint
["7"]

=== name-context-database
@db corpus_ref
SELECT count(*) AS n FROM departments
--> n:bigint
["4"]

=== name-opencsv-table
# OpenCSVSerDe with skip.header.line.count=1: the header line is skipped, quoted commas and doubled
# quotes are kept, and an empty field of a string column is an empty string (the SerDe has no NULL).
@db corpus_ref
@ordered
SELECT code, title, floor FROM departments ORDER BY code
--> code:varchar, title:varchar, floor:integer
["eng", "Engineering, Platform", "3"]
["hr", "", "5"]
["ops", "Ops \"24/7\"", "2"]
["sales", "Sales", "1"]

=== name-other-database-from-context
@db corpus_ref
SELECT count(*) AS n FROM corpus.people
--> n:bigint
["7"]

=== name-case-insensitive
SELECT count(*) AS n FROM AwsDataCatalog.Corpus.PEOPLE
--> n:bigint
["7"]

=== name-column-case-insensitive
SELECT ID, Name FROM people WHERE Id = 1
--> id:integer, name:varchar
["1", "Alice"]

=== part-group-by-partition-columns
SELECT dt, region, count(*) AS n FROM events GROUP BY dt, region
--> dt:varchar, region:varchar, n:bigint
["2024-01-01", "eu", "2"]
["2024-01-01", "us", "1"]
["2024-01-02", "eu", "2"]

=== part-where-on-partitions
@ordered
SELECT event_id, kind FROM events WHERE dt = '2024-01-02' AND region = 'eu' ORDER BY event_id
--> event_id:bigint, kind:varchar
["4", "buy"]
["5", "click"]

=== part-sum-with-null-value
SELECT kind, sum(value) AS v FROM events WHERE dt >= '2024-01-01' GROUP BY kind
--> kind:varchar, v:double
["click", "4.0"]
["view", null]
["buy", "10.0"]

=== part-star-includes-partition-columns
SELECT * FROM events WHERE event_id = 3
--> event_id:bigint, kind:varchar, value:double, dt:varchar, region:varchar
["3", "click", "2.0", "2024-01-01", "us"]

=== part-unregistered-not-read
# clicks has objects under day=2024-01-02 and day=2024-01-03 that are not registered yet.
SELECT day, sum(n) AS s FROM clicks GROUP BY day
--> day:varchar, s:bigint
["2024-01-01", "3"]

=== part-no-matching-partition
SELECT count(*) AS n FROM events WHERE dt = '1999-01-01'
--> n:bigint
["0"]
