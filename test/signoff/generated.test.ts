/**
 * The mutation test over a real generated report: `anjie sample` → `anjie progress` → `anjie
 * signoff sign`, then every signed cell changed once (value, then type), values typed into empty
 * cells, a row deleted — verify must name the cell each time; formatting-only changes and
 * changes outside the scope must leave it intact. The per-cell loop works on the loaded
 * workbook (same reader and verify as the CLI, without re-zipping 1,700 files); the row
 * deletion and the formatting change go through a saved file and the CLI.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
import { activeRecords, verify } from '../../domain/signoff/record';
import type { Scope } from '../../domain/signoff/scope';
import { readRecords, workbookContent } from '../../pipeline/signoff/workbook';
import { fakeFromXlsx, xlsxFromFake } from './bridge';
import { anjie, tempDir } from './helpers';

let dir: string;
let report: string;
let wb: ExcelJS.Workbook;
let ws: ExcelJS.Worksheet;
let scope: Scope;
let blockRow: number;
let register: string;

function check(): ReturnType<typeof verify> {
  return verify(readRecords(wb), workbookContent(wb, scope).content);
}

async function loadReport(): Promise<ExcelJS.Workbook> {
  const w = new ExcelJS.Workbook();
  await w.xlsx.readFile(report);
  return w;
}

beforeAll(async () => {
  dir = tempDir();
  expect((await anjie('sample', '--out', dir, '--units', '50')).code).toBe(0);
  report = path.join(dir, '按揭进度表.xlsx');
  register = path.join(dir, readdirSync(dir).find((f) => f.startsWith('按揭台账'))!);
  const p = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', report);
  expect(p.code, p.err).toBe(0);
  const s = await anjie('signoff', 'sign', report, '--name', '李四', '--role', '制表');
  expect(s.code, s.err).toBe(0);
  wb = await loadReport();
  const records = readRecords(wb);
  scope = activeRecords(records)[0].scope;
  expect(scope.sheets).toHaveLength(1);
  ws = wb.getWorksheet(scope.sheets[0].sheet)!;
  blockRow = Number(scope.sheets[0].exclude[0].split(':')[0]);
});

describe('mutation test over a generated weekly progress report', () => {
  it('is intact as signed, and the signature block (excluded row) carries the signer', () => {
    expect(check().status).toBe('intact');
    expect(ws.getRow(blockRow).values).toContain('李四');
  });

  it('names every signed cell changed once — its value or its type, alternately — with its address', () => {
    const targets: ExcelJS.Cell[] = [];
    ws.eachRow((row, r) => {
      if (r === blockRow) return;
      row.eachCell((cell) => {
        if (!(cell.isMerged && cell.master !== cell) && cell.value !== null && cell.value !== '') targets.push(cell);
      });
    });
    expect(targets.length).toBeGreaterThan(500);
    const kinds = new Set<string>();
    targets.forEach((cell, i) => {
      const original = cell.value;
      const f = original as ExcelJS.CellFormulaValue;
      let valueChange: ExcelJS.CellValue;
      let typeChange: ExcelJS.CellValue;
      if (typeof original === 'string') [valueChange, typeChange] = [`${original}改`, 7];
      else if (typeof original === 'number') [valueChange, typeChange] = [original + 0.01, String(original)];
      else if (typeof original === 'boolean') [valueChange, typeChange] = [!original, String(original)];
      else if (original instanceof Date) [valueChange, typeChange] = [new Date(original.getTime() + 86400000), original.toISOString().slice(0, 10)];
      else if (original && typeof original === 'object' && ('formula' in original || 'sharedFormula' in original)) {
        const res = f.result;
        valueChange = { ...f, result: typeof res === 'number' ? res + 1 : `${String(res)}改` } as ExcelJS.CellValue;
        typeChange = { ...f, result: typeof res === 'number' ? String(res) : 1 } as ExcelJS.CellValue;
      } else throw new Error(`unexpected value in ${cell.address}: ${JSON.stringify(original)}`);
      const what = i % 2 === 0 ? 'value' : 'type';
      kinds.add(`${what} of ${original instanceof Date ? 'date' : typeof original === 'object' ? 'formula' : typeof original}`);
      cell.value = what === 'value' ? valueChange : typeChange;
      const v = check();
      expect(v.status, `${what} change of ${cell.address}`).toBe('changed');
      if (v.status === 'changed') expect(v.changes.map((c) => c.ref), `${what} change of ${cell.address}`).toEqual([cell.address]);
      cell.value = original;
    });
    // both kinds of change hit every kind of value the report holds
    expect([...kinds].sort()).toEqual(['type of date', 'type of formula', 'type of number', 'type of string', 'value of date', 'value of formula', 'value of number', 'value of string']);
    expect(check().status).toBe('intact');
  });

  it('names a value typed into an empty cell, inside the table or far outside it', () => {
    const empties: string[] = ['AZ5000', 'XFD90'];
    const width = ws.columnCount;
    for (let r = 1; r < blockRow; r += 3) for (let c = 1; c <= width; c++) if (ws.getCell(r, c).value === null && !ws.getCell(r, c).isMerged) empties.push(ws.getCell(r, c).address);
    expect(empties.length).toBeGreaterThan(20);
    for (const ref of empties) {
      ws.getCell(ref).value = '加';
      const v = check();
      expect(v.status, ref).toBe('changed');
      if (v.status === 'changed') expect(v.changes.map((c) => c.ref)).toEqual([ref]);
      ws.getCell(ref).value = null;
    }
    expect(check().status).toBe('intact');
  });

  it('reports a deleted data row through the CLI, the deleted row first', async () => {
    const w = await loadReport();
    const sheet = w.getWorksheet(scope.sheets[0].sheet)!;
    // A data row of the unit table: its header (序号) comes after the summary blocks.
    let header = 1;
    while (sheet.getCell(header, 1).value !== '序号') header++;
    const at = header + 2;
    const table = sheet.getRow(at).values as unknown[];
    w.getWorksheet(scope.sheets[0].sheet)!.spliceRows(at, 1);
    const file = path.join(dir, 'deleted-row.xlsx');
    await w.xlsx.writeFile(file);
    const r = await anjie('signoff', 'verify', file);
    expect(r.code).toBe(1);
    const first = r.out.split('\n').find((l) => l.startsWith(`  ${scope.sheets[0].sheet}!`));
    expect(first).toMatch(new RegExp(`!A${at} `));
    expect(table.filter((x) => x !== undefined && x !== null).length).toBeGreaterThan(3);
  });

  it('stays intact after formatting every cell differently, and after edits outside the scope', async () => {
    const w = await loadReport();
    const sheet = w.getWorksheet(scope.sheets[0].sheet)!;
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        cell.font = { bold: true, italic: true, color: { argb: 'FF0000FF' } };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFCC' } };
        cell.border = { top: { style: 'thick' } };
        if (cell.numFmt === '¥#,##0.00') cell.numFmt = '#,##0.00_);(#,##0.00)';
        if (cell.numFmt === 'yyyy-mm-dd') cell.numFmt = 'yyyy"年"m"月"d"日"';
      }),
    );
    sheet.columns.forEach((c) => (c.width = 30));
    sheet.getCell('B3').note = '经理已阅';
    sheet.getRow(blockRow).getCell(4).value = '手写';
    w.addWorksheet('草稿').getCell('A1').value = '不在签核范围内';
    const file = path.join(dir, 'formatted.xlsx');
    await w.xlsx.writeFile(file);
    const r = await anjie('signoff', 'verify', file);
    expect(r.code, r.out).toBe(0);
  });

  it('gives the same fingerprint when the add-in reads the generated report through Office.js values', async () => {
    const v = await verifyInExcel(memoryHost(await fakeFromXlsx(report)));
    expect(v.status).toBe('intact');
  });

  it('signed in the add-in, the saved generated report verifies with the CLI, and a later edit is named', async () => {
    const fresh = path.join(dir, 'fresh.xlsx');
    expect((await anjie('progress', '--register', register, '--week', '2026-W48', '--out', fresh)).code).toBe(0);
    const fake = await fakeFromXlsx(fresh);
    const rec = await signInExcel(memoryHost(fake), { name: '李四', role: '制表' });
    expect(rec.fingerprint).toBe(activeRecords(readRecords(wb))[0].fingerprint); // same content, same fingerprint as the CLI's
    const saved = path.join(dir, 'signed-in-excel.xlsx');
    await xlsxFromFake(fake, saved);
    expect((await anjie('signoff', 'verify', saved)).code).toBe(0);
    fake.sheet(scope.sheets[0].sheet).ensure(4, 1).v = '改过';
    await xlsxFromFake(fake, saved);
    const r = await anjie('signoff', 'verify', saved);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${scope.sheets[0].sheet}!B5`);
  });
});
