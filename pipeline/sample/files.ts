import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Decimal from 'decimal.js';
import { readTemplateJson } from '../render/templates';
import type { SampleJournal, SampleStatement } from './index';
import { COMPANY } from './accounts';
import { XLSX_SHEET } from './layout';
import { FIXED_TIME, normaliseZip } from './zip';

/**
 * Statement and journal files in the layouts of templates/banks/*.json and templates/finance/*.json
 * (title rows, header, data rows, 合计 footer, notes), written from the templates' own header
 * lists so the readers recognise them.
 */

interface RawLayout {
  format: 'csv' | 'xlsx';
  encoding?: string;
  delimiter?: string;
  header: { required: string[]; columns?: string[] };
  columns: Record<string, unknown>;
  totals?: { labels: string[]; credit: string | string[]; debit: string | string[] };
  write?: {
    title?: string[][];
    dateFormat?: string;
    timeFormat?: string;
    notes?: string[];
    direction?: { column: string; credit: string; debit: string };
    fill?: Record<string, string>;
  };
}

const first = (ref: unknown): string | null => (typeof ref === 'string' ? ref : Array.isArray(ref) && typeof ref[0] === 'string' ? ref[0] : null);

function fmtDate(d: string, f: string | undefined): string {
  switch (f) {
    case 'YYYYMMDD':
      return d.replace(/-/g, '');
    case 'YYYY/MM/DD':
      return d.replace(/-/g, '/');
    default:
      return d;
  }
}

function fmtTime(t: string, f: string | undefined): string {
  return f === 'HHmmss' ? t.replace(/:/g, '') : t;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

interface Table {
  title: string[][];
  header: string[];
  rows: string[][];
  footer: string[][];
}

function statementTable(s: SampleStatement, p: RawLayout): Table {
  const header = p.header.columns ?? p.header.required;
  const c = p.columns;
  const w = p.write ?? {};
  const vars = { account: s.account.account, accountName: s.accountName, from: s.from, to: s.to, bankName: s.account.bankName, year: s.from.slice(0, 4), month: s.from.slice(5, 7) };
  const amount = c.amount as { kind: string; column?: string; credit?: string; debit?: string };
  const dateCol = first(c.date);
  const timeCol = first(c.time);
  const memoCol = Array.isArray(c.memo) ? first(c.memo[0]) : null;
  const rows = s.transactions.map((t) => {
    const v: Record<string, string> = {};
    const date = fmtDate(t.date, w.dateFormat);
    const time = t.time ? fmtTime(t.time, w.timeFormat) : '';
    if (dateCol) v[dateCol] = dateCol === timeCol && time ? `${date} ${time}` : date;
    if (timeCol && timeCol !== dateCol) v[timeCol] = time;
    const abs = t.amount.abs().toFixed(2);
    if (amount.kind === 'signed' && amount.column) v[amount.column] = t.amount.toFixed(2);
    if (amount.kind === 'split') {
      if (amount.credit) v[amount.credit] = t.amount.isPositive() ? abs : '';
      if (amount.debit) v[amount.debit] = t.amount.isNegative() ? abs : '';
    }
    if (w.direction) v[w.direction.column] = t.amount.isNegative() ? w.direction.debit : w.direction.credit;
    const set = (ref: unknown, value: string | null): void => {
      const col = first(ref);
      if (col) v[col] = value ?? '';
    };
    set(c.counterpartyName, t.counterpartyName);
    set(c.counterpartyAccount, t.counterpartyAccount);
    set(c.reference, t.reference);
    set(c.balance, t.balance ? t.balance.toFixed(2) : '');
    set(c.currency, '人民币');
    if (memoCol) v[memoCol] = t.memo ?? '';
    if (header.includes('交易类型')) v['交易类型'] = t.amount.isNegative() ? '转账汇出' : '转账汇入';
    for (const [col, tpl] of Object.entries(w.fill ?? {})) v[col] = fill(tpl, { ...vars, date });
    return header.map((h) => v[h] ?? '');
  });
  const footer: string[][] = [];
  if (p.totals) {
    const credit = sum(s.transactions.filter((t) => t.amount.isPositive()).map((t) => t.amount));
    const debit = sum(s.transactions.filter((t) => t.amount.isNegative()).map((t) => t.amount.abs()));
    const line = header.map(() => '');
    line[0] = p.totals.labels[0]!;
    const ci = header.indexOf(first(p.totals.credit) ?? '');
    const di = header.indexOf(first(p.totals.debit) ?? '');
    if (ci >= 0) line[ci] = credit;
    if (di >= 0) line[di] = debit;
    footer.push(line);
  }
  for (const n of w.notes ?? []) footer.push([n]);
  return { title: (w.title ?? []).map((r) => r.map((x) => fill(x, vars))), header, rows, footer };
}

function sum(xs: Decimal[]): string {
  return xs.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2);
}

function journalTable(j: SampleJournal, p: RawLayout | null): Table {
  const header = p?.header.columns ?? ['日期', '凭证字号', '摘要', '科目代码', '科目名称', '借方金额', '贷方金额', '辅助核算'];
  const rows = j.lines.map((l) => {
    const aux = Object.entries(l.auxiliary).map(([k, v]) => `${k}:${v}`).join(';');
    const v: Record<string, string> = {
      日期: l.date,
      凭证字号: l.voucher,
      摘要: l.summary,
      科目代码: l.accountCode,
      科目名称: l.accountName,
      借方金额: l.debit.isZero() ? '' : l.debit.toFixed(2),
      贷方金额: l.credit.isZero() ? '' : l.credit.toFixed(2),
      辅助核算: aux,
      制单人: '黄敏',
    };
    return header.map((h) => v[h] ?? '');
  });
  const vars = { accountName: COMPANY.name, from: j.from, to: j.to, year: j.from.slice(0, 4), month: j.from.slice(5, 7) };
  return { title: (p?.write?.title ?? []).map((r) => r.map((x) => fill(x, vars))), header, rows, footer: [] };
}

const MONEY_HEADERS = /金额|发生额|余额|^借方|^贷方|收入|支出/;

async function xlsxBytes(t: Table, sheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anjie';
  wb.lastModifiedBy = 'Anjie';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const ws = wb.addWorksheet(sheet);
  const money = t.header.map((h) => MONEY_HEADERS.test(h));
  for (const r of t.title) ws.addRow(r);
  ws.addRow(t.header).font = { bold: true };
  for (const r of t.rows) {
    const row = ws.addRow(r.map((x, i) => (money[i] && x !== '' ? Number(x) : x)));
    money.forEach((m, i) => {
      if (m) row.getCell(i + 1).numFmt = '#,##0.00';
    });
  }
  for (const r of t.footer) ws.addRow(r.map((x, i) => (money[i] && /^-?\d+\.\d\d$/.test(x) ? Number(x) : x)));
  ws.columns.forEach((col, i) => {
    col.width = Math.max(10, Math.min(32, (t.header[i]?.length ?? 4) * 2 + 4));
  });
  const raw = await wb.xlsx.writeBuffer();
  return normaliseZip(new Uint8Array(raw as ArrayBuffer));
}

function csvBytes(t: Table, p: RawLayout): Buffer {
  const delim = p.delimiter ?? ',';
  const q = (x: string): string => (delim === ',' && /[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
  const lines = [...t.title, t.header, ...t.rows, ...t.footer].map((r) => r.map(q).join(delim));
  const text = lines.join('\r\n') + '\r\n';
  switch (p.encoding) {
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
    case 'utf-16le':
      return iconv.encode(text, 'utf-16le', { addBOM: true });
    case 'utf-16be':
      return iconv.encode(text, 'utf-16be', { addBOM: true });
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    default:
      return Buffer.from(text, 'utf8');
  }
}

export async function statementFileBytes(s: SampleStatement): Promise<Buffer> {
  const p = readTemplateJson('banks', `${s.profile}.json`) as RawLayout;
  const t = statementTable(s, p);
  return p.format === 'xlsx' ? xlsxBytes(t, s.sheet || XLSX_SHEET) : csvBytes(t, p);
}

export async function journalFileBytes(j: SampleJournal): Promise<Buffer> {
  let p: RawLayout | null = null;
  try {
    p = readTemplateJson('finance', `${j.profile}.json`) as RawLayout;
  } catch {
    p = null;
  }
  const t = journalTable(j, p);
  return !p || p.format === 'xlsx' ? xlsxBytes(t, j.sheet || XLSX_SHEET) : csvBytes(t, p);
}
