import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from './helpers';
import { convertToPdf, pdfWords } from './libreoffice';
import { writeRegisterFile } from './registerFile';

/**
 * A large project's totals must show on screen and on paper, not as ###. Every unit here is at the
 * top of the range the desk sees (合同总价 ¥99,999,999.99): one unit's amount fits its column, but
 * the 合计 of 40 of them (¥2,799,999,999.60 of loans) is wider than a column sized for one unit.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-widths-'));
const f = (name: string) => path.join(dir, name);
const OUTPUTS = ['P.xlsx', 'F.xlsx', 'T.xlsx'];

/** How Excel shows a number in ¥#,##0.00, worked out here and not by the code under test. */
const shown = (n: number) => `${n < 0 ? '-' : ''}¥${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

beforeAll(async () => {
  const units = Array.from({ length: 40 }, (_, i) =>
    makeUnit({
      room: String(1001 + i),
      mainBorrower: `买受人${i}`,
      totalPrice: '99999999.99',
      downPayment: '30000000.00',
      commercialLoan: '69999999.99',
      filingDate: '2026-09-03',
      stages: { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10', disbursed: '2026-11-12' },
      commercialDisbursed: null,
      commercialDisbursedDate: null,
    }),
  ).map((u) => ({ ...u, commercialDisbursed: u.commercialLoan, commercialDisbursedDate: '2026-11-12' }));
  await writeRegisterFile(f('R.xlsx'), units);
  for (const args of [
    ['progress', '--register', f('R.xlsx'), '--week', '2026-W48', '--today', '2026-11-30', '--out', f('P.xlsx')],
    ['fees', '--register', f('R.xlsx'), '--city', 'guangzhou', '--today', '2026-11-30', '--out', f('F.xlsx')],
    ['title-search', '--register', f('R.xlsx'), '--today', '2026-11-30', '--out', f('T.xlsx')],
  ]) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T02:00:00Z'));
    const r = await anjie(...args).finally(() => vi.useRealTimers());
    if (r.code !== 0) throw new Error(`anjie ${args.join(' ')} → ${r.code}\n${r.out}\n${r.err}`);
  }
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('amounts of a large project fit their columns', () => {
  it('every ¥ cell, 小计 and 合计 included, is in a column at least as wide as its shown text (each character a digit wide)', async () => {
    const tooNarrow: string[] = [];
    let totals = 0;
    for (const out of OUTPUTS) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(f(out));
      for (const ws of wb.worksheets.filter((w) => w.state === 'visible').slice(0, 6)) {
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (!cell.numFmt?.includes('¥') || cell.isMerged) return;
            const v = cell.value;
            const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
            if (n === null) return;
            if (Math.abs(n) >= 1e9) totals++;
            const width = ws.getColumn(cell.col).width ?? 9;
            if (width < shown(n).length) tooNarrow.push(`${out} ${ws.name}!${cell.address} ${shown(n)} in width ${width}`);
          }),
        );
      }
    }
    expect(totals).toBeGreaterThan(0); // the test reaches the large 合计s
    expect(tooNarrow).toEqual([]);
  });

  it('LibreOffice prints no ### on any page', () => {
    const pdfs = convertToPdf(OUTPUTS.map(f), path.join(dir, 'pdf'));
    const hashes: string[] = [];
    pdfs.forEach((pdf) =>
      pdfWords(pdf).forEach((page, p) => {
        for (const w of page) if (/^#+$/.test(w.text)) hashes.push(`${path.basename(pdf)} page ${p + 1}`);
      }),
    );
    expect(hashes).toEqual([]);
  }, 300_000);
});
