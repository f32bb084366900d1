import { bi, type Bilingual } from './text';

/**
 * Calendar dates are local Asia/Shanghai dates, carried as "YYYY-MM-DD" strings so they never
 * drift through UTC; date-times as "YYYY-MM-DDTHH:mm:ss" (local, no zone).
 *
 * All arithmetic here is pure calendar arithmetic (proleptic Gregorian day numbers); nothing
 * depends on the machine's time zone. The only instants handled are JS Dates: from a spreadsheet
 * reader they carry the cell's wall clock in their UTC fields (exceljs does this), and
 * shanghaiToday/shanghaiNow shift an instant by +8 h (China has had no DST since 1991).
 *
 * Excel serials: in the 1900 system serial 1 = 1900-01-01 and serial 60 is Excel's phantom
 * 1900-02-29 (a Lotus 1-2-3 bug Excel keeps); that serial is refused (parseDate) / throws
 * (excelSerialToDate), and serials from 61 on are shifted by one day, so 61 = 1900-03-01.
 * In the 1904 system serial 0 = 1904-01-01. The fraction of a serial is the time of day,
 * rounded to the second.
 */
export type LocalDate = string;
export type LocalDateTime = string;

export type DateParse =
  | { ok: true; date: LocalDate | null; time: string | null } // date null: empty cell; time "HH:mm:ss" when given
  | { ok: false; reason: Bilingual };

export interface DateParseOptions {
  /** Workbook uses the 1904 date system (Mac Excel). */
  date1904?: boolean;
  /** Year to assume for yearless dates such as "01/02" (credit-card statements). */
  defaultYear?: number;
}

const MS_PER_DAY = 86_400_000;
/** Largest serial Excel accepts: 9999-12-31. */
const MAX_SERIAL_1900 = 2_958_465;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}
function validYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}
function ymd(y: number, m: number, d: number): LocalDate {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** Days from civil (H. Hinnant's algorithm): days since 1970-01-01 of y-m-d. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return [y, m, d];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function splitDate(date: LocalDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`不是日期 YYYY-MM-DD："${date}" / not a YYYY-MM-DD date: "${date}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validYmd(y, mo, d)) throw new RangeError(`日期不存在："${date}" / no such date: "${date}"`);
  return [y, mo, d];
}

/** True for a real calendar date written exactly as YYYY-MM-DD. */
export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  return !!m && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Days since 1970-01-01 of a calendar date (pure arithmetic, no time zone). Throws RangeError on a bad date. */
export function dayNumber(date: LocalDate): number {
  const [y, m, d] = splitDate(date);
  return daysFromCivil(y, m, d);
}

export function fromDayNumber(n: number): LocalDate {
  const [y, m, d] = civilFromDays(Math.floor(n));
  return ymd(y, m, d);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** b − a in whole days. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

function secondsOfTime(t: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(t);
  if (!m) return NaN;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return NaN;
  return h * 3600 + mi * 60 + s;
}

function dateTimeSeconds(dt: LocalDateTime): number {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](.+))?$/.exec(dt.trim());
  if (!m) throw new RangeError(`不是日期时间："${dt}" / not a date-time: "${dt}"`);
  const secs = m[2] === undefined ? 0 : secondsOfTime(m[2]);
  if (Number.isNaN(secs)) throw new RangeError(`时间不对："${dt}" / bad time: "${dt}"`);
  return dayNumber(m[1]) * 86400 + secs;
}

/** b − a in hours (fractional), times default to 00:00:00. Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:mm[:ss]" or a space instead of T. */
export function hoursBetween(a: LocalDateTime, b: LocalDateTime): number {
  return (dateTimeSeconds(b) - dateTimeSeconds(a)) / 3600;
}

function weekday(n: number): number {
  // 1970-01-01 was a Thursday; ISO weekday Monday = 1 … Sunday = 7
  return (((n + 3) % 7) + 7) % 7 + 1;
}

/** "2026-W48" — ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(date: LocalDate): string {
  const n = dayNumber(date);
  const thursday = n - weekday(n) + 4;
  const [year] = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return `${pad4(year)}-W${pad2(week)}`;
}

/** The last ISO week of a year ("2026-W53", "2027-W52"): 28 December is always in it. */
export function lastIsoWeekOf(year: string | number): string {
  return isoWeekKey(`${pad4(Number(year))}-12-28`);
}

function isoWeek1Monday(year: number): number {
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - weekday(jan4) + 1;
}

/** Monday of an ISO week key ("2026-W48" → "2026-11-23"). Throws RangeError on a bad key. */
export function isoWeekMonday(weekKey: string): LocalDate {
  const m = /^(\d{4})-W(\d{2})$/.exec(weekKey.trim());
  if (!m) throw new RangeError(`不是周编号（如 2026-W48）："${weekKey}" / not a week key like 2026-W48: "${weekKey}"`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const weeks = (isoWeek1Monday(year + 1) - isoWeek1Monday(year)) / 7;
  if (week < 1 || week > weeks) {
    throw new RangeError(`${year} 年没有第 ${week} 周 / ${year} has no week ${week}`);
  }
  return fromDayNumber(isoWeek1Monday(year) + (week - 1) * 7);
}

/** "2026-11" of a date. */
export function monthKey(date: LocalDate): string {
  splitDate(date);
  return date.slice(0, 7);
}

/** The month before a month key: "2026-01" → "2025-12". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${pad4(y - 1)}-12` : `${pad4(y)}-${String(m - 1).padStart(2, '0')}`;
}

/** Whole months from one month key to another: "2026-11" → "2027-02" is 3. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + tm - fm;
}

/** The last day of a month key: "2026-02" → "2026-02-28". */
export function monthEnd(month: string): LocalDate {
  const [y, m] = month.split('-').map(Number);
  return ymd(y, m, daysInMonth(y, m));
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

function wallClock(ms: number): { date: LocalDate; time: string } {
  const day = Math.floor(ms / MS_PER_DAY);
  const secs = Math.floor((ms - day * MS_PER_DAY) / 1000);
  return {
    date: fromDayNumber(day),
    time: `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}:${pad2(secs % 60)}`,
  };
}

/** Today's date in Asia/Shanghai (UTC+8, no DST) from an instant. */
export function shanghaiToday(now: Date = new Date()): LocalDate {
  return wallClock(now.getTime() + SHANGHAI_OFFSET_MS).date;
}

/** "YYYY-MM-DDTHH:mm:ss" wall clock in Asia/Shanghai of an instant. */
export function shanghaiNow(now: Date = new Date()): LocalDateTime {
  const w = wallClock(now.getTime() + SHANGHAI_OFFSET_MS);
  return `${w.date}T${w.time}`;
}

function serialRangeError(serial: number): RangeError {
  return new RangeError(`不是有效的 Excel 日期序号：${serial} / not a valid Excel date serial: ${serial}`);
}

/**
 * Excel serial → calendar date and time of day (null when the serial is a whole number).
 * Throws RangeError for serial 60 of the 1900 system (the phantom 1900-02-29), for serials
 * before the system's first day, and beyond 9999-12-31.
 */
export function excelSerialToDate(serial: number, date1904 = false): { date: LocalDate; time: string | null } {
  if (!Number.isFinite(serial)) throw serialRangeError(serial);
  let whole = Math.floor(serial);
  let secs = Math.round((serial - whole) * 86400);
  if (secs === 86400) {
    whole += 1;
    secs = 0;
  }
  let day: number;
  if (date1904) {
    if (whole < 0 || whole > MAX_SERIAL_1900 - 1462) throw serialRangeError(serial);
    day = daysFromCivil(1904, 1, 1) + whole;
  } else {
    if (whole < 1 || whole === 60 || whole > MAX_SERIAL_1900) throw serialRangeError(serial);
    day = whole < 60 ? daysFromCivil(1899, 12, 31) + whole : daysFromCivil(1899, 12, 30) + whole;
  }
  const hasTime = serial !== Math.floor(serial);
  return {
    date: fromDayNumber(day),
    time: hasTime ? `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}:${pad2(secs % 60)}` : null,
  };
}

/** Calendar date → Excel serial (whole number). Throws RangeError before the system's first day. */
export function dateToExcelSerial(date: LocalDate, date1904 = false): number {
  const n = dayNumber(date);
  if (date1904) {
    const s = n - daysFromCivil(1904, 1, 1);
    if (s < 0) throw serialRangeError(s);
    return s;
  }
  const s = n < daysFromCivil(1900, 3, 1) ? n - daysFromCivil(1899, 12, 31) : n - daysFromCivil(1899, 12, 30);
  if (s < 1) throw new RangeError(`Excel 1900 日期系统从 1900-01-01 开始：${date} / the Excel 1900 date system starts on 1900-01-01: ${date}`);
  return s;
}

function fail(raw: string, zhWhy: string, enWhy: string): DateParse {
  return { ok: false, reason: bi(`无法识别的日期"${raw}"：${zhWhy}`, `not a date "${raw}": ${enWhy}`) };
}

const TIME_PART = String.raw`(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`;
const FULL_PATTERNS: RegExp[] = [
  // 2026-11-03, 2026/11/3, 2026.11.3 (same separator both times)
  new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME_PART}$`),
  // 2026年11月3日 (日 or 号 optional)
  new RegExp(String.raw`^(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?${TIME_PART}$`),
  // 20261103
  new RegExp(String.raw`^(\d{4})()(\d{2})(\d{2})${TIME_PART}$`),
];

/**
 * A time of day as exports and clerks write it beyond "HH:mm[:ss]": "10时20分[30秒]", "10点[20分[30秒]]", "10点半",
 * a 12-hour clock with 上午/下午 before it or AM/PM after it ("下午3:05:00", "3:05 PM", "3 PM"), and the day-part
 * words of Chinese locales (ICU/CLDR zh: 凌晨12:05, 早上7:05, 中午12:30, 晚上9:15; also 早晨/清晨, 傍晚, 夜间, 半夜).
 * Each word is a part of the day, so the hour written with it must fall there (see DAY_PARTS).
 */
export type TimeOfDay = { ok: true; time: string } | { ok: false; why: Bilingual };

interface DayPart {
  /** The hours this word may be written with (a 12-hour clock's 1–12; 0 where ICU's 0–11 clock writes it). */
  written: readonly number[];
  /** The hour of the day (0–23) of a written hour. */
  hour: (h: number) => number;
  /** The hours it allows, said. */
  zh: string;
  en: string;
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const AM: DayPart = { written: range(1, 12), hour: (h) => h % 12, zh: '12 小时制只有 1–12 点', en: 'a 12-hour clock shows 1 to 12' };
const PM: DayPart = { written: range(1, 12), hour: (h) => (h % 12) + 12, zh: '12 小时制只有 1–12 点', en: 'a 12-hour clock shows 1 to 12' };
// zh-CN's own 12-hour clock counts 0–11 (ICU, Node: toLocaleString('zh-CN', { hour12: true }) writes
// 上午0:05 and 下午0:05), Windows and Java 1–12: both say one time, so both are read.
const AM_ZH: DayPart = { written: range(0, 12), hour: AM.hour, zh: '上午写 0–12 点', en: 'a 12-hour clock with 上午 shows 0 to 12' };
const PM_ZH: DayPart = { written: range(0, 12), hour: PM.hour, zh: '下午写 0–12 点', en: 'a 12-hour clock with 下午 shows 0 to 12' };
const EARLY: DayPart = { written: range(4, 11), hour: (h) => h, zh: '早上是清早，写 4–11 点', en: 'it is the early morning, written 4 to 11' };
const DAY_PARTS: Record<string, DayPart> = {
  上午: AM_ZH,
  下午: PM_ZH,
  AM,
  PM,
  // After midnight, before dawn: 凌晨12:05 (ICU's 0–11 clock: 凌晨0:05) is 00:05, 凌晨1:05 01:05.
  凌晨: { written: [12, ...range(0, 6)], hour: (h) => h % 12, zh: '凌晨是午夜之后、天亮之前，写 12（或 0）至 6 点', en: 'it is after midnight and before dawn, written 12 (or 0) to 6' },
  早上: EARLY,
  早晨: EARLY,
  清晨: EARLY,
  // Around noon: 中午12:30 is 12:30 (ICU's 0–11 clock: 中午0:30), 中午11:30 11:30, 中午1:00 13:00.
  中午: { written: [11, 12, 0, 1, 2], hour: (h) => (h === 11 ? 11 : (h % 12) + 12), zh: '中午写 11、12（或 0）、1、2 点', en: 'it is around noon, written 11, 12 (or 0), 1 or 2' },
  傍晚: { written: range(4, 7), hour: (h) => h + 12, zh: '傍晚写 4–7 点', en: 'it is dusk, written 4 to 7' },
  // 晚上9:15 is 21:15. 晚上12 is left unread: whose midnight, the day's end or the next day's start?
  晚上: { written: range(6, 11), hour: (h) => h + 12, zh: '晚上写 6–11 点（晚上 12 点说不清是哪一天的午夜）', en: 'it is the evening, written 6 to 11 (晚上12 does not say which day’s midnight)' },
  // The night after its date, before midnight: 夜间11:20 is 23:20, 半夜11:30 23:30. Past midnight ("3日半夜2点")
  // the night may be the date's or the one before it, its hours the date's own or the next day's: 凌晨 says which.
  夜间: { written: range(7, 11), hour: (h) => h + 12, zh: '夜间写 7–11 点（午夜及之后说不清是哪一天的夜里，请写凌晨）', en: 'it is the night, written 7 to 11 (from midnight on it does not say which night: write 凌晨)' },
  半夜: { written: [11], hour: (h) => h + 12, zh: '半夜写 11 点（午夜及之后说不清是哪一天的夜里，请写凌晨）', en: 'it is the middle of the night, written 11 (from midnight on it does not say which night: write 凌晨)' },
  // Midnight itself: the start of its date (as CLDR has it) or its end (as it is said)? 0:00 of the day it starts says.
  午夜: { written: [], hour: (h) => h, zh: '午夜说不清是当天开始还是结束时的零点，请写它开始的那一天的 0:00', en: 'midnight does not say whether the day starts or ends there: write 0:00 of the day it starts' },
};
/** The first characters a time can start with: a digit or a day-part word's. */
const TIME_FIRST = new Set(['上', '下', '中', '凌', '早', '清', '傍', '晚', '夜', '半', '午']);
/** [1] the day-part word, [2] the hour, then the minutes and seconds of H:mm[:ss] [3][4], H时mm分[ss秒] [7][8], H点[mm分[ss秒]] [9][10]; AM/PM after H:mm [5] or H [6]; 半 of H点半 / H时半 [11]. */
const CLOCK =
  /^(上午|下午|中午|凌晨|早上|早晨|清晨|傍晚|晚上|夜间|半夜|午夜)?\s*(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?|\s*([AaPp])\.?[Mm]\.?|时(\d{1,2})分(?:(\d{1,2})秒)?|点(?:(\d{1,2})分(?:(\d{1,2})秒)?)?|[时点](半))$/;

/** "HH:mm:ss" of a time of day in any of the spellings above; null when `text` is none of them (it may still be impossible: { ok: false }). */
export function timeOfDay(text: string): TimeOfDay | null {
  const t = text.trim();
  if (t.length === 0) return null;
  const c = t.charCodeAt(0);
  if (!(c >= 48 && c <= 57) && !TIME_FIRST.has(t.charAt(0))) return null;
  const m = CLOCK.exec(t);
  if (!m) return null;
  const word = m[1];
  const ap = m[5] ?? m[6];
  const ampm = ap === undefined ? undefined : `${ap.toUpperCase()}M`;
  let h = Number(m[2]);
  const mi = m[11] ? 30 : Number(m[3] ?? m[7] ?? m[9] ?? 0);
  const se = Number(m[4] ?? m[8] ?? m[10] ?? 0);
  if (word !== undefined && ampm !== undefined) return { ok: false, why: bi(`“${word}”和“${ampm}”重复说了上下午`, `both ${word} and ${ampm} say which half of the day`) };
  const said = word ?? ampm;
  if (said !== undefined) {
    const part = DAY_PARTS[said];
    if (!part.written.includes(h)) {
      const at = word === undefined ? `${h} ${said}` : `${said}${h}点`; // "13 PM", "下午13点"
      return { ok: false, why: bi(`${at}不成立：${part.zh}`, `${word === undefined ? at : `${said} ${h} o’clock`} is no time: ${part.en}`) };
    }
    h = part.hour(h);
  } else if (h > 23) return { ok: false, why: bi(`一天只有 0–23 点，没有 ${h} 点`, `a day has hours 0 to 23, not ${h}`) };
  if (mi > 59) return { ok: false, why: bi(`一小时只有 0–59 分，没有 ${mi} 分`, `an hour has minutes 0 to 59, not ${mi}`) };
  if (se > 59) return { ok: false, why: bi(`一分钟只有 0–59 秒，没有 ${se} 秒`, `a minute has seconds 0 to 59, not ${se}`) };
  return { ok: true, time: `${pad2(h)}:${pad2(mi)}:${pad2(se)}` };
}

/** A date with a time that the usual forms miss; bad: which half is impossible (why: the time's reason). */
export type DateTimeSpelling = { ok: true; date: LocalDate; time: string } | { ok: false; bad: 'date' } | { ok: false; bad: 'time'; why: Bilingual };

const DIGITS_12_14 = /^\d{12}(?:\d{2})?$/;
const DB2_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.\d{1,12})?$/;
const YEAR_FIRST_TIME = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})(?:\s+|T)|(\d{2})(\d{2})\s+|年(\d{1,2})月(\d{1,2})[日号]\s*)(\S.*)$/;
/**
 * yyyyMMddHHmmss and yyyyMMddHHmm (bank CSV 交易时间), DB2 timestamps yyyy-MM-dd-HH.mm.ss[.ffffff]
 * (core-banking exports), and a year-first date (2026-11-03, 2026/11/3, 2026.11.3, 20261103,
 * 2026年11月5日) followed by a time in any spelling timeOfDay reads. A run of 12 or 14 digits is a
 * date only from 1900 to 2999 (not an account number); 年月日 may be followed by any text, and is this
 * spelling only when that text is a time. null when `s` (trimmed) is none of them.
 */
export function dateTimeSpelling(s: string): DateTimeSpelling | null {
  const c = s.charCodeAt(0);
  if (!(c >= 49 && c <= 50) || s.length < 11) return null; // a year 1xxx or 2xxx, and more than a date
  let y: number;
  let mo: number;
  let d: number;
  let time: TimeOfDay | null;
  if (DIGITS_12_14.test(s)) {
    y = Number(s.slice(0, 4));
    if (y < 1900 || y > 2999) return null;
    mo = Number(s.slice(4, 6));
    d = Number(s.slice(6, 8));
    time = timeOfDay(`${s.slice(8, 10)}:${s.slice(10, 12)}${s.length === 14 ? `:${s.slice(12, 14)}` : ''}`);
  } else {
    const db2 = DB2_TIMESTAMP.exec(s);
    if (db2) {
      [y, mo, d] = [Number(db2[1]), Number(db2[2]), Number(db2[3])];
      time = timeOfDay(`${db2[4]}:${db2[5]}:${db2[6]}`);
    } else {
      const f = YEAR_FIRST_TIME.exec(s);
      if (!f) return null;
      y = Number(f[1]);
      mo = Number(f[3] ?? f[5] ?? f[7]);
      d = Number(f[4] ?? f[6] ?? f[8]);
      time = timeOfDay(f[9]);
    }
  }
  if (time === null) return null; // no time after the date (年月日 may be followed by any text): not this spelling
  if (y < 1900 || y > 2999 || !validYmd(y, mo, d)) return { ok: false, bad: 'date' };
  if (!time.ok) return { ok: false, bad: 'time', why: time.why };
  return { ok: true, date: ymd(y, mo, d), time: time.time };
}

function parseDateText(raw: string, opts: DateParseOptions): DateParse {
  const s = raw
    .normalize('NFKC')
    .replace(/[\u200B\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (s === '' || /^-+$/.test(s)) return { ok: true, date: null, time: null };

  for (const re of FULL_PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const y = Number(m[1]);
    const mo = Number(m[3]);
    const d = Number(m[4]);
    if (!validYmd(y, mo, d)) return fail(raw, '日期不存在', 'no such calendar date');
    let date = ymd(y, mo, d);
    let time: string | null = null;
    if (m[5] !== undefined) {
      const h = Number(m[5]);
      const mi = Number(m[6]);
      const sec = m[7] === undefined ? 0 : Number(m[7]);
      if (h > 23 || mi > 59 || sec > 59) return fail(raw, '时间不存在', 'no such time of day');
      let secs = h * 3600 + mi * 60 + sec;
      const zone = m[8];
      if (zone !== undefined) {
        // An instant with a zone: take its Asia/Shanghai wall clock.
        const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
        const offset = zm ? (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 3600 + Number(zm[3]) * 60) : 0;
        let total = dayNumber(date) * 86400 + secs - offset + 8 * 3600;
        const day = Math.floor(total / 86400);
        total -= day * 86400;
        date = fromDayNumber(day);
        secs = total;
      }
      time = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}:${pad2(secs % 60)}`;
    }
    return { ok: true, date, time };
  }
  const other = dateTimeSpelling(s);
  if (other !== null) return spelled(raw, other);

  // Day or month first with the year last: ambiguous (03-11-2026, 11/03/2026).
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(\s|T|$)/.test(s)) {
    return fail(raw, '年份在后的日期无法确定是日/月还是月/日，请写成 YYYY-MM-DD', 'day-first or month-first is ambiguous; write YYYY-MM-DD');
  }
  // Yearless month/day: "01/02", "1-2", "1月2日" — only with a default year.
  const ym = /^(\d{1,2})(?:[-/.](\d{1,2})|月(\d{1,2})[日号]?)(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (ym) {
    if (opts.defaultYear === undefined) {
      return fail(raw, '日期没有年份', 'the date has no year');
    }
    const y = opts.defaultYear;
    const mo = Number(ym[1]);
    const d = Number(ym[2] ?? ym[3]);
    if (!validYmd(y, mo, d)) return fail(raw, '日期不存在', 'no such calendar date');
    let time: string | null = null;
    if (ym[4] !== undefined) {
      const h = Number(ym[4]);
      const mi = Number(ym[5]);
      const sec = ym[6] === undefined ? 0 : Number(ym[6]);
      if (h > 23 || mi > 59 || sec > 59) return fail(raw, '时间不存在', 'no such time of day');
      time = `${pad2(h)}:${pad2(mi)}:${pad2(sec)}`;
    }
    return { ok: true, date: ymd(y, mo, d), time };
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    // A serial number stored as text.
    return parseDateNumber(Number(s), raw, opts);
  }
  return fail(raw, '格式不认识', 'unrecognised format');
}

function spelled(raw: string, r: DateTimeSpelling): DateParse {
  if (r.ok) return { ok: true, date: r.date, time: r.time };
  return r.bad === 'date' ? fail(raw, '日期不存在', 'no such calendar date') : fail(raw, `时间不存在（${r.why.zh}）`, `no such time of day (${r.why.en})`);
}

function parseDateNumber(n: number, raw: string, opts: DateParseOptions): DateParse {
  if (!Number.isFinite(n)) return fail(raw, '不是有限数', 'not a finite number');
  // yyyyMMddHHmm / yyyyMMddHHmmss kept as a number by a spreadsheet (exact: well within 2^53), as the text is read.
  if (Number.isInteger(n) && ((n >= 190001010000 && n <= 299912312359) || (n >= 19000101000000 && n <= 29991231235959))) {
    const other = dateTimeSpelling(String(n));
    if (other !== null) return spelled(raw, other);
  }
  // 20261103 stored as a number: larger than any Excel serial, so no ambiguity.
  if (Number.isInteger(n) && n >= 10000101 && n <= 99991231) {
    const y = Math.floor(n / 10000);
    const mo = Math.floor((n % 10000) / 100);
    const d = n % 100;
    if (!validYmd(y, mo, d)) return fail(raw, '日期不存在', 'no such calendar date');
    return { ok: true, date: ymd(y, mo, d), time: null };
  }
  if (!opts.date1904 && Math.floor(n) === 60) {
    return fail(raw, 'Excel 序号 60 是不存在的 1900-02-29', 'Excel serial 60 is the non-existent 1900-02-29');
  }
  try {
    const r = excelSerialToDate(n, opts.date1904 ?? false);
    return { ok: true, date: r.date, time: r.time };
  } catch {
    return fail(raw, '超出 Excel 日期序号范围', 'outside the range of Excel date serials');
  }
}

/**
 * Excel serial numbers (1900 or 1904 system), "2026-11-03", "2026/11/3", "2026.11.3", "20261103",
 * "2026年11月3日", each optionally followed by a time ("14:06:51", "14:06") after spaces or "T", or
 * by a time in any spelling timeOfDay reads ("下午3:05:00", "3:05 PM", "中午12:30", "晚上9:15", "10点20分", "10点半");
 * the date-times of exports: "20261103100000", "202611031000" (also as numbers), DB2 "2026-11-03-10.00.00.000000";
 * JS Dates from a spreadsheet reader (taken as their UTC fields, as exceljs stores them; a time of
 * exactly 00:00:00 is reported as no time). Empty cells and dash markers give date null.
 * Refused with a reason: day-first/month-first forms ("03-11-2026", "11/03/2026 3:05 PM"), dates that do
 * not exist ("2026-02-30"), times that do not ("25点", "13 PM", "下午13:00", "凌晨9:00"), yearless
 * "01/02" unless opts.defaultYear is given.
 */
export function parseDate(input: string | number | Date | null | undefined, opts: DateParseOptions = {}): DateParse {
  if (input === null || input === undefined) return { ok: true, date: null, time: null };
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) return fail(String(input), '无效的日期对象', 'invalid Date object');
    const w = wallClock(Math.round(ms / 1000) * 1000);
    return { ok: true, date: w.date, time: w.time === '00:00:00' ? null : w.time };
  }
  if (typeof input === 'number') return parseDateNumber(input, String(input), opts);
  if (typeof input !== 'string') return fail(String(input), '不是文本、数字或日期', 'not text, a number or a date');
  return parseDateText(input, opts);
}
