// Trino date/time functions on a real DuckDB, expected values from Trino's documentation
// (functions/datetime.html, functions/teradata.html) as Athena prints them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { javaDouble } from '../results/numbers.js';
import { evaluate, openAthenaConnection, runTrino, typeOf } from '../../../test/support/query-engine-connection.js';

let conn: DuckDBConnection;
let close: () => void;
before(async () => ({ conn, close } = await openAthenaConnection()));
after(() => close());

const check = async (expression: string, expected: string | null) => assert.equal(await evaluate(conn, expression), expected, expression);

describe('session semantics', () => {
  it('divides integers as Trino does (truncating) and keeps decimals exact', async () => {
    await check('5 / 2', '2');
    await check('-5 / 2', '-2');
    await check('5.0 / 2', '2.5');
    await check('mod(-7, 3)', '-1');
  });

  it('runs in UTC', async () => {
    await check('current_timezone()', 'UTC');
    await check("CAST(TIMESTAMP '2024-01-01 00:00:00' AS DATE)", '2024-01-01');
  });

  it('sorts NULLs last in both directions', async () => {
    const asc = await runTrino(conn, 'SELECT x FROM (VALUES (2), (NULL), (1)) t(x) ORDER BY x');
    assert.deepEqual(asc.rows, [['1'], ['2'], [null]]);
    const desc = await runTrino(conn, 'SELECT x FROM (VALUES (2), (NULL), (1)) t(x) ORDER BY x DESC');
    assert.deepEqual(desc.rows, [['2'], ['1'], [null]]);
  });
});

describe('unix time', () => {
  it('from_unixtime gives a timestamp(3) with time zone, rounded to milliseconds', async () => {
    await check('from_unixtime(0)', '1970-01-01 00:00:00.000 UTC');
    await check('from_unixtime(1700000000.1234)', '2023-11-14 22:13:20.123 UTC');
    await check('from_unixtime(1700000000.9996)', '2023-11-14 22:13:21.000 UTC');
    assert.equal(await typeOf(conn, 'from_unixtime(0)'), 'timestamp with time zone');
  });

  it('from_unixtime with a zone gives the wall-clock time there; with hours and minutes, the offset', async () => {
    await check("from_unixtime(0, 'America/New_York')", '1969-12-31 19:00:00.000');
    await check('from_unixtime(0, 5, 30)', '1970-01-01 05:30:00.000');
  });

  it('to_unixtime gives double seconds, fractions kept', async () => {
    await check("to_unixtime(TIMESTAMP '1970-01-01 00:00:01.500')", '1.5');
    await check('to_unixtime(from_unixtime(1700000000))', '1.7E9');
  });
});

describe('ISO 8601', () => {
  it('from_iso8601_timestamp reads dates, times, fractions and offsets (the instant is kept)', async () => {
    await check("from_iso8601_timestamp('2020-05-11T11:15:05')", '2020-05-11 11:15:05.000 UTC');
    await check("from_iso8601_timestamp('2020-05-11T11:15:05.055Z')", '2020-05-11 11:15:05.055 UTC');
    await check("to_unixtime(from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00'))", javaDouble(Date.UTC(2020, 4, 11, 10, 15, 5, 55) / 1000));
    await check("from_iso8601_timestamp('2020-05-11')", '2020-05-11 00:00:00.000 UTC');
  });

  it('from_iso8601_date and to_iso8601', async () => {
    await check("from_iso8601_date('2020-05-11')", '2020-05-11');
    assert.equal(await typeOf(conn, "from_iso8601_date('2020-05-11')"), 'date');
    await check("to_iso8601(DATE '2020-05-11')", '2020-05-11');
    await check("to_iso8601(TIMESTAMP '2020-05-11 11:15:05.055')", '2020-05-11T11:15:05.055');
    await check('to_iso8601(from_unixtime(0))', '1970-01-01T00:00:00.000Z');
  });
});

describe('MySQL formats: date_format and date_parse', () => {
  it('formats with the documented specifiers', async () => {
    await check("date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H')", '10-20-2022 05');
    await check("date_format(TIMESTAMP '2024-01-02 03:04:05.678', '%Y-%m-%d %H:%i:%s.%f')", '2024-01-02 03:04:05.678000');
    await check("date_format(TIMESTAMP '2024-01-02 15:04:05', '%a %b %c %e %j %M %W %y %k %l %p')", 'Tue Jan 1 2 002 January Tuesday 24 15 3 PM');
    await check("date_format(TIMESTAMP '2024-01-02 15:04:05', '%T | %r | %h | %%')", '15:04:05 | 03:04:05 PM | 03 | %');
  });

  it('a format computed at run time is NOT_SUPPORTED (DuckDB formats with constant formats only)', async () => {
    await assert.rejects(runTrino(conn, "SELECT date_format(TIMESTAMP '2024-01-02 03:04:05', f) FROM (SELECT '%Y/%m/%d' AS f)"), /NOT_SUPPORTED: date_format needs a constant format/);
  });

  it('parses into a timestamp', async () => {
    await check("date_parse('2022/10/20/05', '%Y/%m/%d/%H')", '2022-10-20 05:00:00.000');
    await check("date_parse('20240102 031405', '%Y%m%d %H%i%s')", '2024-01-02 03:14:05.000');
    assert.equal(await typeOf(conn, "date_parse('2022/10/20', '%Y/%m/%d')"), 'timestamp');
  });
});

describe('Joda formats: format_datetime and parse_datetime', () => {
  it('formats the common patterns', async () => {
    await check("format_datetime(TIMESTAMP '2024-01-02 03:04:05.678', 'yyyy-MM-dd HH:mm:ss.SSS')", '2024-01-02 03:04:05.678');
    await check("format_datetime(TIMESTAMP '2024-01-02 15:04:05', 'EEE, d MMM yyyy hh:mm a')", 'Tue, 2 Jan 2024 03:04 PM');
    await check("format_datetime(TIMESTAMP '2024-01-02 15:04:05', 'yyyyMMdd''T''HHmm')", '20240102T1504');
    await check("format_datetime(DATE '2024-03-05', 'EEEE MMMM dd yy')", 'Tuesday March 05 24');
  });

  it('parses into a timestamp with time zone', async () => {
    await check("parse_datetime('2024-01-02 03:04', 'yyyy-MM-dd HH:mm')", '2024-01-02 03:04:00.000 UTC');
  });
});

describe('Teradata formats: to_timestamp, to_date, to_char', () => {
  it('reads the format the SageMaker SDK DatasetBuilder emits', async () => {
    await check("to_timestamp('2023-05-01 12:30:45', 'yyyy-mm-dd hh24:mi:ss')", '2023-05-01 12:30:45.000');
    assert.equal(await typeOf(conn, "to_timestamp('2023-05-01 12:30:45', 'yyyy-mm-dd hh24:mi:ss')"), 'timestamp');
  });

  it('to_date and to_char', async () => {
    await check("to_date('2023/05/01', 'yyyy/mm/dd')", '2023-05-01');
    assert.equal(await typeOf(conn, "to_date('2023/05/01', 'yyyy/mm/dd')"), 'date');
    await check("to_char(TIMESTAMP '2023-05-01 13:30:45', 'yyyy-mm-dd hh24:mi:ss')", '2023-05-01 13:30:45');
    await check("to_char(TIMESTAMP '2023-05-01 13:30:45', 'dd.mm.yy hh:mi')", '01.05.23 01:30');
  });

  it('a computed parse format is NOT_SUPPORTED (DuckDB parses with constant formats only)', async () => {
    await assert.rejects(runTrino(conn, "SELECT to_timestamp('2023', f) FROM (SELECT 'yyyy' f)"), /NOT_SUPPORTED/);
  });
});

describe('date arithmetic', () => {
  it('date_add keeps the argument type and clamps month ends', async () => {
    await check("date_add('day', 1, DATE '2020-02-28')", '2020-02-29');
    await check("date_add('month', 1, DATE '2020-01-31')", '2020-02-29');
    await check("date_add('year', -1, DATE '2020-02-29')", '2019-02-28');
    await check("date_add('quarter', 1, DATE '2020-01-15')", '2020-04-15');
    await check("date_add('week', 2, DATE '2020-01-01')", '2020-01-15');
    await check("date_add('hour', 25, TIMESTAMP '2020-01-01 00:00:00')", '2020-01-02 01:00:00.000');
    await check("date_add('millisecond', 5, TIMESTAMP '2020-01-01 00:00:00')", '2020-01-01 00:00:00.005');
    await check("date_add('minute', 90, from_unixtime(0))", '1970-01-01 01:30:00.000 UTC');
    assert.equal(await typeOf(conn, "date_add('day', 1, DATE '2020-02-28')"), 'date');
  });

  it('date_diff counts whole units elapsed', async () => {
    await check("date_diff('day', TIMESTAMP '2020-01-01 23:00:00', TIMESTAMP '2020-01-02 01:00:00')", '0');
    await check("date_diff('day', DATE '2020-01-01', DATE '2020-03-01')", '60');
    await check("date_diff('month', DATE '2020-01-15', DATE '2020-03-14')", '1');
    await check("date_diff('hour', TIMESTAMP '2020-01-02 00:00:00', TIMESTAMP '2020-01-01 00:00:00')", '-24');
    await check("date_diff('second', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-01-01 00:01:30')", '90');
  });

  it('date_trunc keeps the argument type', async () => {
    await check("date_trunc('month', DATE '2020-05-17')", '2020-05-01');
    await check("date_trunc('hour', TIMESTAMP '2020-05-17 10:42:01.123')", '2020-05-17 10:00:00.000');
  });

  it('interval arithmetic and literals', async () => {
    await check("TIMESTAMP '2020-01-01 00:00:00' + INTERVAL '1' DAY", '2020-01-02 00:00:00.000');
    // date ± interval is a date in Trino.
    await check("DATE '2020-01-31' - INTERVAL '1' DAY", '2020-01-30');
    await check("DATE '2012-08-08' + INTERVAL '2' DAY", '2012-08-10');
    await check("DATE '2024-01-31' + INTERVAL '1' MONTH", '2024-02-29');
    await check("INTERVAL '90' MINUTE", '0 01:30:00.000');
  });
});

describe('fields of dates', () => {
  it('day_of_week is ISO (Monday 1 … Sunday 7), day_of_year, week and year_of_week are ISO', async () => {
    await check("day_of_week(DATE '2024-01-07')", '7');
    await check("dow(DATE '2024-01-08')", '1');
    await check("day_of_year(DATE '2024-12-31')", '366');
    await check("doy(DATE '2023-02-01')", '32');
    await check("week(DATE '2021-01-01')", '53');
    await check("week_of_year(DATE '2021-01-04')", '1');
    await check("year_of_week(DATE '2021-01-01')", '2020');
    await check("yow(DATE '2021-01-04')", '2021');
  });

  it('year, month, day, hour, minute, second, millisecond', async () => {
    const ts = "TIMESTAMP '2024-03-05 06:07:08.009'";
    await check(`year(${ts})`, '2024');
    await check(`quarter(${ts})`, '1');
    await check(`month(${ts})`, '3');
    await check(`day(${ts})`, '5');
    await check(`day_of_month(${ts})`, '5');
    await check(`hour(${ts})`, '6');
    await check(`minute(${ts})`, '7');
    await check(`second(${ts})`, '8');
    await check(`millisecond(${ts})`, '9');
    await check(`extract(YEAR FROM ${ts})`, '2024');
  });

  it('last_day_of_month', async () => {
    await check("last_day_of_month(DATE '2020-02-10')", '2020-02-29');
    await check("last_day_of_month(TIMESTAMP '2021-12-03 10:00:00')", '2021-12-31');
  });
});

describe('time zones', () => {
  it('at_timezone gives the wall-clock time in the zone', async () => {
    await check("at_timezone(TIMESTAMP '2012-10-31 01:00:00', 'America/Los_Angeles')", '2012-10-30 18:00:00.000');
    await check("at_timezone(from_unixtime(0), 'Asia/Tokyo')", '1970-01-01 09:00:00.000');
  });

  it('AT TIME ZONE converts the instant (a plain timestamp being UTC), as Trino does', async () => {
    await check("TIMESTAMP '2012-10-31 01:00:00' AT TIME ZONE 'America/Los_Angeles'", '2012-10-30 18:00:00.000');
    await check("from_unixtime(0) AT TIME ZONE 'Asia/Tokyo'", '1970-01-01 09:00:00.000');
    await check("hour(from_unixtime(0) AT TIME ZONE 'Asia/Kolkata')", '5');
    await check("ts AT TIME ZONE z FROM (SELECT TIMESTAMP '2020-06-01 12:00:00' AS ts, 'Europe/Paris' AS z)", '2020-06-01 14:00:00.000');
  });

  it('with_timezone reads a wall-clock time in the zone', async () => {
    await check("with_timezone(TIMESTAMP '2012-10-30 18:00:00', 'America/Los_Angeles')", '2012-10-31 01:00:00.000 UTC');
  });

  it('current_timestamp and now() are timestamps with time zone; current_date a date', async () => {
    assert.equal(await typeOf(conn, 'current_timestamp'), 'timestamp with time zone');
    assert.equal(await typeOf(conn, 'now()'), 'timestamp with time zone');
    assert.equal(await typeOf(conn, 'current_date'), 'date');
    const now = await evaluate(conn, 'to_unixtime(now())');
    assert.ok(Math.abs(Number(now) - Date.now() / 1000) < 60, String(now));
  });
});
