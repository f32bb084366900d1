import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import iconv from 'iconv-lite';
import { parseAmount } from '../../domain/money';
import { parseDate } from '../../domain/dates';

/**
 * Reads the amount and date columns of every CSV in ../shared/real-bank-exports (public samples
 * of real Chinese bank and payment-app exports) through the domain parsers: every non-empty
 * value must parse, or be an empty marker.
 */
const ROOT = join(__dirname, '..', '..', '..', 'shared', 'real-bank-exports');

/** A small quote-aware CSV splitter (RFC 4180: quoted fields, doubled quotes, newlines in quotes). */
function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface Spec {
  /** Encoding of the file. */
  encoding: 'utf8' | 'gbk';
  /** Columns that hold dates (or date-times). */
  dates: string[];
  /** Columns that hold CNY amounts. */
  amounts: string[];
  /** Columns whose values may be a foreign currency: must parse or be refused as not CNY. */
  foreign?: string[];
  /** [date column, time column] pairs to read together as "date time". */
  dateTime?: [string, string][];
  /** Yearless dates ("01/02"): the statement's year. */
  defaultYear?: number;
  /** Least number of data rows, so an empty read cannot pass. */
  minRows: number;
}

const SPECS: Record<string, Spec> = {
  'abc_debit/example-abc_debit-records.csv': { encoding: 'utf8', dates: ['交易日期'], amounts: ['交易金额', '本次余额'], minRows: 4 },
  'alipay/example-alipay-records.csv': { encoding: 'gbk', dates: ['交易时间'], amounts: ['金额'], minRows: 8 },
  'boc/credit/example-boc-records.csv': { encoding: 'utf8', dates: ['交易日', '银行记账日'], amounts: ['存入', '支出'], minRows: 10 },
  'boc/debit/example-boc-records.csv': {
    encoding: 'utf8',
    dates: ['记账日期'],
    amounts: ['金额', '余额'],
    dateTime: [['记账日期', '记账时间']],
    minRows: 10,
  },
  'bocom_credit/example-bocom_credit-records.csv': {
    encoding: 'utf8',
    dates: ['交易日期', '记账日期'],
    amounts: ['入账币种/金额'],
    foreign: ['交易币种/金额'],
    minRows: 7,
  },
  'bocom_debit/example-bocom_debit-records.csv': {
    encoding: 'utf8',
    dates: ['交易日期'],
    amounts: ['交易金额', '余额'],
    dateTime: [['交易日期', '交易时间']],
    minRows: 5,
  },
  'cgb_credit/example-cgb_credit-records.csv': { encoding: 'utf8', dates: ['交易日期', '入账日期'], amounts: ['交易金额', '入账金额'], minRows: 4 },
  'cmb/credit/example-cmb-records.csv': {
    encoding: 'utf8',
    dates: ['交易日', '记账日'],
    amounts: ['人民币金额', '交易地金额'],
    defaultYear: 2024,
    minRows: 5,
  },
  'cmb/debit/example-cmb-records.csv': { encoding: 'utf8', dates: ['记账日期'], amounts: ['交易金额', '联机余额'], minRows: 5 },
  // ICBC's 余额 column is anonymised in these samples ("xx,yyyy.zz") and left out.
  'icbc/credit/example-icbc-credit-records.csv': {
    encoding: 'utf8',
    dates: ['交易日期', '记账日期'],
    amounts: ['交易金额(收入)', '交易金额(支出)', '记账金额(收入)', '记账金额(支出)'],
    minRows: 8,
  },
  'icbc/debit-v1/example-icbc-debit-v1-records.csv': {
    encoding: 'utf8',
    dates: ['交易日期'],
    amounts: ['交易金额(收入)', '交易金额(支出)', '记账金额(收入)', '记账金额(支出)'],
    minRows: 8,
  },
  'icbc/debit-v2/example-icbc-debit-v2-records.csv': {
    encoding: 'utf8',
    dates: ['交易日期'],
    amounts: ['交易金额(收入)', '交易金额(支出)', '记账金额(收入)', '记账金额(支出)'],
    minRows: 8,
  },
  'wechat/example-wechat-records.csv': { encoding: 'utf8', dates: ['交易时间'], amounts: ['金额(元)'], minRows: 20 },
};

function listCsv(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listCsv(p);
    return name.toLowerCase().endsWith('.csv') ? [relative(ROOT, p).split('\\').join('/')] : [];
  });
}

interface Table {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** Finds the header by its known column names; data rows run to the first blank line. */
function readTable(file: string, spec: Spec): Table {
  const bytes = readFileSync(join(ROOT, file));
  const text = spec.encoding === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  const all = splitCsv(text);
  const wanted = [...spec.dates, ...spec.amounts];
  const h = all.findIndex((r) => wanted.every((w) => r.map((c) => c.trim()).includes(w)));
  if (h < 0) throw new Error(`${file}: no header line with ${wanted.join(', ')}`);
  const header = all[h].map((c) => c.trim());
  const rows: Table['rows'] = [];
  for (let i = h + 1; i < all.length; i++) {
    if (all[i].every((c) => c.trim() === '')) break;
    rows.push({ line: i + 1, cells: all[i] });
  }
  return { header, rows };
}

describe('every CSV in ../shared/real-bank-exports reads through the domain parsers', () => {
  const files = listCsv(ROOT).sort();

  it('has a column description for every CSV in the folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(files.filter((f) => !(f in SPECS))).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const spec = SPECS[file];
    const { header, rows } = readTable(file, spec);
    expect(rows.length).toBeGreaterThanOrEqual(spec.minRows);
    const col = (name: string) => header.indexOf(name);
    const failures: string[] = [];
    let dates = 0;
    let amounts = 0;
    for (const { line, cells } of rows) {
      for (const name of spec.dates) {
        const v = cells[col(name)] ?? '';
        const r = parseDate(v, { defaultYear: spec.defaultYear });
        if (!r.ok) failures.push(`line ${line} ${name} ${JSON.stringify(v)}: ${r.reason.en}`);
        else if (r.date !== null) dates++;
      }
      for (const name of spec.amounts) {
        const v = cells[col(name)] ?? '';
        const r = parseAmount(v);
        if (!r.ok) failures.push(`line ${line} ${name} ${JSON.stringify(v)}: ${r.reason.en}`);
        else if (r.value !== null) amounts++;
      }
      for (const name of spec.foreign ?? []) {
        const v = cells[col(name)] ?? '';
        const r = parseAmount(v);
        if (!r.ok && !r.reason.en.includes('not a CNY amount')) failures.push(`line ${line} ${name} ${JSON.stringify(v)}: ${r.reason.en}`);
      }
      for (const [d, t] of spec.dateTime ?? []) {
        const dv = (cells[col(d)] ?? '').trim();
        const tv = (cells[col(t)] ?? '').trim();
        const r = parseDate(`${dv} ${tv}`);
        if (!r.ok || r.time !== tv) failures.push(`line ${line} ${d}+${t} ${JSON.stringify(`${dv} ${tv}`)}`);
      }
    }
    expect(failures).toEqual([]);
    // every data row has a transaction date, and most amount cells hold a number
    expect(dates).toBeGreaterThanOrEqual(rows.length);
    expect(amounts).toBeGreaterThanOrEqual(rows.length);
  });
});

describe('hand-checked values from the real exports', () => {
  const cell = (file: string, line: number, name: string): string => {
    const t = readTable(file, SPECS[file]);
    const row = t.rows.find((r) => r.line === line);
    if (!row) throw new Error(`${file}: no data row on line ${line}`);
    return row.cells[t.header.indexOf(name)];
  };
  const amount = (v: string) => {
    const r = parseAmount(v);
    return r.ok ? (r.value === null ? null : r.value.toFixed(2)) : `refused: ${r.reason.en}`;
  };

  it('ABC: explicit plus sign and yyyymmdd dates', () => {
    expect(amount(cell('abc_debit/example-abc_debit-records.csv', 2, '交易金额'))).toBe('10000.00');
    expect(amount(cell('abc_debit/example-abc_debit-records.csv', 3, '交易金额'))).toBe('-10.00');
    expect(parseDate(cell('abc_debit/example-abc_debit-records.csv', 2, '交易日期'))).toEqual({ ok: true, date: '2024-01-01', time: null });
  });
  it('CMB credit card: "8,000.00(CN)" and yearless dates', () => {
    expect(amount(cell('cmb/credit/example-cmb-records.csv', 8, '交易地金额'))).toBe('8000.00');
    expect(amount(cell('cmb/credit/example-cmb-records.csv', 7, '交易地金额'))).toBe('-3.90');
    expect(parseDate(cell('cmb/credit/example-cmb-records.csv', 3, '记账日'), { defaultYear: 2023 })).toEqual({ ok: true, date: '2023-12-29', time: null });
    expect(parseDate(cell('cmb/credit/example-cmb-records.csv', 3, '交易日'))).toEqual({ ok: true, date: null, time: null });
  });
  it('CMB debit: signed "-1,000.00"', () => {
    expect(amount(cell('cmb/debit/example-cmb-records.csv', 3, '交易金额'))).toBe('-1000.00');
    expect(amount(cell('cmb/debit/example-cmb-records.csv', 2, '交易金额'))).toBe('1234.00');
  });
  it('ICBC: padded cells with a tab inside the quotes, "-" as empty', () => {
    expect(amount(cell('icbc/debit-v1/example-icbc-debit-v1-records.csv', 10, '记账金额(收入)'))).toBe('1234.56');
    expect(amount(cell('icbc/debit-v1/example-icbc-debit-v1-records.csv', 10, '交易金额(收入)'))).toBeNull();
    expect(parseDate(cell('icbc/debit-v1/example-icbc-debit-v1-records.csv', 10, '交易日期'))).toEqual({ ok: true, date: '2023-04-22', time: null });
    // the anonymised balance is not an amount
    expect(amount(cell('icbc/debit-v1/example-icbc-debit-v1-records.csv', 10, '余额'))).toMatch(/^refused/);
  });
  it('Alipay (GBK): date-time with a trailing space', () => {
    expect(parseDate(cell('alipay/example-alipay-records.csv', 26, '交易时间'))).toEqual({ ok: true, date: '2023-02-12', time: '21:32:14' });
    expect(amount(cell('alipay/example-alipay-records.csv', 26, '金额'))).toBe('49.74');
  });
  it('WeChat: "¥28.16"', () => {
    expect(amount(cell('wechat/example-wechat-records.csv', 18, '金额(元)'))).toBe('28.16');
  });
  it('BOCOM credit card: "CNY 123.18", and a yen amount is refused as foreign', () => {
    expect(amount(cell('bocom_credit/example-bocom_credit-records.csv', 2, '入账币种/金额'))).toBe('123.18');
    expect(amount(cell('bocom_credit/example-bocom_credit-records.csv', 9, '交易币种/金额'))).toMatch(/not a CNY amount/);
    expect(amount(cell('bocom_credit/example-bocom_credit-records.csv', 9, '入账币种/金额'))).toBe('49.85');
  });
});
