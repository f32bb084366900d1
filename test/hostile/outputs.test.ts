import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXCEL_MAX_CELL_CHARS, safeCsvText, safeText, startsLikeFormula } from '../../pipeline/io/safeCell';
import type { SheetLayout } from '../../domain/sheets/layout';
import { writeWorkbook } from '../../pipeline/render/workbook';
import { anjie, CORPUS, freshDir, zipParts } from './helpers';

/**
 * Outputs are safe: input text that starts like a formula is written as text, never as a
 * formula; characters that would corrupt the workbook XML never reach it; no cell passes Excel's
 * limit; Anjie never writes over an input; a failing run leaves no partial file.
 */
const H = (f: string) => path.join(CORPUS, f);
// A journal that matches none of the corpus statements, so their rows show in 差异 with their memos.
const UNMATCHED_JOURNAL = H('journal-bad-rows.xlsx');

async function reconcileTo(dir: string, bank: string[], finance = UNMATCHED_JOURNAL, extra: string[] = []) {
  const out = path.join(dir, 'report.xlsx');
  const r = await anjie(['reconcile', ...bank.flatMap((b) => ['--bank', b]), '--finance', finance, '--period', '2026-03', '--out', out, ...extra]);
  return { ...r, out };
}

/** Every cell of every sheet: sheet, address, exceljs type, value, number format. */
async function cells(file: string): Promise<{ sheet: string; address: string; type: ExcelJS.ValueType; value: ExcelJS.CellValue; numFmt: string }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: { sheet: string; address: string; type: ExcelJS.ValueType; value: ExcelJS.CellValue; numFmt: string }[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        out.push({ sheet: ws.name, address: c.address, type: c.type, value: c.value, numFmt: c.numFmt });
      }),
    ),
  );
  return out;
}

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('safeCell', () => {
  it('recognises every formula trigger and nothing else', () => {
    for (const s of ['=1+2', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(startsLikeFormula(s), JSON.stringify(s)).toBe(true);
    for (const s of ['1+2', '按揭放款', ' =1', '（=）', '']) expect(startsLikeFormula(s), JSON.stringify(s)).toBe(false);
  });

  it('replaces XML-illegal characters, keeps tab/LF/CR and astral characters', () => {
    expect(safeText('a\u0000b\u0001c\u000bd\u001fe\ufffff')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf');
    expect(safeText('x\ty\nz\r𠀀')).toBe('x\ty\nz\r𠀀');
    expect(safeText('lone \ud800 high, lone \udc00 low')).toBe('lone \ufffd high, lone \ufffd low');
  });

  it('cuts text at Excel’s 32,767-character limit and says so, never splitting a surrogate pair', () => {
    const long = safeText('附'.repeat(100_000));
    expect(long.length).toBe(EXCEL_MAX_CELL_CHARS);
    expect(long.endsWith('[已截断 truncated]')).toBe(true);
    const astral = safeText('𠀀'.repeat(20_000));
    expect(astral.length).toBeLessThanOrEqual(EXCEL_MAX_CELL_CHARS);
    expect(astral.replace('…[已截断 truncated]', '')).toMatch(/^(𠀀)+$/u);
  });

  it('prefixes formula-like CSV text with an apostrophe', () => {
    expect(safeCsvText('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(safeCsvText('按揭放款')).toBe('按揭放款');
  });
});

describe('the reconcile report', () => {
  it('writes memos and names that start with =, +, -, @, tab or CR as text cells, never formulas', async () => {
    const dir = freshDir('inject');
    const r = await reconcileTo(dir, [H('formula-injection.csv')]);
    expect(r.code, r.out + r.err).toBe(0);
    const all = await cells(r.out);
    const texts = ['=HYPERLINK("http://example.invalid/x","点此查看")', '+1 汇入', '-2 汇入', '@SUM(A1:A9)', '=1+2', '=cmd|"/c calc"!A1'];
    for (const t of texts) {
      const hits = all.filter((c) => typeof c.value === 'string' && c.value.startsWith(t));
      expect(hits.length, t).toBeGreaterThan(0);
      for (const h of hits) {
        expect(h.type, `${h.sheet}!${h.address}`).toBe(ExcelJS.ValueType.String);
        // Text format too, so editing the cell in Excel (F2, Enter) cannot turn it into a formula.
        expect(h.numFmt, `${h.sheet}!${h.address}`).toBe('@');
      }
    }
    // No formula element anywhere holds input text (the report's own formulas are in 余额调节表 only).
    const parts = await zipParts(r.out);
    for (const [name, xml] of parts) {
      if (!name.startsWith('xl/worksheets/')) continue;
      for (const f of xml.match(/<f>[^<]*<\/f>/g) ?? []) expect(f).not.toMatch(/HYPERLINK|SUM\(A1|cmd|1\+2/);
    }
  });

  it('keeps control characters and NUL bytes out of the workbook XML and every cell within Excel’s limit', async () => {
    const dir = freshDir('ctl');
    const r = await reconcileTo(dir, [H('control-chars.csv'), H('cell-1mb.csv')]);
    expect(r.code, r.out + r.err).toBe(0);
    const parts = await zipParts(r.out);
    for (const [name, xml] of parts) {
      // eslint-disable-next-line no-control-regex
      expect(xml.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g) ?? [], name).toEqual([]);
    }
    const all = await cells(r.out);
    expect(all.some((c) => typeof c.value === 'string' && c.value.includes('按揭\ufffd放款'))).toBe(true);
    for (const c of all) if (typeof c.value === 'string') expect(c.value.length, `${c.sheet}!${c.address}`).toBeLessThanOrEqual(EXCEL_MAX_CELL_CHARS);
    expect(all.some((c) => typeof c.value === 'string' && c.value.includes('附言附言') && c.value.endsWith('[已截断 truncated]'))).toBe(true);
  });

  it('refuses to write over one of its input files, and the input is left untouched', async () => {
    const dir = freshDir('overwrite');
    const bank = path.join(dir, 'statement.xlsx');
    fs.copyFileSync(H('good-statement.xlsx'), bank);
    const before = sha(bank);
    const r = await anjie(['reconcile', '--bank', bank, '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', bank]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('输出文件与输入文件相同');
    expect(r.err).toContain('The output file is one of the input files');
    expect(sha(bank)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['statement.xlsx']);

    const journal = path.join(dir, 'journal.json');
    fs.writeFileSync(journal, '{}');
    const j = await anjie(['reconcile', '--bank', bank, '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'r.xlsx'), '--json', bank]);
    expect(j.code).toBe(2);
    expect(sha(bank)).toBe(before);
  });

  it('a run that fails while writing leaves neither a partial report nor a temporary file, and an older report intact', async () => {
    const dir = freshDir('fail');
    const out = path.join(dir, 'report.xlsx');
    fs.writeFileSync(out, 'last month’s report');
    // The last step of every write fails (as a full disk or a locked file would): the temp file was complete.
    vi.spyOn(fs.promises, 'rename').mockRejectedValue(Object.assign(new Error('EBUSY: resource busy or locked (simulated)'), { code: 'EBUSY' }));
    const r = await anjie(['reconcile', '--bank', H('good-statement.csv'), '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', out]);
    expect(r.code).not.toBe(0);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(dir)).toEqual(['report.xlsx']);
    expect(fs.readFileSync(out, 'utf8')).toBe('last month’s report');
  });
});

describe('a signed report', () => {
  it('is not overwritten by a new run without --force, and is with it', async () => {
    const dir = freshDir('signed');
    const args = ['reconcile', '--bank', H('good-statement.csv'), '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'report.xlsx')];
    expect((await anjie(args)).code).toBe(0);
    // Only 汇总: signing the whole report is refused while 余额调节表 holds formulas without cached values (reported to the reconcile owner).
    const sign = await anjie(['signoff', 'sign', path.join(dir, 'report.xlsx'), '--name', '张三', '--role', '制表', '--sheets', '汇总']);
    expect(sign.code, sign.out + sign.err).toBe(0);
    const signed = sha(path.join(dir, 'report.xlsx'));
    const again = await anjie(args);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    expect(sha(path.join(dir, 'report.xlsx'))).toBe(signed);
    expect(fs.readdirSync(dir)).toEqual(['report.xlsx']);
    const forced = await anjie([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(sha(path.join(dir, 'report.xlsx'))).not.toBe(signed);
  });
});

describe('the template renderer', () => {
  it('writes formula-like text from a layout as text with the Text format', async () => {
    const dir = freshDir('render');
    const out = path.join(dir, 'r.xlsx');
    const layout: SheetLayout = {
        name: '台账',
        columnWidths: [20, 20],
        values: [['=HYPERLINK("http://example.invalid")', '@SUM(A1)'], ['正常文字', { kind: 'formula', formula: 'LEN(B2)', result: 4 }]],
        styles: [],
        numberFormats: [],
        merges: [],
        freeze: { rows: 0, cols: 0 },
        table: null,
        print: { orientation: 'portrait', paperSize: 'A4', fitToWidth: true, repeatRows: null },
        validations: [],
        conditionalFormats: [],
        notes: [],
        protect: false,
        unlocked: [],
      };
    await writeWorkbook(out, [layout]);
    const all = await cells(out);
    const a1 = all.find((c) => c.address === 'A1')!;
    expect(a1.type).toBe(ExcelJS.ValueType.String);
    expect(a1.numFmt).toBe('@');
    expect(all.find((c) => c.address === 'B1')!.type).toBe(ExcelJS.ValueType.String);
    expect(all.find((c) => c.address === 'A2')!.numFmt ?? 'General').not.toBe('@');
    // Anjie's own formulas stay formulas.
    expect(all.find((c) => c.address === 'B2')!.type).toBe(ExcelJS.ValueType.Formula);
  });
});
