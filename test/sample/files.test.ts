import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Decimal from 'decimal.js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleSet, writeSampleSet, type SampleSet, type TruthRow } from '../../pipeline/sample';
import { templatesDir } from '../../pipeline/io/paths';
import { entryDates } from '../helpers/zipEntryDates';

let root: string;
let dirA: string;
let dirB: string;
let dirC: string;
let set: SampleSet;

async function filesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((f) => !f.startsWith('.')).sort();
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-sample-'));
  dirA = path.join(root, 'a');
  dirB = path.join(root, 'b');
  dirC = path.join(root, 'c');
  set = generateSampleSet({ units: 120, seed: 11 });
  await writeSampleSet(dirA, set);
  // A fresh generation, not the same object: determinism must not depend on reuse.
  await writeSampleSet(dirB, generateSampleSet({ units: 120, seed: 11 }));
  await writeSampleSet(dirC, generateSampleSet({ units: 120, seed: 12 }));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const books = new Map<string, ExcelJS.Workbook>();

/** The cells of one row as text, as a person reading the file would see them. */
async function rowText(dir: string, r: Pick<TruthRow, 'file' | 'sheet' | 'row'>, profile: string): Promise<string[]> {
  const file = path.join(dir, r.file);
  if (r.file.endsWith('.xlsx')) {
    let wb = books.get(file);
    if (!wb) {
      wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      books.set(file, wb);
    }
    const ws = wb.getWorksheet(r.sheet);
    expect(ws, `${r.file} has a sheet "${r.sheet}"`).toBeDefined();
    const row = ws!.getRow(r.row);
    const out: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => out.push(c.value === null || c.value === undefined ? '' : String(c.value)));
    return out;
  }
  const json = JSON.parse(await fs.readFile(templatesDir('banks', `${profile}.json`), 'utf8')) as { encoding?: string; delimiter?: string };
  const text = iconv.decode(await fs.readFile(file), json.encoding === 'gb18030' ? 'gb18030' : json.encoding === 'utf-16le' ? 'utf-16le' : 'utf8');
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/)[r.row - 1];
  expect(line, `${r.file} line ${r.row}`).toBeDefined();
  return line!.split(json.delimiter ?? ',');
}

const amountIn = (cells: string[], amount: string): boolean =>
  cells.some((c) => c.trim() !== '' && /^-?[\d.]+$/.test(c.trim()) && new Decimal(c.trim()).abs().eq(new Decimal(amount).abs()));

describe('sample files', () => {
  it('writes the register, one file per statement export, the journal and truth.json', async () => {
    const names = await filesIn(dirA);
    expect(names).toEqual([set.registerFile, ...set.statements.map((s) => s.file), set.journal.file, 'truth.json'].sort());
    expect(set.statements.length).toBeGreaterThanOrEqual(5);
    expect(new Set(set.statements.map((s) => s.profile))).toEqual(new Set(['icbc-corporate', 'ccb-corporate', 'abc-corporate', 'boc-corporate', 'cmb-corporate']));
  });

  it('writes byte-identical files for the same seed', async () => {
    const names = await filesIn(dirA);
    expect(await filesIn(dirB)).toEqual(names);
    for (const n of names) {
      const a = await fs.readFile(path.join(dirA, n));
      const b = await fs.readFile(path.join(dirB, n));
      expect(a.equals(b), `${n} differs between two runs with the same seed`).toBe(true);
    }
  });

  it('dates every .xlsx as every other anjie workbook: zip entries 1980-01-01 00:00:00, document properties 2000-01-01', async () => {
    const xlsx = (await filesIn(dirA)).filter((n) => n.endsWith('.xlsx'));
    expect(xlsx).toContain(set.registerFile);
    expect(xlsx).toContain(set.journal.file);
    for (const n of xlsx) {
      const dates = entryDates(path.join(dirA, n));
      expect(dates.length, n).toBeGreaterThan(5);
      for (const d of dates) expect(d, n).toMatch(/ 1980-01-01 00:00:00$/);
      const core = await (await JSZip.loadAsync(await fs.readFile(path.join(dirA, n)))).file('docProps/core.xml')!.async('string');
      expect(core.match(/<dcterms:(?:created|modified)\b[^>]*>[^<]*</g), n).toEqual([expect.stringMatching(/>2000-01-01T00:00:00Z<$/), expect.stringMatching(/>2000-01-01T00:00:00Z<$/)]);
    }
  });

  it('writes different data for a different seed', async () => {
    const a = await fs.readFile(path.join(dirA, set.registerFile));
    const c = await fs.readFile(path.join(dirC, set.registerFile));
    expect(a.equals(c)).toBe(false);
    const ta = await fs.readFile(path.join(dirA, 'truth.json'), 'utf8');
    const tc = await fs.readFile(path.join(dirC, 'truth.json'), 'utf8');
    expect(ta).not.toBe(tc);
  });

  it('writes the register with the zh headers of register.json in order on row 1 of 按揭台账', async () => {
    const desc = JSON.parse(await fs.readFile(templatesDir('sheets', 'register.json'), 'utf8')) as { columns: { key: string; header: { zh: string } }[] };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dirA, set.registerFile));
    const ws = wb.getWorksheet('按揭台账')!;
    expect(ws).toBeDefined();
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c) => header.push(String(c.value)));
    expect(header).toEqual(desc.columns.map((c) => c.header.zh));
    expect(ws.actualRowCount).toBe(set.register.length + 1);
    const col = (key: string) => desc.columns.findIndex((c) => c.key === key) + 1;
    set.register.forEach((u, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(col('unitKey')).value).toBe(u.unitKey);
      expect(new Decimal(row.getCell(col('totalPrice')).value as number).eq(u.totalPrice!)).toBe(true);
      expect(row.getCell(col('buyer1IdNumber')).value).toBe(u.buyers[0]!.idNumber);
      const contract = row.getCell(col('contractDate')).value as Date;
      expect(contract.toISOString().slice(0, 10)).toBe(u.contractDate);
    });
  });

  it('puts every truth row where truth.json says, with its amount on that row', async () => {
    const truth = JSON.parse(await fs.readFile(path.join(dirA, 'truth.json'), 'utf8')) as SampleSet['truth'];
    const profileOf = new Map(set.statements.map((s) => [s.file, s.profile]));
    const rows = [...truth.problems.flatMap((p) => p.rows), ...truth.cleanMatches.flatMap((m) => [...m.bank, ...m.finance])];
    expect(rows.length).toBeGreaterThan(40);
    for (const r of rows) {
      const cells = await rowText(dirA, r, profileOf.get(r.file) ?? '');
      expect(amountIn(cells, r.amount), `${r.file} row ${r.row}: ${cells.join('|')} should hold ${r.amount}`).toBe(true);
      if (r.side === 'finance') expect(cells).toContain(r.voucher);
      else expect(cells.join('|')).toMatch(new RegExp(`${r.date}|${r.date.replace(/-/g, '')}`));
    }
  });
});
