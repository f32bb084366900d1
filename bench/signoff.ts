/**
 * Sign-off benchmark (`npm run bench`; `-- --quick` for 2,000 rows only; `-- --signoff-rows=N,M`
 * for other sizes): writes a progress-like workbook of N rows × 24 columns (text, money, dates, a
 * formula per row) with a signature block, then signs and verifies it, each in a child process
 * (signoffChild.ts) so its wall time, CPU time and peak RSS are its own, and times the canonical
 * form + SHA-256 alone; prints cells, canonical size and file sizes. Asserts nothing.
 * Target: a reconciliation report of 1M rows signable within a few minutes under ~1.5 GB RSS.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { canonicalize } from '../domain/signoff/canonical';
import { activeRecords } from '../domain/signoff/record';
import { readSheetCells } from '../pipeline/signoff/cells';
import { readRecords } from '../pipeline/signoff/workbook';

const COLS = 24;

async function makeWorkbook(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('按揭进度表');
  ws.getCell('A1').value = '按揭进度表 2026-W48';
  ws.getRow(3).values = Array.from({ length: COLS }, (_, c) => `列${c + 1}`);
  for (let r = 0; r < rows; r++) {
    const row = ws.getRow(4 + r);
    const values: ExcelJS.CellValue[] = [];
    for (let c = 0; c < COLS; c++) {
      if (c % 4 === 0) values.push(`3-${r % 30}-${1000 + r} 买受人${r}`);
      else if (c % 4 === 1) values.push(Math.round((r * 1000 + c) * 137.31) / 100);
      else if (c % 4 === 2) values.push(new Date(Date.UTC(2026, r % 12, 1 + (c % 28))));
      else values.push(c === 3 ? { formula: `B${4 + r}*2`, result: (Math.round((r * 1000 + 1) * 137.31) / 100) * 2 } : `备注 ${r}-${c}`);
    }
    row.values = values;
    for (let c = 2; c < COLS; c += 4) row.getCell(c + 1).numFmt = 'yyyy-mm-dd';
    for (let c = 1; c < COLS; c += 4) row.getCell(c + 1).numFmt = '¥#,##0.00';
  }
  const sig = ws.getRow(rows + 6);
  sig.getCell(1).value = '制表：';
  sig.getCell(9).value = '审核(经理)：';
  sig.getCell(17).value = '日期：';
  await wb.xlsx.writeFile(file);
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  peakRssMB: number;
  status: string;
  cells: number;
}

function runChild(op: 'sign' | 'verify', file: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'signoffChild.js'), op, file], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as ChildResult);
    });
  });
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export async function runSignoffBench(args: readonly string[]): Promise<void> {
  const asked = args.find((a) => a.startsWith('--signoff-rows='))?.slice('--signoff-rows='.length);
  const sizes = asked ? asked.split(',').map(Number) : args.includes('--quick') ? [2000] : [2000, 10000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-bench-signoff-'));
  process.stdout.write('\n== sign-off (anjie signoff) ==\n');
  for (const rows of sizes) {
    const file = path.join(dir, `progress-${rows}.xlsx`);
    await makeWorkbook(file, rows);
    const before = fs.statSync(file).size;
    const s = await runChild('sign', file);
    const v = await runChild('verify', file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const scope = activeRecords(readRecords(wb))[0].scope;
    const cells = readSheetCells(wb.getWorksheet(scope.sheets[0].sheet)!).cells;
    const t = performance.now();
    const content = canonicalize(scope, () => cells);
    const canonMs = performance.now() - t;
    process.stdout.write(
      `${rows} rows × ${COLS} cols: ${s.cells} cells signed; canonical text ${mb(content.text.length)} (chars); ` +
        `sign ${s.ms.toFixed(0)} ms (CPU ${s.cpuMs.toFixed(0)} ms, peak RSS ${s.peakRssMB.toFixed(0)} MB), verify ${v.ms.toFixed(0)} ms (CPU ${v.cpuMs.toFixed(0)} ms, peak RSS ${v.peakRssMB.toFixed(0)} MB, ${v.status}), canonical form + SHA-256 alone ${canonMs.toFixed(0)} ms; ` +
        `file ${mb(before)} → ${mb(fs.statSync(file).size)} signed\n`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
