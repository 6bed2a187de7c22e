# Dates and times (https://trino.io/docs/current/functions/datetime.html). Athena's session time
# zone is UTC. from_unixtime, from_iso8601_timestamp and parse_datetime return
# timestamp(3) with time zone, rendered "YYYY-MM-DD hh:mm:ss.fff <zone>"; a plain timestamp(3)
# renders "YYYY-MM-DD hh:mm:ss.fff".

=== dt-from-unixtime-zero
SELECT from_unixtime(0) AS a
--> a:timestamp with time zone
["1970-01-01 00:00:00.000 UTC"]

=== dt-to-unixtime
SELECT to_unixtime(TIMESTAMP '2024-01-02 03:04:05.000') AS u
--> u:double
["1.704164645E9"]

=== dt-from-iso8601-utc
SELECT from_iso8601_timestamp('2024-01-02T03:04:05Z') AS t
--> t:timestamp with time zone
["2024-01-02 03:04:05.000 UTC"]

=== dt-from-iso8601-offset
@differs docs/athena-sql.md, "Known differences from Athena": a timestamp with time zone keeps the instant, shown in UTC
@sagelite ["2024-01-02 01:04:05.000 UTC"]
SELECT from_iso8601_timestamp('2024-01-02T03:04:05+02:00') AS t
--> t:timestamp with time zone
["2024-01-02 03:04:05.000 +02:00"]

=== dt-from-iso8601-date
SELECT from_iso8601_date('2024-02-29') AS d
--> d:date
["2024-02-29"]

=== dt-date-parse
SELECT date_parse('2024/03/10 08:30', '%Y/%m/%d %H:%i') AS t
--> t:timestamp
["2024-03-10 08:30:00.000"]

=== dt-date-format
SELECT date_format(TIMESTAMP '2024-01-02 03:04:05.000', '%Y-%m-%d %H:%i:%s') AS a, date_format(DATE '2024-03-10', '%W %M %e') AS b
--> a:varchar, b:varchar
["2024-01-02 03:04:05", "Sunday March 10"]

=== dt-format-datetime
SELECT format_datetime(TIMESTAMP '2024-01-02 03:04:05.000', 'yyyy-MM-dd HH:mm') AS f
--> f:varchar
["2024-01-02 03:04"]

=== dt-to-iso8601
SELECT to_iso8601(TIMESTAMP '2024-01-02 03:04:05.000') AS a, to_iso8601(DATE '2024-01-02') AS b
--> a:varchar, b:varchar
["2024-01-02T03:04:05.000", "2024-01-02"]

=== dt-date-trunc
SELECT date_trunc('month', TIMESTAMP '2024-02-29 23:59:59.000') AS m, date_trunc('day', last_login) AS d, date_trunc('hour', last_login) AS h FROM people WHERE id = 1
--> m:timestamp, d:timestamp, h:timestamp
["2024-02-01 00:00:00.000", "2024-01-02 00:00:00.000", "2024-01-02 03:00:00.000"]

=== dt-date-add
# Adding a month to January 31 gives the last day of February.
SELECT date_add('day', 1, DATE '2024-02-28') AS a, date_add('month', 1, DATE '2024-01-31') AS b, date_add('hour', -5, TIMESTAMP '2024-01-01 02:00:00.000') AS c
--> a:date, b:date, c:timestamp
["2024-02-29", "2024-02-29", "2023-12-31 21:00:00.000"]

=== dt-date-diff
# date_diff counts whole units: January 15 to March 14 is 1 month.
SELECT date_diff('day', DATE '2024-01-01', DATE '2024-03-01') AS a, date_diff('month', DATE '2024-01-15', DATE '2024-03-14') AS b, date_diff('second', TIMESTAMP '2024-01-01 00:00:00.000', TIMESTAMP '2024-01-01 01:00:00.000') AS c
--> a:bigint, b:bigint, c:bigint
["60", "1", "3600"]

=== dt-extract-parts
# 2019-03-15 is a Friday: ISO day_of_week 5; day 74 of the year.
SELECT extract(year FROM joined) AS y, month(joined) AS m, day(joined) AS d, day_of_week(joined) AS dow, day_of_year(joined) AS doy FROM people WHERE id = 1
--> y:bigint, m:bigint, d:bigint, dow:bigint, doy:bigint
["2019", "3", "15", "5", "74"]

=== dt-interval-arithmetic
SELECT TIMESTAMP '2024-01-31 10:00:00.000' + INTERVAL '1' DAY AS a, DATE '2024-01-31' + INTERVAL '1' MONTH AS b, TIMESTAMP '2024-01-01 00:00:00.000' - INTERVAL '90' MINUTE AS c
--> a:timestamp, b:date, c:timestamp
["2024-02-01 10:00:00.000", "2024-02-29", "2023-12-31 22:30:00.000"]

=== dt-casts
# CAST(… AS timestamp) is timestamp(3).
SELECT CAST('2024-01-02 03:04:05' AS timestamp) AS a, CAST('2024-01-02' AS date) AS b, CAST(TIMESTAMP '2024-01-02 03:04:05.000' AS date) AS c, CAST(DATE '2024-01-02' AS timestamp) AS d
--> a:timestamp, b:date, c:date, d:timestamp
["2024-01-02 03:04:05.000", "2024-01-02", "2024-01-02", "2024-01-02 00:00:00.000"]

=== dt-to-timestamp-teradata
# Teradata's to_timestamp, as the SageMaker SDK's DatasetBuilder writes it for as_of().
SELECT to_timestamp('2024-01-02 03:04:05', 'yyyy-mm-dd hh24:mi:ss') AS t
--> t:timestamp
["2024-01-02 03:04:05.000"]

=== dt-timestamp-to-varchar
SELECT CAST(last_login AS varchar) AS s FROM people WHERE id = 2
--> s:varchar
["2024-02-29 23:59:59.000"]

=== dt-filter-and-order-by-timestamp
@ordered
SELECT id FROM people WHERE last_login >= TIMESTAMP '2024-02-01 00:00:00' ORDER BY last_login
--> id:integer
["2"]
["7"]
["5"]

=== dt-filter-date
@ordered
SELECT id FROM people WHERE joined < DATE '2016-01-01' ORDER BY joined
--> id:integer
["5"]
["2"]

=== dt-unixtime-round-trips
SELECT from_unixtime(1704164645) AS a, to_unixtime(from_iso8601_timestamp('1970-01-02T00:00:00Z')) AS b
--> a:timestamp with time zone, b:double
["2024-01-02 03:04:05.000 UTC", "86400.0"]

=== dt-fractional-unixtime
SELECT year(from_unixtime(1709251200.5)) AS y, from_unixtime(1709251200.5) AS t
--> y:bigint, t:timestamp with time zone
["2024", "2024-03-01 00:00:00.500 UTC"]

=== dt-date-diff-from-column
SELECT date_diff('day', joined, DATE '2024-01-01') AS days FROM people WHERE id = 7
--> days:bigint
["214"]

=== dt-last-day-and-week
SELECT last_day_of_month(DATE '2024-02-10') AS l, week(DATE '2024-01-01') AS w, date(TIMESTAMP '2024-05-06 07:08:09.000') AS d
--> l:date, w:bigint, d:date
["2024-02-29", "1", "2024-05-06"]

=== dt-parse-datetime
SELECT parse_datetime('2024-01-02 03:04', 'yyyy-MM-dd HH:mm') AS t
--> t:timestamp with time zone
["2024-01-02 03:04:00.000 UTC"]

=== dt-compare-tz-with-timestamp
# A timestamp is compared with a timestamp with time zone in the session zone (UTC).
SELECT from_unixtime(1704164645) = TIMESTAMP '2024-01-02 03:04:05.000' AS same
--> same:boolean
["true"]

=== dt-group-by-month
SELECT date_trunc('month', ordered_at) AS m, count(*) AS n FROM orders GROUP BY 1
--> m:timestamp, n:bigint
["2024-01-01 00:00:00.000", "2"]
["2024-02-01 00:00:00.000", "2"]
["2024-03-01 00:00:00.000", "4"]
