import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  lastIsoWeekOf,
  dateToExcelSerial,
  dayNumber,
  daysBetween,
  excelSerialToDate,
  fromDayNumber,
  hoursBetween,
  isValidDate,
  isoWeekKey,
  isoWeekMonday,
  monthEnd,
  monthKey,
  parseDate,
  previousMonth,
  shanghaiNow,
  shanghaiToday,
} from '../../domain/dates';

function ok(input: Parameters<typeof parseDate>[0], opts?: Parameters<typeof parseDate>[1]): string {
  const r = parseDate(input, opts);
  if (!r.ok) throw new Error(`refused: ${r.reason.en}`);
  return r.time ? `${r.date} ${r.time}` : String(r.date);
}

describe('parseDate: every format found in real exports', () => {
  it.each([
    ['2026-11-03', '2026-11-03'],
    ['2026/11/3', '2026-11-03'],
    ['2026/11/03', '2026-11-03'],
    ['2026.11.3', '2026-11-03'],
    ['2026-1-3', '2026-01-03'],
    ['20261103', '2026-11-03'],
    ['2026年11月3日', '2026-11-03'],
    ['2026年1月03日', '2026-01-03'],
    ['２０２６年１１月３日', '2026-11-03'],
    ['2025/12/03  14:06:51', '2025-12-03 14:06:51'], // SPDB: two spaces
    ['2026-11-03 14:06:51', '2026-11-03 14:06:51'],
    ['2026-11-03T14:06:51', '2026-11-03 14:06:51'],
    ['2026-11-03 14:06', '2026-11-03 14:06:00'],
    ['2026-11-03 9:05:01', '2026-11-03 09:05:01'],
    ['2026-11-03 14:06:51.250', '2026-11-03 14:06:51'],
    ['2026年11月3日 14:06:51', '2026-11-03 14:06:51'],
    ['20251203 14:06:51', '2025-12-03 14:06:51'],
    ['2023-02-12 21:32:14 ', '2023-02-12 21:32:14'], // Alipay trailing space
    ['2023-04-22     \t', '2023-04-22'], // ICBC padding and tab
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2026-11-03T06:06:51Z', '2026-11-03 14:06:51'], // an instant: its Shanghai wall clock
    ['2026-11-03T20:00:00+00:00', '2026-11-04 04:00:00'],
    ['2026-11-03T14:06:51+08:00', '2026-11-03 14:06:51'],
  ])('%j → %s', (input, expected) => {
    expect(ok(input)).toBe(expected);
  });

  it.each(['', '  ', '-', '--', '\t'])('empty %j → date null', (input) => {
    expect(parseDate(input)).toEqual({ ok: true, date: null, time: null });
  });
  it('null and undefined cells are empty', () => {
    expect(parseDate(null)).toEqual({ ok: true, date: null, time: null });
    expect(parseDate(undefined)).toEqual({ ok: true, date: null, time: null });
  });

  it.each([
    ['03-11-2026', 'ambiguous'],
    ['11/03/2026', 'ambiguous'],
    ['3/11/26', 'ambiguous'],
    ['03.11.2026 10:00', 'ambiguous'],
    ['2026-02-30', 'no such calendar date'],
    ['2025-02-29', 'no such calendar date'],
    ['1900-02-29', 'no such calendar date'],
    ['2026-13-01', 'no such calendar date'],
    ['20260230', 'no such calendar date'],
    ['2026-11-03 24:00:00', 'no such time'],
    ['2026-11-03 12:60', 'no such time'],
    ['01/02', 'no year'],
    ['12-29', 'no year'],
    ['2026/11-03', 'unrecognised'],
    ['明天', 'unrecognised'],
    ['2026-11-3x', 'unrecognised'],
  ])('refuses %j (%s)', (input, why) => {
    const r = parseDate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.en).toContain(why);
      expect(r.reason.zh).toContain(input);
    }
  });

  it('yearless credit-card dates need a default year', () => {
    expect(ok('01/02', { defaultYear: 2024 })).toBe('2024-01-02');
    expect(ok('12/29', { defaultYear: 2023 })).toBe('2023-12-29');
    expect(ok('1月2日', { defaultYear: 2024 })).toBe('2024-01-02');
    expect(parseDate('02/29', { defaultYear: 2023 }).ok).toBe(false);
    expect(ok('02/29', { defaultYear: 2024 })).toBe('2024-02-29');
    // a date with its own year ignores the default
    expect(ok('2026-11-03', { defaultYear: 2024 })).toBe('2026-11-03');
  });
});

describe('Excel serial numbers', () => {
  // Hand-checked: Excel shows 2000-01-01 as 36526 and counts 1900 as a leap year;
  // 2025-01-01 is 36526 + 25×365 + 7 leap days (2000…2024) = 45658.
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [36526, '2000-01-01'],
    [45658, '2025-01-01'],
    [46329, '2026-11-03'],
    [2958465, '9999-12-31'],
  ])('1900 system: %d → %s', (serial, date) => {
    expect(ok(serial)).toBe(date);
    expect(excelSerialToDate(serial)).toEqual({ date, time: null });
    expect(dateToExcelSerial(date)).toBe(serial);
  });

  it('serial 60 (the phantom 1900-02-29) is refused', () => {
    const r = parseDate(60);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.zh).toContain('1900-02-29');
    expect(() => excelSerialToDate(60)).toThrow(RangeError);
    expect(() => excelSerialToDate(60.5)).toThrow(RangeError);
  });

  it('serials outside the range are refused', () => {
    expect(parseDate(0).ok).toBe(false);
    expect(parseDate(-1).ok).toBe(false);
    expect(parseDate(2958466).ok).toBe(false);
    expect(parseDate(NaN).ok).toBe(false);
    expect(parseDate(Infinity).ok).toBe(false);
    expect(() => dateToExcelSerial('1899-12-31')).toThrow(RangeError);
  });

  it('the fraction is the time of day, rounded to the second', () => {
    expect(ok(45658.5)).toBe('2025-01-01 12:00:00');
    expect(ok(45658.25)).toBe('2025-01-01 06:00:00');
    expect(ok(45658 + (14 * 3600 + 6 * 60 + 51) / 86400)).toBe('2025-01-01 14:06:51');
    expect(ok(45658 + 86399.6 / 86400)).toBe('2025-01-02 00:00:00');
    expect(excelSerialToDate(45658.75)).toEqual({ date: '2025-01-01', time: '18:00:00' });
  });

  it('1904 system: serial 0 is 1904-01-01, 1462 days after the 1900 system', () => {
    expect(ok(0, { date1904: true })).toBe('1904-01-01');
    expect(ok(44196, { date1904: true })).toBe('2025-01-01');
    expect(ok(60, { date1904: true })).toBe('1904-03-01'); // 1904 is a real leap year: Jan 31 + Feb 29
    expect(dateToExcelSerial('2025-01-01', true)).toBe(44196);
    expect(excelSerialToDate(44196.5, true)).toEqual({ date: '2025-01-01', time: '12:00:00' });
  });

  it('a serial stored as text is read too, and 8-digit numbers are yyyymmdd', () => {
    expect(ok('45658')).toBe('2025-01-01');
    expect(ok(20250101)).toBe('2025-01-01');
    expect(parseDate(20250230).ok).toBe(false);
  });

  it('round trip over the whole range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1523, max: 2958465 }), fc.boolean(), (serial, is1904) => {
        const s = is1904 ? serial - 1462 : serial;
        const d = excelSerialToDate(s, is1904).date;
        return dateToExcelSerial(d, is1904) === s;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('JS Dates from spreadsheet readers (exceljs: wall clock in the UTC fields)', () => {
  it('takes the UTC fields', () => {
    expect(ok(new Date(Date.UTC(2026, 10, 3, 14, 6, 51)))).toBe('2026-11-03 14:06:51');
    expect(ok(new Date(Date.UTC(2026, 10, 3)))).toBe('2026-11-03'); // midnight: a date without a time
    expect(ok(new Date(Date.UTC(2026, 11, 31, 23, 59, 59)))).toBe('2026-12-31 23:59:59');
  });
  it('rounds float noise in the milliseconds to the second', () => {
    expect(ok(new Date(Date.UTC(2025, 11, 3, 14, 6, 50, 999)))).toBe('2025-12-03 14:06:51');
    expect(ok(new Date(Date.UTC(2025, 11, 3, 23, 59, 59, 999)))).toBe('2025-12-04');
  });
  it('refuses an invalid Date', () => {
    expect(parseDate(new Date('nonsense')).ok).toBe(false);
  });
});

describe('no drift whatever the machine time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  function everything(): unknown {
    return [
      parseDate(new Date(Date.UTC(2026, 10, 3, 0, 30, 0))),
      parseDate(new Date(Date.UTC(2026, 10, 3))),
      parseDate('2026-11-03 00:30:00'),
      parseDate(46329.02),
      shanghaiToday(new Date('2026-11-03T16:30:00Z')),
      shanghaiToday(new Date('2026-11-03T15:30:00Z')),
      shanghaiNow(new Date('2026-03-08T10:30:00Z')), // US DST starts that weekend
      daysBetween('2026-03-07', '2026-03-09'),
      hoursBetween('2026-03-07T12:00:00', '2026-03-09T12:00:00'),
      addDays('2026-10-31', 2),
      isoWeekKey('2026-11-01'),
    ];
  }

  it('gives the same results in Los Angeles, Kiritimati (UTC+14) and Shanghai', () => {
    const results: unknown[] = [];
    for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      // prove the zone really changed for this process
      const offset = new Date(2026, 10, 3).getTimezoneOffset();
      expect(offset).toBe({ 'Asia/Shanghai': -480, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840, UTC: 0 }[tz]);
      results.push(everything());
    }
    expect(results[0]).toEqual([
      { ok: true, date: '2026-11-03', time: '00:30:00' },
      { ok: true, date: '2026-11-03', time: null },
      { ok: true, date: '2026-11-03', time: '00:30:00' },
      { ok: true, date: '2026-11-03', time: '00:28:48' },
      '2026-11-04',
      '2026-11-03',
      '2026-03-08T18:30:00',
      2,
      48,
      '2026-11-02',
      '2026-W44',
    ]);
    for (const r of results) expect(r).toEqual(results[0]);
  });
});

describe('calendar arithmetic', () => {
  it('day numbers', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2000-01-01')).toBe(10957); // 30×365 + 7 leap days
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(fromDayNumber(10957)).toBe('2000-01-01');
    expect(() => dayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumber('2026/11/03')).toThrow(RangeError);
  });
  it('day number round trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700000, max: 2900000 }), (n) => dayNumber(fromDayNumber(n)) === n),
      { numRuns: 2000 },
    );
  });
  it('addDays and daysBetween across month, leap day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-11-03', '2026-11-01')).toBe(-2);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });
  it('hours for the 24-hour booking rule', () => {
    expect(hoursBetween('2026-11-03T14:00:00', '2026-11-04T15:30:00')).toBe(25.5);
    expect(hoursBetween('2026-11-03T10:00:00', '2026-11-04T10:00:00')).toBe(24);
    expect(hoursBetween('2026-11-03T10:00:00', '2026-11-04T10:00:01')).toBeGreaterThan(24);
    expect(hoursBetween('2026-11-03', '2026-11-04')).toBe(24);
    expect(hoursBetween('2026-11-03 23:00', '2026-11-04')).toBe(1);
    expect(hoursBetween('2026-11-04T10:00:00', '2026-11-03T10:00:00')).toBe(-24);
    expect(() => hoursBetween('2026-11-03T25:00:00', '2026-11-04')).toThrow(RangeError);
  });
  it('isValidDate wants exactly YYYY-MM-DD and a real day', () => {
    expect(isValidDate('2026-11-03')).toBe(true);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-11-3')).toBe(false);
    expect(isValidDate('2026/11/03')).toBe(false);
    expect(isValidDate('')).toBe(false);
  });
  it('month keys', () => {
    expect(monthKey('2026-11-03')).toBe('2026-11');
    expect(() => monthKey('2026-11')).toThrow(RangeError);
  });
});

describe('ISO weeks', () => {
  // Hand-checked: 2026-01-01 is a Thursday, so 2026 has 53 ISO weeks and week 1 starts 2025-12-29;
  // 2020 (starts Wednesday, leap year) also has 53 weeks.
  it.each([
    ['2026-11-23', '2026-W48'], // Monday
    ['2026-11-29', '2026-W48'], // Sunday
    ['2026-11-30', '2026-W49'],
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekKey(date)).toBe(week);
  });

  it.each([
    ['2026-W48', '2026-11-23'],
    ['2026-W01', '2025-12-29'],
    ['2026-W53', '2026-12-28'],
    ['2020-W53', '2020-12-28'],
    ['2021-W01', '2021-01-04'],
  ])('%s starts on Monday %s', (week, monday) => {
    expect(isoWeekMonday(week)).toBe(monday);
  });

  it.each([
    [2026, '2026-W53'], // 2026 starts on a Thursday
    [2027, '2027-W52'],
    [2020, '2020-W53'], // a leap year starting on a Wednesday
    [2021, '2021-W52'],
  ])('the last ISO week of %s is %s', (year, last) => {
    expect(lastIsoWeekOf(year)).toBe(last);
  });

  it('refuses weeks that do not exist', () => {
    expect(() => isoWeekMonday('2027-W53')).toThrow(RangeError); // 2027 has 52 weeks
    expect(() => isoWeekMonday('2026-W00')).toThrow(RangeError);
    expect(() => isoWeekMonday('2026-48')).toThrow(RangeError);
  });

  it('every day maps into the week that starts on its Monday (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('2100-12-31') }), (n) => {
        const d = fromDayNumber(n);
        const monday = isoWeekMonday(isoWeekKey(d));
        const diff = daysBetween(monday, d);
        return diff >= 0 && diff <= 6 && isoWeekKey(monday) === isoWeekKey(d);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Shanghai today and now from an instant', () => {
  it('switches date at 16:00 UTC', () => {
    expect(shanghaiToday(new Date('2026-11-03T15:59:59Z'))).toBe('2026-11-03');
    expect(shanghaiToday(new Date('2026-11-03T16:00:00Z'))).toBe('2026-11-04');
    expect(shanghaiNow(new Date('2026-11-03T15:59:59Z'))).toBe('2026-11-03T23:59:59');
    expect(shanghaiNow(new Date('2026-12-31T16:00:00.900Z'))).toBe('2027-01-01T00:00:00');
  });
  it('defaults to the current instant', () => {
    expect(isValidDate(shanghaiToday())).toBe(true);
    expect(shanghaiNow()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });
});

describe('month keys', () => {
  it('the month before and the last day of a month, across the year and in leap years', () => {
    expect(['2026-11', '2026-01', '2000-10'].map(previousMonth)).toEqual(['2026-10', '2025-12', '2000-09']);
    expect(['2026-11', '2026-12', '2024-02', '2026-02', '2100-02'].map(monthEnd)).toEqual(['2026-11-30', '2026-12-31', '2024-02-29', '2026-02-28', '2100-02-28']);
  });
});
