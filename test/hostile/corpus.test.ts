import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readBankFile, readJournalFile } from '../../pipeline/read';
import { anjie, CORPUS, freshDir, stackLines } from './helpers';

/**
 * Every file of the hostile corpus (test/fixtures/hostile, made by scripts/make-hostile-corpus.ts)
 * gets exactly the behaviour written for it in expectations.json: through `anjie inspect`, and
 * through `anjie reconcile` (a file that cannot be read stops the run with exit 2 and leaves no
 * output behind; a file with bad rows is reconciled, each bad row listed in 未解析 and in the JSON).
 */
interface RejectedExpectation {
  row: number;
  column?: string;
  sheet?: string;
  reasonIncludes: string;
}

interface Expectation {
  file: string;
  case: string;
  kind: 'bank' | 'journal';
  exit: 0 | 2;
  env?: Record<string, string | null>;
  messageIncludes?: string[];
  transactions?: number;
  credits?: string;
  debits?: string;
  rejectedRows?: RejectedExpectation[];
  warningsInclude?: string[];
  dates?: string[];
  names?: string[];
  memos?: string[];
  rows?: number[];
  reconcileOutcomes?: { row: number; outcome: string }[];
}

interface InspectJson {
  files: {
    file: string;
    transactions?: number;
    credits?: string;
    debits?: string;
    rejected?: { sheet: string; row: number; column?: string; reason: string }[];
    warnings?: string[];
    error?: string;
  }[];
}

const expectations = (JSON.parse(fs.readFileSync(path.join(CORPUS, 'expectations.json'), 'utf8')) as { files: Expectation[] }).files;
const GOOD_BANK = path.join(CORPUS, 'good-statement.csv');
const GOOD_JOURNAL = path.join(CORPUS, 'good-journal.xlsx');

describe('the hostile corpus', () => {
  it('holds at least 30 files, each with its expected behaviour, none larger than ~1 MiB', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f !== 'expectations.json');
    expect(files.length).toBeGreaterThanOrEqual(30);
    const described = new Set(expectations.map((e) => e.file));
    expect(files.filter((f) => !described.has(f))).toEqual([]);
    for (const f of files) expect(fs.statSync(path.join(CORPUS, f)).size, f).toBeLessThan(1.1 * 1024 * 1024);
  });
});

describe.each(expectations.map((e) => [`${e.file} — ${e.case}`, e] as const))('%s', (_title, e) => {
  const file = path.join(CORPUS, e.file);

  it(`anjie inspect exits ${e.exit} with the expected findings`, async () => {
    const text = await anjie(['inspect', file], e.env);
    const seen = text.out + text.err;
    expect(text.code, seen).toBe(e.exit);
    expect(stackLines(seen)).toEqual([]);
    expect(seen).not.toMatch(/内部错误|Internal error/);
    for (const m of e.messageIncludes ?? []) expect(seen).toContain(m);
    if (e.exit !== 0) return;

    const json = await anjie(['inspect', '--json', file], e.env);
    expect(json.code).toBe(0);
    const r = (JSON.parse(json.out) as InspectJson).files[0];
    if (e.transactions !== undefined) expect(r.transactions).toBe(e.transactions);
    if (e.credits !== undefined) expect(r.credits).toBe(e.credits);
    if (e.debits !== undefined) expect(r.debits).toBe(e.debits);
    if (e.rejectedRows) {
      const got = (r.rejected ?? []).map((x) => ({ row: x.row, column: x.column, sheet: x.sheet, reason: x.reason }));
      expect(got.map((x) => x.row)).toEqual(e.rejectedRows.map((x) => x.row));
      e.rejectedRows.forEach((want, i) => {
        if (want.column) expect(got[i].column).toBe(want.column);
        if (want.sheet) expect(got[i].sheet).toBe(want.sheet);
        expect(got[i].reason).toContain(want.reasonIncludes);
        // Chinese first, then English.
        expect(got[i].reason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/s);
      });
    }
    const warnings = (r.warnings ?? []).join('\n');
    for (const w of e.warningsInclude ?? []) expect(warnings).toContain(w);
  });

  if (e.exit === 0 && e.kind === 'bank' && (e.dates || e.names || e.memos || e.rows)) {
    it('reads the transactions with the expected dates, names, memos and row numbers', async () => {
      const r = await readBankFile(file);
      if (e.dates) expect(r.transactions.map((t) => t.date)).toEqual(e.dates);
      if (e.names) expect(r.transactions.map((t) => t.counterpartyName)).toEqual(e.names);
      if (e.memos) expect(r.transactions.map((t) => t.memo)).toEqual(e.memos);
      if (e.rows) expect(r.transactions.map((t) => t.source.row)).toEqual(e.rows);
    });
  }

  if (e.env && Object.keys(e.env).some((k) => k !== 'PATH' && k !== 'ANJIE_SOFFICE')) return; // limit variants: inspect only

  it(`anjie reconcile ${e.exit === 0 ? 'lists every row once, the bad ones in 未解析' : 'stops with exit 2 and leaves nothing behind'}`, async () => {
    const dir = freshDir('corpus');
    const out = path.join(dir, 'report.xlsx');
    const jsonOut = path.join(dir, 'report.json');
    const [bank, finance] = e.kind === 'bank' ? [file, GOOD_JOURNAL] : [GOOD_BANK, file];
    const r = await anjie(['reconcile', '--bank', bank, '--finance', finance, '--period', '2026-03', '--out', out, '--json', jsonOut], e.env);
    const seen = r.out + r.err;
    expect(stackLines(seen)).toEqual([]);
    expect(seen).not.toMatch(/内部错误|Internal error/);
    if (e.exit !== 0) {
      expect(r.code, seen).toBe(2);
      expect(r.err).toContain(e.file);
      expect(r.err).toMatch(/错误/);
      expect(r.err).toMatch(/Error/);
      expect(fs.readdirSync(dir)).toEqual([]); // no report, no JSON, no temporary file
      return;
    }
    expect(r.code, seen).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['report.json', 'report.xlsx']);

    // Every input row exactly once: the transactions and journal bank lines read, and every rejected row.
    const read = e.kind === 'bank' ? await readBankFile(file) : await readJournalFile(file);
    const wantRows = [
      ...(read.kind === 'bank' ? read.transactions.map((t) => t.source.row) : read.lines.filter((l) => l.isBankLine).map((l) => l.source.row)),
      ...read.rejected.map((x) => x.source.row),
      ...(read.kind === 'bank' ? read.skipped.map((x) => x.source.row) : []),
    ].sort((a, b) => a - b);
    const doc = JSON.parse(fs.readFileSync(jsonOut, 'utf8')) as {
      rows: { side: string; file: string; sheet: string; row: number; outcome: string }[];
      totals: { files: { file: string; rows: number; rejected: number }[] };
    };
    const mine = doc.rows.filter((x) => x.file === e.file);
    expect(mine.map((x) => x.row).sort((a, b) => a - b)).toEqual(wantRows);
    for (const want of e.rejectedRows ?? []) expect(mine.find((x) => x.row === want.row)?.outcome).toBe('UNPARSEABLE');
    // Counted in the summary, so the totals still tie: rows read and rows not parsed, per file.
    // (A file with no rows at all is not listed in totals.files — reported to the reconcile owner.)
    const counted = doc.totals.files.find((f) => f.file === e.file);
    if (wantRows.length) {
      expect(counted?.rows).toBe(wantRows.length);
      // Skipped rows (不计收支, 交易关闭, WeChat "/") are NOT_MORTGAGE rows, not rows that could not be read.
      expect(counted?.rejected).toBe(read.rejected.length);
    }
    for (const want of e.reconcileOutcomes ?? []) expect(mine.find((x) => x.row === want.row)?.outcome).toBe(want.outcome);

    // 未解析 lists each bad row with its file, row and reason.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('未解析');
    expect(sheet).toBeDefined();
    const listed: { file: string; row: number; reason: string }[] = [];
    sheet!.eachRow((row, n) => {
      if (n === 1) return;
      listed.push({ file: String(row.getCell(2).value), row: Number(row.getCell(4).value), reason: String(row.getCell(6).value) });
    });
    const listedHere = listed.filter((x) => x.file === e.file);
    expect(listedHere.map((x) => x.row)).toEqual((e.rejectedRows ?? []).map((x) => x.row));
    (e.rejectedRows ?? []).forEach((want, i) => expect(listedHere[i].reason).toContain(want.reasonIncludes));
  });
});
