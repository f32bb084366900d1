/**
 * Writing bank statements and finance journals in a profile's own layout — the inverse of
 * pipeline/read. The sample-data generator writes the demo's bank and finance files with these,
 * and the reading tests use them for the round-trip property (write, read back, compare).
 *
 *   await writeStatement('icbc-corporate', transactions, { out: 'out/工行监管户.csv', account: '1202…', accountName: '某某置业有限公司' });
 *   await writeJournal('kingdee-journal', lines, { out: 'out/序时账.xlsx', accountName: '某某置业有限公司' });
 *
 * transactions: objects with the BankTransaction fields date, time, amount (signed: + money in),
 * currency, counterpartyName, counterpartyAccount, memo, reference, balance (missing ones are left
 * empty). lines: JournalLine fields date, voucher, summary, accountCode, accountName, debit, credit,
 * auxiliary ({ 客户: '张三', 房号: '3-2-1501' } → "客户:张三;房号:3-2-1501").
 *
 * Format: the profile's own (CSV in its encoding and delimiter, or XLSX with the title block and
 * footer), or `format` / `encoding` to override. Output goes through writeAtomically. Both writers
 * stream, so a million rows need little memory (pass a generator and from/to for the title).
 */
import * as fs from 'node:fs';
import type Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Money } from '../../domain/money';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { UserError } from '../errors';
import { writeAtomically } from '../io/atomicWrite';
import { findBankProfile, findJournalProfile, normHeader, refNames, type BankProfile, type ColumnRef, type JournalProfile } from '../read/profile';

export type StatementRow = Partial<Omit<BankTransaction, 'date' | 'amount'>> & { date: string; amount: Decimal };
export type JournalRowIn = Pick<JournalLine, 'date' | 'voucher' | 'summary' | 'accountCode' | 'accountName' | 'debit' | 'credit'> & { auxiliary?: Record<string, string> };

export type OutputEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface WriteOptions {
  out: string;
  format?: 'csv' | 'xlsx';
  encoding?: OutputEncoding;
  account?: string;
  accountName?: string;
  /** Period shown in the title block; defaults to the first and last dates written. */
  from?: string;
  to?: string;
  /** Write the layout's 合计 line (default true when the layout has one). */
  totals?: boolean;
  /** Files the output must not overwrite. */
  inputs?: readonly string[];
}

type OutCell = string | number;

/** A streaming table sink: CSV in any encoding, or XLSX through exceljs' streaming writer. */
interface TableSink {
  row(cells: OutCell[]): Promise<void> | void;
  close(): Promise<void>;
}

function encodeText(s: string, enc: OutputEncoding): Buffer {
  switch (enc) {
    case 'utf-8':
    case 'utf-8-bom':
      return Buffer.from(s, 'utf8');
    case 'gb18030':
      return iconv.encode(s, 'gb18030');
    case 'utf-16le':
      return Buffer.from(s, 'utf16le');
    case 'utf-16be':
      return Buffer.from(s, 'utf16le').swap16();
  }
}

/** A whole text file in an output encoding, with its byte-order mark where the encoding has one. */
export function encodeFile(s: string, enc: OutputEncoding): Buffer {
  return Buffer.concat([bomFor(enc), encodeText(s, enc)]);
}

function bomFor(enc: OutputEncoding): Buffer {
  if (enc === 'utf-8-bom') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (enc === 'utf-16le') return Buffer.from([0xff, 0xfe]);
  if (enc === 'utf-16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}

function csvField(v: OutCell, delim: string): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (s.length === 0) return s;
  if (s.includes(delim) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim()) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

function csvSink(temp: string, enc: OutputEncoding, delim: string): TableSink {
  const stream = fs.createWriteStream(temp);
  let buf = '';
  const flush = async (): Promise<void> => {
    if (!buf.length) return;
    const chunk = encodeText(buf, enc);
    buf = '';
    if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
  };
  const bom = bomFor(enc);
  if (bom.length) stream.write(bom);
  return {
    row(cells) {
      let line = '';
      for (let i = 0; i < cells.length; i++) {
        if (i) line += delim;
        line += csvField(cells[i], delim);
      }
      buf += line + '\r\n';
      if (buf.length > 1 << 19) return flush();
    },
    async close() {
      await flush();
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.end(() => resolve());
      });
    },
  };
}

function xlsxSink(temp: string, sheetName: string, moneyCols: Set<number>): TableSink {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheetName);
  let inData = false;
  return {
    row(cells) {
      const r = ws.addRow(cells);
      if (inData) for (const c of moneyCols) if (typeof cells[c] === 'number') r.getCell(c + 1).numFmt = '#,##0.00';
      r.commit();
    },
    async close() {
      ws.commit();
      await wb.commit();
    },
    set data(v: boolean) {
      inData = v;
    },
  } as TableSink & { data: boolean };
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? vars[k] : m));
}

function fmtDate(date: string, f: BankProfile['write']['dateFormat']): string {
  const [y, m, d] = date.split('-');
  switch (f) {
    case 'YYYY-MM-DD':
      return date;
    case 'YYYYMMDD':
      return `${y}${m}${d}`;
    case 'YYYY/MM/DD':
      return `${y}/${m}/${d}`;
    case 'MM/DD':
      return `${m}/${d}`;
  }
}

function fmtTime(time: string, f: BankProfile['write']['timeFormat']): string {
  return f === 'HHmmss' ? time.replace(/:/g, '') : time;
}

function fmtMoney(v: Decimal, group: boolean): string {
  const s = v.toFixed(2);
  if (!group) return s;
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

class Columns {
  readonly names: string[];
  private readonly map = new Map<string, number>();
  constructor(names: string[]) {
    this.names = names;
    names.forEach((n, i) => {
      const k = normHeader(n);
      if (!this.map.has(k)) this.map.set(k, i);
    });
  }
  at(ref: ColumnRef | undefined): number {
    for (const n of refNames(ref)) {
      const i = this.map.get(normHeader(n));
      if (i !== undefined) return i;
    }
    return -1;
  }
}

function unknownProfile(id: string, kind: string): UserError {
  return new UserError({ zh: `没有这个${kind}版式：${id}`, en: `No such ${kind === '银行' ? 'bank' : 'finance'} profile: ${id}` });
}

/** Write `transactions` as a statement in the layout of bank profile `profileId`. */
export async function writeStatement(profileId: string, input: Iterable<StatementRow>, opts: WriteOptions): Promise<void> {
  const p = findBankProfile(profileId);
  if (!p) throw unknownProfile(profileId, '银行');
  const format = opts.format ?? p.format;
  const enc = opts.encoding ?? p.encoding;
  const cols = new Columns(p.header.columns ?? p.header.required);
  const n = cols.names.length;
  const w = p.write;
  // A generator of rows streams (give from/to for the title); an array is scanned for its dates.
  const streaming = opts.from !== undefined && opts.to !== undefined;
  const transactions: Iterable<StatementRow> = streaming || Array.isArray(input) ? input : [...input];
  const dates = streaming ? [] : [...transactions].map((t) => t.date).sort();
  const from = opts.from ?? dates[0] ?? '';
  const to = opts.to ?? dates[dates.length - 1] ?? '';
  const vars: Record<string, string> = {
    account: opts.account ?? '',
    accountName: opts.accountName ?? '',
    from,
    to,
    year: to.slice(0, 4),
    month: to.slice(5, 7),
  };
  const a = p.columns.amount;
  const c = {
    date: cols.at(p.columns.date),
    fallback: cols.at(p.columns.dateFallback),
    time: cols.at(p.columns.time),
    signed: a.kind === 'split' ? -1 : cols.at(a.column),
    credit: a.kind === 'split' ? cols.at(a.credit) : -1,
    debit: a.kind === 'split' ? cols.at(a.debit) : -1,
    dir: a.kind === 'direction' ? cols.at(a.direction) : -1,
    currency: cols.at(p.columns.currency),
    name: cols.at(p.columns.counterpartyName),
    acct: cols.at(p.columns.counterpartyAccount),
    combined: cols.at(p.columns.counterparty),
    memo: p.columns.memo.length ? cols.at(p.columns.memo[0]) : -1,
    ref: cols.at(p.columns.reference),
    balance: cols.at(p.columns.balance),
  };
  const moneyCols = new Set([c.signed, c.credit, c.debit, c.balance].filter((i) => i >= 0));
  const extraDir = w.direction ? cols.at(w.direction.column) : -1;
  const fills = Object.entries(w.fill).map(([col, tpl]) => [cols.at(col), tpl] as const).filter(([i]) => i >= 0);
  const asNumber = format === 'xlsx';
  const money = (v: Decimal, prefix = ''): OutCell => (asNumber && !prefix ? Number(v.toFixed(2)) : `${prefix}${fmtMoney(v, w.groupThousands)}`);

  await writeAtomically(
    opts.out,
    async (temp) => {
      const sink = format === 'xlsx' ? xlsxSink(temp, p.name.zh.slice(0, 28).replace(/[\\/?*[\]:]/g, ' '), moneyCols) : csvSink(temp, enc, p.delimiter);
      for (const t of w.title) await sink.row(t.map((x) => fill(x, vars)));
      await sink.row(cols.names);
      (sink as { data?: boolean }).data = true;
      let credits: Decimal = new Money(0);
      let debits: Decimal = new Money(0);
      let k = 0;
      for (const t of transactions) {
        k++;
        const cells: OutCell[] = new Array(n).fill('');
        const date = fmtDate(t.date, w.dateFormat);
        const time = t.time ? fmtTime(t.time, w.timeFormat) : null;
        if (c.time >= 0 && c.time === c.date) cells[c.date] = time ? `${date}${w.dateTimeSeparator}${time}` : date;
        else {
          cells[c.date] = date;
          if (c.time >= 0 && time) cells[c.time] = time;
        }
        if (c.fallback >= 0) cells[c.fallback] = date;
        const amt = t.amount;
        const abs = amt.abs();
        const currency = t.currency ?? p.defaultCurrency;
        const rowVars: Record<string, string> = { ...vars, date, n: String(k), currency, abs: abs.toFixed(2), signed: '' };
        const prefix = fill(w.amountPrefix, rowVars);
        if (a.kind === 'signed') {
          const v = a.negate ? amt.negated() : amt;
          cells[c.signed] = money(v, prefix);
          rowVars.signed = v.toFixed(2);
        } else if (a.kind === 'split') {
          if (amt.isNegative() && !amt.isZero()) cells[c.debit] = money(abs, prefix);
          else cells[c.credit] = money(abs, prefix);
        } else {
          cells[c.signed] = money(abs, prefix);
          const word = amt.isNegative() && !amt.isZero() ? a.debit[0] : a.credit[0];
          const memoInDir = c.dir === c.memo;
          cells[c.dir] = memoInDir ? `${word}${t.memo ? ` ${t.memo}` : ''}` : word;
        }
        if (extraDir >= 0 && w.direction) cells[extraDir] = amt.isNegative() && !amt.isZero() ? w.direction.debit : w.direction.credit;
        if (amt.isNegative() && !amt.isZero()) debits = debits.plus(abs);
        else credits = credits.plus(abs);
        if (c.currency >= 0) cells[c.currency] = currency;
        if (c.name >= 0) cells[c.name] = t.counterpartyName ?? '';
        if (c.acct >= 0) cells[c.acct] = t.counterpartyAccount ?? '';
        if (c.combined >= 0) cells[c.combined] = `${t.counterpartyName ?? ''}${t.counterpartyName && t.counterpartyAccount ? ' ' : ''}${t.counterpartyAccount ?? ''}`;
        if (c.memo >= 0 && c.memo !== c.dir) cells[c.memo] = t.memo ?? '';
        if (c.ref >= 0) cells[c.ref] = t.reference ?? '';
        if (c.balance >= 0 && t.balance) cells[c.balance] = money(t.balance);
        for (const [i, tpl] of fills) cells[i] = fill(tpl, rowVars);
        await sink.row(cells);
      }
      (sink as { data?: boolean }).data = false;
      if (p.totals && opts.totals !== false) {
        const cells: OutCell[] = new Array(n).fill('');
        cells[0] = p.totals.labels[0];
        const ci = cols.at(p.totals.credit);
        const di = cols.at(p.totals.debit);
        if (ci >= 0) cells[ci] = money(credits);
        if (di >= 0) cells[di] = money(debits);
        await sink.row(cells);
      }
      for (const note of w.notes) await sink.row([fill(note, vars)]);
      await sink.close();
    },
    { inputs: opts.inputs },
  );
}

/** Write journal lines in the layout of finance profile `profileId` (kingdee-journal, yonyou-journal). */
export async function writeJournal(profileId: string, lines: readonly JournalRowIn[], opts: WriteOptions): Promise<void> {
  const p: JournalProfile | undefined = findJournalProfile(profileId);
  if (!p) throw unknownProfile(profileId, '财务');
  const format = opts.format ?? p.format;
  const enc = opts.encoding ?? p.encoding;
  const cols = new Columns(p.header.columns ?? p.header.required);
  const n = cols.names.length;
  const dates = lines.map((l) => l.date).sort();
  const vars: Record<string, string> = { account: opts.account ?? '', accountName: opts.accountName ?? '', from: opts.from ?? dates[0] ?? '', to: opts.to ?? dates[dates.length - 1] ?? '' };
  const c = {
    date: cols.at(p.columns.date),
    voucher: cols.at(p.columns.voucher),
    summary: cols.at(p.columns.summary),
    code: cols.at(p.columns.accountCode),
    name: cols.at(p.columns.accountName),
    account: cols.at(p.columns.account),
    debit: cols.at(p.columns.debit),
    credit: cols.at(p.columns.credit),
    aux: cols.at(p.columns.auxiliary),
  };
  const moneyCols = new Set([c.debit, c.credit].filter((i) => i >= 0));
  const asNumber = format === 'xlsx';
  const money = (v: Decimal): OutCell => (v.isZero() ? '' : asNumber ? Number(v.toFixed(2)) : v.toFixed(2));
  await writeAtomically(
    opts.out,
    async (temp) => {
      const sink = format === 'xlsx' ? xlsxSink(temp, '序时账', moneyCols) : csvSink(temp, enc, p.delimiter);
      for (const t of p.write.title) await sink.row(t.map((x) => fill(x, vars)));
      await sink.row(cols.names);
      (sink as { data?: boolean }).data = true;
      for (const l of lines) {
        const cells: OutCell[] = new Array(n).fill('');
        cells[c.date] = fmtDate(l.date, p.write.dateFormat);
        cells[c.voucher] = l.voucher;
        cells[c.summary] = l.summary;
        if (c.code >= 0) {
          cells[c.code] = l.accountCode;
          if (c.name >= 0) cells[c.name] = l.accountName;
        } else if (c.account >= 0) cells[c.account] = `${l.accountCode} ${l.accountName}`.trim();
        cells[c.debit] = money(l.debit);
        cells[c.credit] = money(l.credit);
        if (c.debit >= 0 && l.debit.isZero() && l.credit.isZero()) cells[c.debit] = asNumber ? 0 : '0.00';
        if (c.aux >= 0 && l.auxiliary) cells[c.aux] = Object.entries(l.auxiliary).map(([k, v]) => `${k}:${v}`).join(';');
        await sink.row(cells);
      }
      (sink as { data?: boolean }).data = false;
      await sink.close();
    },
    { inputs: opts.inputs },
  );
}
