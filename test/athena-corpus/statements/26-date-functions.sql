# More date and time functions and interval arithmetic (https://trino.io/docs/current/functions/datetime.html,
# and Athena engine v3's notes on to_iso8601 and time zones; 05-datetime.sql has the basics).
# Timestamp literals are written with three fraction digits so they are timestamp(3). Athena's
# session time zone is UTC. Interval results print as "D HH:MM:SS.fff" (interval day to second) or
# "Y-M" (interval year to month); ISO week numbering for week/year_of_week.

=== dtfn-interval-operators-doc
SELECT DATE '2012-08-08' + INTERVAL '2' DAY AS a, TIMESTAMP '2012-08-08 01:00:00.000' + INTERVAL '29' HOUR AS b, TIMESTAMP '2012-10-31 01:00:00.000' + INTERVAL '1' MONTH AS c, DATE '2012-08-08' - INTERVAL '2' DAY AS d, TIMESTAMP '2012-08-08 01:00:00.000' - INTERVAL '29' HOUR AS e, TIMESTAMP '2012-10-31 01:00:00.000' - INTERVAL '1' MONTH AS f
--> a:date, b:timestamp, c:timestamp, d:date, e:timestamp, f:timestamp
["2012-08-10", "2012-08-09 06:00:00.000", "2012-11-30 01:00:00.000", "2012-08-06", "2012-08-06 20:00:00.000", "2012-09-30 01:00:00.000"]

=== dtfn-time-plus-interval-doc
SELECT TIME '01:00:00.000' + INTERVAL '3' HOUR AS a, TIME '01:00:00.000' - INTERVAL '3' HOUR AS b
--> a:time, b:time
["04:00:00.000", "22:00:00.000"]

=== dtfn-interval-day-to-second-doc
SELECT INTERVAL '2' DAY + INTERVAL '3' HOUR AS a, INTERVAL '2' DAY - INTERVAL '3' HOUR AS b
--> a:interval day to second, b:interval day to second
["2 03:00:00.000", "1 21:00:00.000"]

=== dtfn-interval-year-to-month-doc
@gap a year-month interval is typed interval day to second
SELECT INTERVAL '3' YEAR + INTERVAL '5' MONTH AS a, INTERVAL '3' YEAR - INTERVAL '5' MONTH AS b
--> a:interval year to month, b:interval year to month
["3-5", "2-7"]

=== dtfn-at-time-zone-doc
@gap docs/athena-sql.md "Known differences": a timestamp with time zone keeps no zone, AT TIME ZONE gives a plain timestamp
SELECT TIMESTAMP '2012-10-31 01:00:00.000 UTC' AS a, TIMESTAMP '2012-10-31 01:00:00.000 UTC' AT TIME ZONE 'America/Los_Angeles' AS b
--> a:timestamp with time zone, b:timestamp with time zone
["2012-10-31 01:00:00.000 UTC", "2012-10-30 18:00:00.000 America/Los_Angeles"]

=== dtfn-with-timezone-instant
# with_timezone reads the wall-clock time in the zone: midnight in Tokyo (UTC+9) is 9 hours before the epoch.
SELECT to_unixtime(with_timezone(TIMESTAMP '1970-01-01 00:00:00.000', 'Asia/Tokyo')) AS a
--> a:double
["-32400.0"]

=== dtfn-to-iso8601-athena-doc
SELECT to_iso8601(with_timezone(TIMESTAMP '2023-01-01 00:00:00.000', 'UTC')) AS a, to_iso8601(CAST(DATE '2023-02-24' AS TIMESTAMP WITH TIME ZONE)) AS b, to_iso8601(CAST(DATE '2023-02-24' AS TIMESTAMP)) AS c
--> a:varchar, b:varchar, c:varchar
["2023-01-01T00:00:00.000Z", "2023-02-24T00:00:00.000Z", "2023-02-24T00:00:00.000"]

=== dtfn-from-iso8601-date-forms-doc
@gap from_iso8601_date does not read ISO week dates (2020-W10) or ordinal dates (2020-123)
SELECT from_iso8601_date('2020-05-11') AS a, from_iso8601_date('2020-W10') AS b, from_iso8601_date('2020-123') AS c
--> a:date, b:date, c:date
["2020-05-11", "2020-03-02", "2020-05-02"]

=== dtfn-from-iso8601-timestamp-defaults
# The time defaults to midnight and the zone to the session zone (UTC).
SELECT from_iso8601_timestamp('2020-05-11') AS a, from_iso8601_timestamp('2020-05-11T11:15:05') AS b
--> a:timestamp with time zone, b:timestamp with time zone
["2020-05-11 00:00:00.000 UTC", "2020-05-11 11:15:05.000 UTC"]

=== dtfn-date-add-doc
@gap date_add on a timestamp with time zone returns a plain timestamp
SELECT date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00.000') AS a, date_add('hour', 9, TIMESTAMP '2020-03-01 00:00:00.000') AS b, date_add('day', -1, TIMESTAMP '2020-03-01 00:00:00.000 UTC') AS c
--> a:timestamp, b:timestamp, c:timestamp with time zone
["2020-03-01 00:01:26.000", "2020-03-01 09:00:00.000", "2020-02-29 00:00:00.000 UTC"]

=== dtfn-date-add-units
# Month arithmetic clamps to the month's last day.
SELECT date_add('quarter', 1, DATE '2024-11-30') AS a, date_add('week', 2, DATE '2024-12-25') AS b, date_add('year', 1, DATE '2024-02-29') AS c, date_add('millisecond', 1500, TIMESTAMP '2024-01-01 00:00:00.000') AS d
--> a:date, b:date, c:date, d:timestamp
["2025-02-28", "2025-01-08", "2025-02-28", "2024-01-01 00:00:01.500"]

=== dtfn-date-diff-doc
SELECT date_diff('second', TIMESTAMP '2020-03-01 00:00:00.000', TIMESTAMP '2020-03-02 00:00:00.000') AS a, date_diff('hour', TIMESTAMP '2020-03-01 00:00:00.000 UTC', TIMESTAMP '2020-03-02 00:00:00.000 UTC') AS b, date_diff('day', DATE '2020-03-01', DATE '2020-03-02') AS c, date_diff('millisecond', TIMESTAMP '2020-06-01 12:30:45.000000000', TIMESTAMP '2020-06-02 12:30:45.123456789') AS d
--> a:bigint, b:bigint, c:bigint, d:bigint
["86400", "24", "1", "86400123"]

=== dtfn-date-diff-units
SELECT date_diff('week', DATE '2024-01-01', DATE '2024-01-15') AS a, date_diff('quarter', DATE '2024-01-01', DATE '2024-12-31') AS b, date_diff('day', DATE '2024-03-01', DATE '2024-02-01') AS c, date_diff('year', DATE '2020-01-01', DATE '2024-06-30') AS d
--> a:bigint, b:bigint, c:bigint, d:bigint
["2", "3", "-29", "4"]

=== dtfn-date-trunc-units-doc
SELECT date_trunc('millisecond', TIMESTAMP '2001-08-22 03:04:05.321') AS ms, date_trunc('second', TIMESTAMP '2001-08-22 03:04:05.321') AS s, date_trunc('minute', TIMESTAMP '2001-08-22 03:04:05.321') AS mi, date_trunc('week', TIMESTAMP '2001-08-22 03:04:05.321') AS w, date_trunc('quarter', TIMESTAMP '2001-08-22 03:04:05.321') AS q, date_trunc('year', TIMESTAMP '2001-08-22 03:04:05.321') AS y
--> ms:timestamp, s:timestamp, mi:timestamp, w:timestamp, q:timestamp, y:timestamp
["2001-08-22 03:04:05.321", "2001-08-22 03:04:05.000", "2001-08-22 03:04:00.000", "2001-08-20 00:00:00.000", "2001-07-01 00:00:00.000", "2001-01-01 00:00:00.000"]

=== dtfn-date-trunc-date
SELECT date_trunc('week', DATE '2001-08-22') AS w, date_trunc('quarter', DATE '2001-08-22') AS q, date_trunc('year', DATE '2001-08-22') AS y
--> w:date, q:date, y:date
["2001-08-20", "2001-07-01", "2001-01-01"]

=== dtfn-extract-fields
# 2001-08-22 is a Wednesday (ISO day 3), day 234 of the year, in ISO week 34.
SELECT quarter(TIMESTAMP '2001-08-22 03:04:05.321') AS q, hour(TIMESTAMP '2001-08-22 03:04:05.321') AS h, minute(TIMESTAMP '2001-08-22 03:04:05.321') AS mi, second(TIMESTAMP '2001-08-22 03:04:05.321') AS s, millisecond(TIMESTAMP '2001-08-22 03:04:05.321') AS ms, dow(TIMESTAMP '2001-08-22 03:04:05.321') AS dw, doy(TIMESTAMP '2001-08-22 03:04:05.321') AS dy, week_of_year(TIMESTAMP '2001-08-22 03:04:05.321') AS wk
--> q:bigint, h:bigint, mi:bigint, s:bigint, ms:bigint, dw:bigint, dy:bigint, wk:bigint
["3", "3", "4", "5", "321", "3", "234", "34"]

=== dtfn-iso-week-year-boundaries
# 2021-01-01 belongs to ISO week 53 of 2020; 2024-12-30 to week 1 of 2025.
SELECT week(DATE '2021-01-01') AS a, year_of_week(DATE '2021-01-01') AS b, week(DATE '2024-12-30') AS c, yow(DATE '2024-12-30') AS d
--> a:bigint, b:bigint, c:bigint, d:bigint
["53", "2020", "1", "2025"]

=== dtfn-extract-year-of-week
@gap extract(YEAR_OF_WEEK FROM …) is not recognized
SELECT extract(YEAR_OF_WEEK FROM DATE '2024-12-30') AS e, extract(WEEK FROM DATE '2021-01-01') AS w
--> e:bigint, w:bigint
["2025", "53"]

=== dtfn-date-format-parse-doc
SELECT date_format(TIMESTAMP '2022-10-20 05:10:00.000', '%m-%d-%Y %H') AS a, date_parse('2022/10/20/05', '%Y/%m/%d/%H') AS b
--> a:varchar, b:timestamp
["10-20-2022 05", "2022-10-20 05:00:00.000"]

=== dtfn-date-format-specifiers
# 2024-03-05 is a Tuesday, day 65 of the year.
SELECT date_format(TIMESTAMP '2024-03-05 14:07:09.000', '%a %b %e %l:%i %p') AS a, date_format(TIMESTAMP '2024-03-05 14:07:09.000', '%j %y %T') AS b, date_format(TIMESTAMP '2024-03-05 14:07:09.000', '%r') AS c
--> a:varchar, b:varchar, c:varchar
["Tue Mar 5 2:07 PM", "065 24 14:07:09", "02:07:09 PM"]

=== dtfn-format-datetime-joda
SELECT format_datetime(TIMESTAMP '2024-03-05 14:07:09.000', 'EEEE, MMMM d, yyyy') AS a, format_datetime(TIMESTAMP '2024-03-05 14:07:09.000', 'hh:mm a') AS b, format_datetime(TIMESTAMP '2024-03-05 14:07:09.000', 'DDD') AS c
--> a:varchar, b:varchar, c:varchar
["Tuesday, March 5, 2024", "02:07 PM", "065"]

=== dtfn-human-readable-seconds-doc
@gap human_readable_seconds is not implemented
SELECT human_readable_seconds(96) AS a, human_readable_seconds(3762) AS b, human_readable_seconds(56363463) AS c
--> a:varchar, b:varchar, c:varchar
["1 minute, 36 seconds", "1 hour, 2 minutes, 42 seconds", "93 weeks, 1 day, 8 hours, 31 minutes, 3 seconds"]

=== dtfn-parse-duration-doc
@gap parse_duration is not implemented
SELECT parse_duration('42.8ms') AS a, parse_duration('3.81 d') AS b, parse_duration('5m') AS c
--> a:interval day to second, b:interval day to second, c:interval day to second
["0 00:00:00.043", "3 19:26:24.000", "0 00:05:00.000"]

=== dtfn-to-milliseconds
@gap to_milliseconds(interval) is not implemented
SELECT to_milliseconds(INTERVAL '1' DAY) AS a, to_milliseconds(parse_duration('5m')) AS b, to_milliseconds(INTERVAL '2' SECOND) AS c
--> a:bigint, b:bigint, c:bigint
["86400000", "300000", "2000"]

=== dtfn-timezone-hour-minute
@gap docs/athena-sql.md "Known differences": a timestamp with time zone keeps no zone, so its offset is lost
SELECT EXTRACT(TIMEZONE_HOUR FROM TIMESTAMP '2020-05-10 12:34:56.000 +08:35') AS h, EXTRACT(TIMEZONE_MINUTE FROM TIMESTAMP '2020-05-10 12:34:56.000 +08:35') AS m
--> h:bigint, m:bigint
["8", "35"]

=== dtfn-sequence-dates-and-timestamps
@gap sequence of dates with an interval step returns timestamps, not dates
SELECT sequence(DATE '2024-01-30', DATE '2024-02-02', INTERVAL '1' DAY) AS a, sequence(DATE '2024-01-01', DATE '2024-03-01', INTERVAL '1' MONTH) AS b, sequence(TIMESTAMP '2024-01-01 00:00:00.000', TIMESTAMP '2024-01-01 02:00:00.000', INTERVAL '1' HOUR) AS c
--> a:array, b:array, c:array
["[2024-01-30, 2024-01-31, 2024-02-01, 2024-02-02]", "[2024-01-01, 2024-02-01, 2024-03-01]", "[2024-01-01 00:00:00.000, 2024-01-01 01:00:00.000, 2024-01-01 02:00:00.000]"]

=== dtfn-sequence-dates-default-step
@gap docs/athena-sql.md "Known differences": sequence of dates without a step is not supported
SELECT sequence(DATE '2024-02-28', DATE '2024-03-01') AS a, sequence(DATE '2024-03-01', DATE '2024-02-28') AS b
--> a:array, b:array
["[2024-02-28, 2024-02-29, 2024-03-01]", "[2024-03-01, 2024-02-29, 2024-02-28]"]

=== dtfn-current-timezone-and-last-day
SELECT current_timezone() AS z, last_day_of_month(DATE '2023-02-10') AS a, last_day_of_month(TIMESTAMP '2024-02-10 10:00:00.000') AS b, quarter(DATE '2023-11-30') AS q
--> z:varchar, a:date, b:date, q:bigint
["UTC", "2023-02-28", "2024-02-29", "4"]
