import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { streamXlsxExceljs, type RowSink } from '../../pipeline/read/sources';
import { streamXlsxFast, decodeEntities } from '../../pipeline/read/xlsxFast';
import { guardInputFile } from '../../pipeline/read/guards';
import { writeStatement, writeJournal } from '../../pipeline/write/statements';
import { generateRows } from '../../bench/reading';
import { anjie } from '../helpers/cli';
import type { Cell } from '../../pipeline/read/cells';

/**
 * The fast XLSX reader must hand the engine exactly what exceljs' streaming reader handed it
 * (exceljs stays the reference here): every sheet with its name and hidden state, every row
 * number, every cell value and type (strings, numbers, Dates, TRUE/FALSE, errors, formulas).
 */

type Sheet = { name: string; hidden: boolean; date1904: boolean; rows: [number, Cell[]][] };

async function collect(read: (file: string, sink: RowSink) => Promise<void>, file: string): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  await read(file, {
    sheetStart(name, info) {
      sheets.push({ name, hidden: info.hidden, date1904: info.date1904, rows: [] });
      return true;
    },
    row(cells, n) {
      sheets[sheets.length - 1].rows.push([n, cells.map((c) => (c instanceof Date ? new Date(c.getTime()) : c))]);
    },
    sheetEnd() {},
  });
  return sheets;
}

const ROOT = path.join(__dirname, '..', '..');
let dir = '';
const files: string[] = [];

function readable(file: string): Promise<boolean> {
  return guardInputFile(file).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-fastxlsx-'));
  for (const f of fs.readdirSync(path.join(ROOT, 'test/fixtures/hostile'))) if (f.endsWith('.xlsx')) files.push(path.join(ROOT, 'test/fixtures/hostile', f));
  const wechat = '/work/shared/real-bank-exports/wechat/example-wechat-records.xlsx';
  if (fs.existsSync(wechat)) files.push(wechat);
  const sample = path.join(dir, 'sample');
  fs.mkdirSync(sample);
  const r = await anjie('sample', '--out', sample, '--units', '60', '--seed', '7', '--period', '2026-11');
  expect(r.err + r.out).not.toContain('Error:');
  expect(r.code).toBe(0);
  for (const f of fs.readdirSync(sample, { recursive: true }) as string[]) if (f.endsWith('.xlsx')) files.push(path.join(sample, f));
  const bench = path.join(dir, 'bench-ccb.xlsx');
  await writeStatement('ccb-corporate', generateRows(3000), { out: bench, format: 'xlsx' });
  files.push(bench);
  const journal = path.join(dir, 'journal.xlsx');
  await writeJournal(
    'kingdee-journal',
    [{ date: '2026-11-03', voucher: '记-1', summary: '收 A&B <按揭> 款', accountCode: '1002', accountName: '银行存款', debit: new Decimal('1234.5'), credit: new Decimal(0) }],
    { out: journal, format: 'xlsx' },
  );
  files.push(journal);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('fast XLSX reader', () => {
  it('reads every fixture, sample, wechat export and bench file exactly as exceljs does', async () => {
    let compared = 0;
    for (const f of files) {
      if (!(await readable(f))) continue; // hostile files the guards refuse never reach a reader
      const ref = await collect(streamXlsxExceljs, f).catch((e: Error) => e);
      const fast = await collect(streamXlsxFast, f).catch((e: Error) => e);
      if (ref instanceof Error) {
        expect(fast, f).toBeInstanceOf(Error);
        continue;
      }
      expect(fast, f).toEqual(ref);
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  }, 120_000);

  it('decodes XML entities, decimal and hexadecimal references', () => {
    expect(decodeEntities('A&amp;B &lt;1&gt; &quot;x&quot; &apos;y&apos; &#20013;&#x6587; &unknown; & end')).toBe('A&B <1> "x" \'y\' 中文 &unknown; & end');
  });
});
