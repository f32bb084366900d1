import Decimal from 'decimal.js';
import { Money, negatedMoney, parseAmount, plainMoney } from '../../domain/money';
import { dateTimeSpelling, parseDate, timeOfDay } from '../../domain/dates';
import type { Bilingual } from '../../domain/text';
import { columnLetter as letters } from '../../domain/issues';

/**
 * Cell values as the readers hand them over: text files give strings, spreadsheets give
 * strings, numbers and Dates (exceljs: a Date's UTC fields are the cell's calendar value).
 * The fast paths here handle the common shapes without regular expressions; anything else
 * falls back to the domain parsers (parseAmount / parseDate), which decide.
 */
export type Cell = string | number | Date | null;

/** "第 4–6 行" / "rows 4–6", and "第 4 行" / "row 4" for one row (not 第 4–4 行). */
export function rowSpanText(from: number, to: number): { zh: string; en: string } {
  return from === to ? { zh: `第 ${from} 行`, en: `row ${from}` } : { zh: `第 ${from}–${to} 行`, en: `rows ${from}–${to}` };
}

/** Column letters of a 0-based column index (0 → A). */
export function columnLetter(index: number): string {
  return letters(index + 1);
}

/** "", "-", "--", "/", "----------" mean an empty cell in real exports. */
export function isEmptyMarker(s: string): boolean {
  if (s.length === 0) return true;
  if (s === '/') return true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 45) return false;
  return true;
}

export function cellString(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'string') return c.trim();
  if (typeof c === 'number') return String(c);
  const iso = c.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * V8 keeps a substring of 13 or more characters as a view into the string it was cut from; a text
 * cell kept in a transaction would keep its whole decoded piece of file alive. A copy through its
 * UTF-16 code units (lossless for any string) is a new flat string of exactly its length — one byte
 * a character when it can be — where (' ' + s).slice(1) left a copy one character longer plus a
 * view of it: ~35 bytes and one object less for each kept memo or 摘要, for about the same time.
 */
const VIEW_MIN_LENGTH = 13;
export function detached(s: string): string {
  return s.length < VIEW_MIN_LENGTH ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/**
 * Whether a pool's look-ups find repeats often enough to keep the pool: judged every PROBE
 * look-ups, and a pool whose look-ups found fewer than a quarter of them already there gives up.
 */
class RepeatMeter {
  private static readonly PROBE = 4096;
  private lookups = 0;
  private hits = 0;

  /** Counts one look-up; false when the pool should be dropped for good. */
  count(hit: boolean): boolean {
    if (hit) this.hits++;
    if (++this.lookups < RepeatMeter.PROBE) return true;
    const keep = this.hits * 4 >= this.lookups;
    this.lookups = 0;
    this.hits = 0;
    return keep;
  }
}

/**
 * One shared copy of each repeated text (dates, times, names, memos) of the transactions a
 * reconciliation keeps in memory — statements repeat them thousands of times — detached from the
 * decoded chunk. Bounded: it starts over when full.
 *
 * A column whose texts do not repeat (references, vouchers, memos, times) gains nothing from the
 * map and paid most of the reading's pooling cost (an insert per row, a clear every `max` rows), so
 * the map judges itself (RepeatMeter): after each PROBE look-ups, if fewer than a quarter found a text already
 * kept, it is dropped for good and the column's texts are only detached. The two texts kept last
 * are still compared first, which catches what a row or the next one repeats (a voucher's lines,
 * a sorted statement's dates, a unit code that equals its 房号 value) without any map.
 */
export class TextInterner {
  private seen: Map<string, string> | null = new Map<string, string>();
  private last = '';
  private before = '';
  private readonly repeats = new RepeatMeter();
  constructor(private readonly max = 8192) {}

  intern(s: string): string;
  intern(s: string | null): string | null;
  intern(s: string | null): string | null {
    if (s === null) return null;
    if (s === this.last) return this.last;
    if (s === this.before) return this.before;
    const seen = this.seen;
    let kept = seen?.get(s);
    const hit = kept !== undefined;
    if (kept === undefined) {
      kept = detached(s);
      if (seen) {
        if (seen.size >= this.max) seen.clear();
        seen.set(kept, kept);
      }
    }
    if (seen && !this.repeats.count(hit)) this.seen = null; // a column that proved unique stays unpooled
    this.before = this.last;
    this.last = kept;
    return kept;
  }
}

/**
 * One shared Decimal per repeated amount of the rows a reconciliation keeps in memory. Mortgage
 * loans are round sums (1,400,000.00), so a month's disbursements and their bookings repeat a few
 * thousand amounts across a million rows, and each separate Decimal costs ~110 bytes of heap that
 * every garbage collection then walks. Sharing is safe: decimal.js values are immutable (every
 * operation returns a new one) and nothing here writes to one.
 *
 * It judges itself like TextInterner: a column whose amounts do not repeat (running balances,
 * interest) drops its map (RepeatMeter) and is parsed as before. Bounded: it starts over
 * when full. Only successful parses are kept; the key is the cell itself (text, detached from the
 * decoded chunk, or number), so the same cell always gives the same result.
 */
export class AmountPool {
  private seen: Map<string | number, MoneyParse> | null = new Map<string | number, MoneyParse>();
  private readonly repeats = new RepeatMeter();
  constructor(private readonly max = 16384) {}

  parse(c: Cell): MoneyParse {
    const seen = this.seen;
    // A zero number is not pooled: a Map finds -0 under 0, and the sign of a zero amount is kept as read.
    if (seen === null || c === null || c === '' || c === 0 || c instanceof Date) return parseMoneyCell(c);
    let r = seen.get(c);
    const hit = r !== undefined;
    if (r === undefined) {
      r = parseMoneyCell(c);
      if (r.ok) {
        if (seen.size >= this.max) seen.clear();
        seen.set(typeof c === 'string' ? detached(c) : c, r);
      }
    }
    if (!this.repeats.count(hit)) this.seen = null;
    return r;
  }
}

/** Text field: trimmed (spaces, tabs, full-width spaces), empty markers → null. */
export function cleanText(c: Cell): string | null {
  const s = cellString(c);
  return isEmptyMarker(s) ? null : s;
}

export type MoneyParse = { ok: true; value: Decimal | null; currency?: string } | { ok: false; reason: Bilingual };

/** Plain numbers "1234.56", "-1,234.56", "+10000.00": the cleaned digits, or null when not that simple. */
function fastNumber(s: string): string | null {
  const n = s.length;
  if (n === 0) return null;
  let i = 0;
  let sign = '';
  const c0 = s.charCodeAt(0);
  if (c0 === 43) i = 1;
  else if (c0 === 45) {
    sign = '-';
    i = 1;
  }
  const start = i;
  let digits = 0;
  let dot = false;
  let comma = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else if (c === 44 && !dot && digits > 0) comma = true;
    else return null;
  }
  if (digits === 0) return null;
  let body = s.slice(start);
  if (comma) {
    // Thousands separators only in groups of three ("1,234,567.89"); "12,34.5" is not guessed at.
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(body)) return null;
    body = body.split(',').join('');
  }
  return sign + body;
}

const CURRENCY_WORDS: Record<string, string> = { 人民币: 'CNY', RMB: 'CNY', CNY: 'CNY', 美元: 'USD', 美金: 'USD', USD: 'USD', 港币: 'HKD', 港元: 'HKD', HKD: 'HKD', 欧元: 'EUR', EUR: 'EUR', 日元: 'JPY', JPY: 'JPY', 英镑: 'GBP', GBP: 'GBP' };

/** 人民币 / RMB / CNY → CNY; unknown words are kept as written. */
export function currencyCode(text: string | null, fallback: string): string {
  if (!text) return fallback;
  const t = text.trim();
  return CURRENCY_WORDS[t] ?? CURRENCY_WORDS[t.toUpperCase()] ?? t;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The result for an empty amount cell, shared: callers only read results (one object less per empty cell). */
const NO_AMOUNT: MoneyParse = { ok: true, value: null };

export function parseMoneyCell(c: Cell): MoneyParse {
  if (c === null) return NO_AMOUNT;
  if (typeof c === 'string') {
    // Text cells as statements mostly hold them, answered before trimming: empty, or a plain number
    // (plainMoney refuses spaces, so such text is its own trimmed form). Everything else: below.
    if (c.length === 0) return NO_AMOUNT;
    const plain = plainMoney(c);
    if (plain !== null) return { ok: true, value: plain };
  }
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return { ok: false, reason: { zh: '金额不是数字', en: 'the amount is not a number' } };
    const d = moneyOfNumber(c);
    if (d.decimalPlaces() <= 2) return { ok: true, value: d };
    return fromDomain(c);
  }
  if (c instanceof Date) return { ok: false, reason: { zh: '金额单元格是日期', en: 'the amount cell holds a date' } };
  const s = c.trim();
  if (isEmptyMarker(s)) return NO_AMOUNT;
  // Most cells are plain "1234.56" / "-1234.56": one pass, no cleaned copy (fastNumber gives the same text back).
  const plain = plainMoney(s);
  if (plain !== null) return { ok: true, value: plain };
  const fast = fastNumber(s);
  if (fast !== null) return { ok: true, value: moneyOf(fast) };
  // Currency prefixes and suffixes seen in real exports: "¥28.16", "CNY 123.18", "CNY13.50", "8,000.00(CN)", "12.00元".
  let t = s;
  let currency: string | undefined;
  const m = /^([A-Z]{3})\s*(?=[-+\d])/.exec(t);
  if (m) {
    currency = currencyCode(m[1], m[1]); // "RMB 100.00" is CNY, not a currency of its own
    t = t.slice(m[0].length);
  }
  t = t.replace(/^[¥￥]\s*/, '').replace(/^([-+])[¥￥]/, '$1').replace(/\([A-Z]{2}\)$/, '').replace(/元$/, '').trim();
  const fast2 = fastNumber(t);
  if (fast2 !== null) return { ok: true, value: moneyOf(fast2), currency };
  // A trailing minus, as mainframe (COBOL) exports print a negative: "1,234.56-" is -1,234.56, the same
  // as "-1,234.56" everywhere a printed minus is read (a signed column, red ink in a money-in or
  // money-out column, beside a 借/贷 flag). The number before it must be unsigned.
  const last = t.length - 1;
  if (last > 0 && t.charCodeAt(last) === 45 && isDigit(t.charCodeAt(0))) {
    const minus = fastNumber(`-${t.slice(0, last)}`);
    if (minus !== null) return { ok: true, value: moneyOf(minus), currency };
  }
  const r = fromDomain(s);
  return r.ok && currency ? { ...r, currency } : r;
}

/**
 * A bank statement's amount with its side written after it, as mainframe-style exports print them:
 * "1,234.56CR" / "1,234.56 Cr" / "1,234.56 贷" is money in (+), "1,234.56DR" / "1,234.56 借" money out
 * (−): the bank's 贷 and 借 of the account the statement is for, which is the statement's own sign
 * convention whatever sign the layout otherwise prints. The cell alone does not say whose books it
 * is (in a finance journal a 贷 on the bank account is money out), nor what it means beside a
 * money-in/money-out column or a 借/贷 flag (a second direction), so parseMoneyCell refuses it and
 * only a statement's signed amount and balance columns ask this, after parseMoneyCell refused.
 * The number must be unsigned; null for any other text.
 */
const SIDE_SUFFIX = /^(\d[\d,.]*)[ \t\u3000]*(CR|DR|Cr|Dr|cr|dr|贷|借)$/;
export function sidedAmount(c: Cell): Decimal | null {
  if (typeof c !== 'string') return null;
  const m = SIDE_SUFFIX.exec(c.trim());
  if (!m) return null;
  const n = fastNumber(m[1]);
  if (n === null) return null;
  const size = moneyOf(n);
  const side = m[2];
  return side === '贷' || side.toUpperCase() === 'CR' ? size : negatedMoney(size);
}

/**
 * new Money(n) for a finite number. decimal.js parses n.toString() for all but zero and small
 * integers; plainMoney reads that same text without decimal.js's parser (a microsecond per XLSX
 * amount or balance cell). Zero keeps decimal.js's own path for its sign; exponent forms
 * ("1e-7"), which plainMoney refuses, do too.
 */
export function moneyOfNumber(n: number): Decimal {
  return (n !== 0 && plainMoney(String(n))) || new Money(n);
}

/** new Money(text) for fastNumber's output, without decimal.js's string parser where it can. */
function moneyOf(plain: string): Decimal {
  return plainMoney(plain) ?? new Money(plain);
}

function fromDomain(input: string | number): MoneyParse {
  const r = parseAmount(input);
  if (!r.ok) return { ok: false, reason: r.reason };
  return { ok: true, value: r.value };
}

const DIM = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DIM[m - 1]);
}
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
function ymd(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Two ASCII digits at i as a number, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** "HH:mm:ss", "HH:mm", "HHmmss", "HH:mm:ss.SSS" → "HH:mm:ss"; "" → null; undefined when malformed. */
export function parseTimeText(s: string): string | null | undefined {
  const t = s.trim();
  if (isEmptyMarker(t)) return null;
  if (t.length === 8 && isHms(t, 0)) return t;
  let h: number;
  let mi: number;
  let se = 0;
  if (t.length === 6 && /^\d{6}$/.test(t)) {
    h = +t.slice(0, 2);
    mi = +t.slice(2, 4);
    se = +t.slice(4, 6);
  } else {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(t);
    if (!m) return otherTimeSpelling(t);
    h = +m[1];
    mi = +m[2];
    se = m[3] ? +m[3] : 0;
  }
  if (h > 23 || mi > 59 || se > 59) return undefined;
  return `${pad2(h)}:${pad2(mi)}:${pad2(se)}`;
}

/**
 * Times as Chinese locales, ERPs and English-locale exports write them, tried only once the usual
 * forms failed: "10时00分[05秒]", "10点[20分[30秒]]", 上午/下午 and AM/PM clocks ("下午3:05:00",
 * "3:05 PM": 上午 12 is midnight, 下午 12 noon), the day-part words (凌晨12:05 is 00:05, 中午12:30
 * 12:30, 晚上9:15 21:15). domain timeOfDay decides, as it does for parseDate: the same cell reads the
 * same on the desk's sheets; a time that cannot be (25点, 13 PM, 下午13:00, 凌晨9:00) is no time.
 */
function otherTimeSpelling(t: string): string | undefined {
  const r = timeOfDay(t);
  return r !== null && r.ok ? r.time : undefined;
}

export function parseTimeCell(c: Cell): string | null | undefined {
  if (c === null) return null;
  if (c instanceof Date) return `${pad2(c.getUTCHours())}:${pad2(c.getUTCMinutes())}:${pad2(c.getUTCSeconds())}`;
  if (typeof c === 'number') {
    if (c >= 0 && c < 1) {
      const secs = Math.round(c * 86400);
      return `${pad2(Math.floor(secs / 3600) % 24)}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
    }
    if (Number.isInteger(c) && c >= 0 && c < 240000) return parseTimeText(String(c).padStart(6, '0'));
    return undefined;
  }
  return parseTimeText(c);
}

export type DateCellParse = { ok: true; date: string | null; time: string | null } | { ok: false; reason: Bilingual };

export interface DateContext {
  date1904?: boolean;
  /** For yearless "MM/DD": the statement's year and month; later months belong to the year before. */
  statement?: { year: number; month: number };
}

/**
 * A date given as a bare number is taken for an Excel serial only with five digits before the
 * point (1927–2173). Other digit runs are no day a statement or journal line can have: "261103"
 * (a yyMMdd date) would be the serial of 2614-11-15, "1103" of 1903-01-07, a stray 1 of 1900-01-01.
 */
function plausibleSerial(n: number): boolean {
  return n >= 10000 && n < 100000;
}
const SERIAL_TEXT = /^\d+(\.\d+)?$/;
const NOT_A_SERIAL = (s: string): DateCellParse => ({
  ok: false,
  reason: { zh: `日期无法识别：${s}（不是 YYYYMMDD，作为 Excel 日期序号也不是合理的日期）`, en: `unreadable date: ${s} (not YYYYMMDD, and as an Excel date serial no plausible day)` },
});

const BAD_DATE = (s: string): DateCellParse => ({ ok: false, reason: { zh: `日期无法识别：${s}`, en: `unreadable date: ${s}` } });

export function parseDateCell(c: Cell, ctx: DateContext = {}): DateCellParse {
  if (c === null) return { ok: true, date: null, time: null };
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return BAD_DATE(String(c));
    const h = c.getUTCHours();
    const mi = c.getUTCMinutes();
    const se = c.getUTCSeconds();
    const time = h || mi || se ? `${pad2(h)}:${pad2(mi)}:${pad2(se)}` : null;
    return { ok: true, date: ymd(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate()), time };
  }
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 29991231) return parseDateText(String(c), ctx);
    if (c > 0 && c < 2958466) {
      if (!plausibleSerial(c)) return NOT_A_SERIAL(String(c));
      // An Excel serial. parseDate refuses the ones that are no day (60 = 1900-02-29, below 1, past
      // the 1904 system's last day) with a reason, where excelSerialToDate throws.
      const r = parseDate(c, { date1904: ctx.date1904 });
      return r.ok ? { ok: true, date: r.date, time: r.time } : { ok: false, reason: r.reason };
    }
    // yyyyMMddHHmm / yyyyMMddHHmmss kept as a number by a spreadsheet (exact: 14 digits are well within 2^53).
    if (Number.isInteger(c) && ((c >= 190001010000 && c <= 299912312359) || (c >= 19000101000000 && c <= 29991231235959))) return parseDateText(String(c), ctx);
    return BAD_DATE(String(c));
  }
  return parseDateText(c, ctx);
}

function digitsAt(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    j++;
  }
  return j - i;
}

/**
 * The last date isoDatePrefix validated. Statements are sorted by date, so most rows start with the
 * previous row's date: a startsWith then replaces the digit checks and a copy of the date text, and
 * the rows share one string for the date.
 */
let lastIsoDate = '';

/** The valid "YYYY-MM-DD" that s starts with (s has "-" at 4 and 7), or null. */
function isoDatePrefix(s: string): string | null {
  if (lastIsoDate !== '' && s.startsWith(lastIsoDate)) return lastIsoDate;
  const y1 = d2(s, 0);
  const y2 = d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  if (y1 < 0 || y2 < 0 || m <= 0 || d <= 0 || !validYmd(y1 * 100 + y2, m, d)) return null;
  lastIsoDate = s.length === 10 ? s : s.slice(0, 10);
  return lastIsoDate;
}

/** s has a valid "HH:mm:ss" at i (what parseTimeText returns unchanged). */
function isHms(s: string, i: number): boolean {
  if (s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return false;
  const h = d2(s, i);
  const m = d2(s, i + 3);
  const sec = d2(s, i + 6);
  return h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59;
}

export function parseDateText(raw: string, ctx: DateContext = {}): DateCellParse {
  const s = raw.trim();
  if (isEmptyMarker(s)) return { ok: true, date: null, time: null };
  // Fastest path: "YYYY-MM-DD" optionally followed by " HH:mm:ss".
  if (s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const date = isoDatePrefix(s);
    if (date !== null) {
      if (s.length === 10) return { ok: true, date, time: null };
      if (s.length === 19 && s.charCodeAt(10) === 32) {
        const time = isHms(s, 11) ? s.slice(11) : parseTimeText(s.slice(11));
        if (time) return { ok: true, date, time };
      }
    }
  }
  const n1 = digitsAt(s, 0);
  let y = 0;
  let m = 0;
  let d = 0;
  let end = -1;
  if (n1 === 8) {
    y = +s.slice(0, 4);
    m = +s.slice(4, 6);
    d = +s.slice(6, 8);
    end = 8;
  } else if (n1 === 4 && s.length >= 8) {
    const sep = s.charCodeAt(4);
    if (sep === 45 || sep === 47 || sep === 46) {
      const n2 = digitsAt(s, 5);
      if (n2 >= 1 && n2 <= 2 && s.charCodeAt(5 + n2) === sep) {
        const n3 = digitsAt(s, 6 + n2);
        if (n3 >= 1 && n3 <= 2) {
          y = +s.slice(0, 4);
          m = +s.slice(5, 5 + n2);
          d = +s.slice(6 + n2, 6 + n2 + n3);
          end = 6 + n2 + n3;
        }
      }
    }
  } else if ((n1 === 1 || n1 === 2) && ctx.statement !== undefined) {
    // Yearless "MM/DD" (credit-card statements).
    const sep = s.charCodeAt(n1);
    if (sep === 47 || sep === 45) {
      const n2 = digitsAt(s, n1 + 1);
      if (n2 >= 1 && n2 <= 2) {
        m = +s.slice(0, n1);
        d = +s.slice(n1 + 1, n1 + 1 + n2);
        y = m > ctx.statement.month ? ctx.statement.year - 1 : ctx.statement.year;
        end = n1 + 1 + n2;
      }
    }
  }
  if (end > 0) {
    if (!validYmd(y, m, d)) return { ok: false, reason: { zh: `日期不存在：${s}`, en: `impossible date: ${s}` } };
    const rest = s.slice(end);
    if (rest.length === 0) return { ok: true, date: ymd(y, m, d), time: null };
    const c = rest.charCodeAt(0);
    if (c === 32 || c === 84 || c === 9) {
      const time = parseTimeText(rest.slice(1));
      if (time !== undefined) return { ok: true, date: ymd(y, m, d), time };
    }
  }
  if (n1 <= 2 && ctx.statement === undefined && /^\d{1,2}[/-]\d{1,2}$/.test(s)) {
    return { ok: false, reason: { zh: `日期没有年份，且对账单未写明年月：${s}`, en: `the date has no year and the statement does not say which month it covers: ${s}` } };
  }
  if (SERIAL_TEXT.test(s) && !plausibleSerial(Number(s))) return otherDateSpelling(s) ?? NOT_A_SERIAL(s);
  const r = parseDate(s, { date1904: ctx.date1904 });
  if (!r.ok) return otherDateSpelling(s) ?? { ok: false, reason: r.reason };
  return { ok: true, date: r.date, time: r.time };
}

/**
 * Date-times that real exports write and the usual forms miss, tried only once those failed (the
 * common cells never get here): yyyyMMddHHmmss and yyyyMMddHHmm (bank CSV 交易时间), DB2 timestamps
 * (core-banking exports), a year-first date followed by a time in another spelling ("2026年11月5日10点20分",
 * "2026/11/03 3:05 PM"). domain dateTimeSpelling decides, as it does for parseDate; here the reasons
 * are said the reader's way. undefined when s is none of them, so the caller's own refusal stands.
 */
function otherDateSpelling(s: string): DateCellParse | undefined {
  const r = dateTimeSpelling(s);
  if (r === null) return undefined;
  if (r.ok) return { ok: true, date: r.date, time: r.time };
  if (r.bad === 'date') return { ok: false, reason: { zh: `日期不存在：${s}`, en: `impossible date: ${s}` } };
  return { ok: false, reason: { zh: `时间不存在：${s}（${r.why.zh}）`, en: `impossible time of day: ${s} (${r.why.en})` } };
}

/** "张三 66666666666666" / "北京住房公积金管理中心1111111111" / "12341234123412341" → name and account. */
export function splitCounterparty(text: string | null): { name: string | null; account: string | null } {
  if (!text) return { name: null, account: null };
  let i = text.length;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if ((c >= 48 && c <= 57) || c === 42) i--;
    else break;
  }
  if (text.length - i < 6) return { name: text, account: null };
  const name = text.slice(0, i).trim();
  return { name: name.length ? name : null, account: text.slice(i) };
}
