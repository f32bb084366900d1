import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../pipeline/errors';
import { assertNotSigned, verifyWorkbook } from '../../pipeline/signoff/workbook';
import { anjie, buildReport, tempDir } from './helpers';

const SHEET = '按揭进度表';
let dir: string;
let signed: string;

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Copies the signed workbook through exceljs with one edit applied; returns the new file. */
let counter = 0;
async function mutate(edit: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = await load(signed);
  edit(wb.getWorksheet(SHEET)!, wb);
  const out = path.join(dir, `m${counter++}.xlsx`);
  await wb.xlsx.writeFile(out);
  return out;
}

beforeAll(async () => {
  dir = tempDir();
  signed = path.join(dir, 'progress.xlsx');
  await buildReport(signed);
  const r = await anjie('signoff', 'sign', signed, '--name', '李四', '--role', '制表', '--sheets', SHEET);
  expect(r.code, r.err).toBe(0);
});

describe('anjie signoff on a report', () => {
  it('verifies intact (exit 0), and fills the signature block, protects the sheet, hides the records', async () => {
    const r = await anjie('signoff', 'verify', signed);
    expect(r.code).toBe(0);
    expect(r.out).toContain('intact');
    expect(r.out.split('\n')[0]).toBe(`文件 file: ${signed}`); // which file, when an auditor verifies several in a row
    const wb = await load(signed);
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getCell('B9').value).toBe('李四');
    expect(ws.getCell('D9').value).toBeNull();
    expect(ws.getCell('F9').value).toBeInstanceOf(Date);
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    expect(wb.getWorksheet('签核记录')!.state).toBe('veryHidden');
    expect((wb.getWorksheet('说明') as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).toBeNull();
  });

  it('reports every single-cell value change and type change, with its address', async () => {
    const wb = await load(signed);
    const ws = wb.getWorksheet(SHEET)!;
    const targets: { ref: string; value: ExcelJS.CellValue }[] = [];
    ws.eachRow((row, r) => {
      if (r === 9) return; // the signature block row is outside the scope
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        targets.push({ ref: cell.address, value: cell.value });
      });
    });
    expect(targets.length).toBe(27);
    for (const t of targets) {
      const changedValue = (v: ExcelJS.CellValue): ExcelJS.CellValue => {
        if (typeof v === 'string') return `${v}x`;
        if (typeof v === 'number') return v + 0.01;
        if (typeof v === 'boolean') return !v;
        if (v instanceof Date) return new Date(v.getTime() + 86400000);
        const f = v as ExcelJS.CellFormulaValue;
        return { formula: f.formula, result: (f.result as number) + 1 } as ExcelJS.CellValue;
      };
      const changedType = (v: ExcelJS.CellValue): ExcelJS.CellValue => {
        if (typeof v === 'string') return 1;
        if (typeof v === 'number') return String(v); // same digits, now text
        if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        return String((v as ExcelJS.CellFormulaValue).result);
      };
      for (const [kind, next] of [['value', changedValue(t.value)], ['type', changedType(t.value)]] as const) {
        const file = await mutate((w) => {
          w.getCell(t.ref).value = next;
        });
        const v = await verifyWorkbook(file);
        expect(v.status, `${kind} change of ${t.ref}`).toBe('changed');
        if (v.status === 'changed') expect(v.changes.map((c) => c.ref), `${kind} change of ${t.ref}`).toEqual([t.ref]);
      }
    }
  });

  it('reports a value typed into any empty cell of the signed sheet', async () => {
    const wb = await load(signed);
    const ws = wb.getWorksheet(SHEET)!;
    const empties: string[] = ['Z100', 'A8', 'G4'];
    for (let r = 2; r <= 8; r++) for (let c = 1; c <= 6; c++) if (ws.getCell(r, c).value === null) empties.push(ws.getCell(r, c).address);
    expect(empties.length).toBeGreaterThan(8);
    for (const ref of empties) {
      const v = await verifyWorkbook(await mutate((w) => (w.getCell(ref).value = 0)));
      expect(v.status, ref).toBe('changed');
      if (v.status === 'changed') expect(v.changes.map((c) => c.ref)).toEqual([ref]);
    }
  });

  it('reports a deleted row through the CLI: exit 1, the row\'s cells listed first', async () => {
    const file = await mutate((w) => w.spliceRows(5, 1));
    const r = await anjie('signoff', 'verify', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('CHANGED');
    expect(r.out.split('\n')[0]).toBe(`文件 file: ${file}`);
    const listed = r.out.split('\n').filter((l) => l.startsWith(`  ${SHEET}!`)).map((l) => l.trim().split(/\s+/)[0]);
    expect(listed.slice(0, 6)).toEqual(['A5', 'B5', 'C5', 'D5', 'E5', 'F5'].map((a) => `${SHEET}!${a}`));
    expect(r.out).toContain('李四');
  });

  it('stays intact after formatting-only changes, changes outside the scope, and in the signature block', async () => {
    const file = await mutate((w, wb) => {
      w.getCell('D4').font = { bold: true, color: { argb: 'FFFF0000' } };
      w.getCell('B5').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
      w.getColumn(2).width = 40;
      w.getRow(4).height = 30;
      for (const ref of ['D4', 'D5', 'D6', 'D7']) w.getCell(ref).numFmt = '#,##0.00';
      w.getCell('E4').numFmt = 'yyyy/mm/dd';
      w.getCell('A4').note = '已催办';
      w.getCell('D9').value = '有人手写';
      wb.getWorksheet('说明')!.getCell('A2').value = '改了说明页';
    });
    const r = await anjie('signoff', 'verify', file);
    expect(r.code, r.out).toBe(0);
  });

  it('stays intact (exit 0, with a note) when totals differ only beyond 15 significant digits, as after a LibreOffice save or an Excel recalculation', async () => {
    const file = await mutate((w) => {
      w.getCell('D5').value = 650000.5 + 2 ** -33; // the next double: LibreOffice writes 15 digits, "650000.5"
      w.getCell('D7').value = { formula: 'SUM(D4:D6)', result: 2650000.7500000005 } as ExcelJS.CellFormulaValue;
    });
    const r = await anjie('signoff', 'verify', file);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('2 个数值与签核时仅在第 15 位有效数字之后不同');
  });

  it('writes out an invisible character that is the only change (zero-width or non-breaking space)', async () => {
    const r = await anjie('signoff', 'verify', await mutate((w) => (w.getCell('B4').value = '张三\u200b')));
    expect(r.code).toBe(1);
    expect(r.out).toContain('s:"张三"  →  现在 now s:"张三<U+200B>"');
  });

  it('warns when the signed sheet is hidden behind a look-alike copy (the content itself is intact)', async () => {
    const file = await mutate((w, wb) => {
      w.state = 'hidden';
      const copy = wb.addWorksheet(`${SHEET} `);
      copy.getCell('A1').value = '按揭进度表 2026-W48';
      copy.getCell('D4').value = 1;
    });
    const r = await anjie('signoff', 'verify', file);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`签核的工作表现已隐藏：${SHEET}`);
    expect((await anjie('signoff', 'verify', signed)).out).not.toContain('隐藏');
  });

  it('reports a date turned into a plain number by its format (d → n)', async () => {
    const v = await verifyWorkbook(await mutate((w) => (w.getCell('E4').numFmt = '0.00')));
    expect(v.status).toBe('changed');
    if (v.status === 'changed') expect(v.changes[0]).toMatchObject({ ref: 'E4', before: { type: 'd' }, after: { type: 'n', value: '46328' } });
  });

  it('enforces the role order, then unseal keeps the history and a new round can start', async () => {
    const file = path.join(dir, 'rounds.xlsx');
    await fs.copyFile(signed, file);
    let r = await anjie('signoff', 'sign', file, '--name', '赵总', '--role', '批准');
    expect(r.code).toBe(2);
    expect(r.err).toContain('下一位应为「审核」');
    r = await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核', '--password', 's3cret');
    expect(r.code, r.err).toBe(0);
    const wb = await load(file);
    expect(wb.getWorksheet(SHEET)!.getCell('D9').value).toBe('王经理');
    expect((wb.getWorksheet(SHEET) as unknown as { sheetProtection: { hashValue?: string } }).sheetProtection.hashValue).toBeTruthy();
    r = await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额需更正');
    expect(r.code, r.err).toBe(0);
    r = await anjie('signoff', 'verify', file);
    expect(r.code).toBe(2);
    // not signed now, but it was: who opened it again, when and why
    expect(r.out).toContain('此前有 1 轮签核已撤销');
    expect(r.out).toMatch(/第1轮 round 1：王经理 \S+ {2}原因 reason: 金额需更正/);
    const after = await load(file);
    expect(after.getWorksheet(SHEET)!.getCell('B9').value).toBeNull();
    expect((after.getWorksheet(SHEET) as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).toBeNull();
    r = await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', SHEET);
    expect(r.code, r.err).toBe(0);
    r = await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '再次更正');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('unsealed: 1 条记录'); // this round's one record, not also the two 王经理 unsealed before
    r = await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', SHEET);
    expect(r.code, r.err).toBe(0);
    r = await anjie('signoff', 'verify', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 earlier round(s) unsealed');
    expect(r.out).toContain('原因 reason: 再次更正');
    r = await anjie('signoff', 'show', file);
    expect(r.out.match(/已撤销 unsealed/g)).toHaveLength(3);
    expect(r.out).toContain('金额需更正');
    expect(r.out).toMatch(/#3 第2轮 round 2 {2}制表/);
    expect(r.out).toMatch(/#4 第3轮 round 3 {2}制表/);
  });

  it('exit 2 for an unsigned or unreadable file', async () => {
    const plain = path.join(dir, 'plain.xlsx');
    await buildReport(plain);
    expect((await anjie('signoff', 'verify', plain)).code).toBe(2);
    const junk = path.join(dir, 'junk.xlsx');
    await fs.writeFile(junk, 'not a workbook');
    const r = await anjie('signoff', 'verify', junk);
    expect(r.code).toBe(2);
    expect(r.err).toContain('不是 .xlsx 工作簿');
    expect(r.err).not.toContain('central directory'); // exceljs's own words, with a URL, were the only explanation
    const folder = await anjie('signoff', 'verify', dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('这是一个文件夹');
    expect(folder.err).not.toContain('EISDIR');
    expect((await anjie('signoff', 'verify', path.join(dir, 'missing.xlsx'))).code).toBe(2);
  });

  it('assertNotSigned refuses a signed target unless forced; unsigned or absent targets pass', async () => {
    await expect(assertNotSigned(signed, false)).rejects.toBeInstanceOf(UserError);
    await expect(assertNotSigned(signed, false)).rejects.toThrow(/已签核/);
    const plain = path.join(dir, 'plain2.xlsx');
    await buildReport(plain);
    await expect(assertNotSigned(plain, false)).resolves.toBeUndefined();
    await expect(assertNotSigned(path.join(dir, 'none.xlsx'), false)).resolves.toBeUndefined();
    const err = process.stderr.write;
    let warned = '';
    process.stderr.write = ((s: string) => ((warned += s), true)) as typeof process.stderr.write;
    try {
      await expect(assertNotSigned(signed, true)).resolves.toBeUndefined();
    } finally {
      process.stderr.write = err;
    }
    expect(warned).toContain('--force');
  });

  it('reports an altered record (fingerprint edited in 签核记录) as changed', async () => {
    const forged = await mutate((_w, wb) => {
      const rec = wb.getWorksheet('签核记录')!;
      rec.getCell('G2').value = 'f'.repeat(64);
    });
    const r = await anjie('signoff', 'verify', forged);
    expect(r.code).toBe(1);
    expect(r.out).toContain('签核记录本身已被改动');
  });

  it('reports a value added under a scope widened in 签核记录 (a row excluded, the ranges narrowed) as an altered record, though the fingerprint still matches', async () => {
    // An auditor who can reach the very hidden 签核记录 adds a line to the signed sheet and leaves
    // it out of the recorded scope: the fingerprint is the one quoted in the e-mail, yet the sheet
    // a manager reads holds a row nobody signed.
    for (const widen of [
      (s: { ranges: string[]; exclude: string[] }) => s.exclude.push('30:30'),
      (s: { ranges: string[]; exclude: string[] }) => (s.ranges = ['A1:Z29']),
    ]) {
      const forged = await mutate((w, wb) => {
        w.getCell('A30').value = '补充：3-2-1501 已放款 ¥650,000.00';
        const rec = wb.getWorksheet('签核记录')!;
        const scope = JSON.parse(String(rec.getCell('I2').value)) as { sheets: { ranges: string[]; exclude: string[] }[] };
        widen(scope.sheets[0]);
        rec.getCell('I2').value = JSON.stringify(scope);
      });
      const r = await anjie('signoff', 'verify', forged);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toContain('签核记录本身已被改动');
    }
  });

  it('calls a record whose scope lost a sheet\'s exclusions or ranges, or holds a range that is not text, damaged (exit 2), not an internal error', async () => {
    for (const edit of [
      (s: Record<string, unknown>) => delete s.exclude,
      (s: Record<string, unknown>) => delete s.ranges,
      (s: Record<string, unknown>) => (s.exclude = [250]),
      (s: Record<string, unknown>) => (s.sheet = 7),
    ]) {
      const damaged = await mutate((_w, wb) => {
        const rec = wb.getWorksheet('签核记录')!;
        const scope = JSON.parse(String(rec.getCell('I2').value)) as { sheets: Record<string, unknown>[] };
        edit(scope.sheets[0]);
        rec.getCell('I2').value = JSON.stringify(scope);
      });
      const r = await anjie('signoff', 'verify', damaged);
      expect(r.code, r.out + r.err).toBe(2);
      expect(r.err).toContain('签核记录表已损坏');
      expect(r.err).not.toContain('内部错误');
    }
  });

  it('says a signed sheet was renamed (both names, still changed, exit 1) without listing its cells; renamed and edited it is still reported', async () => {
    const renamed = await mutate((w) => {
      w.name = '按揭进度表(已处理)';
    });
    let r = await anjie('signoff', 'verify', renamed);
    expect(r.code).toBe(1);
    expect(r.out).toContain('CHANGED');
    expect(r.out).toContain('工作表「按揭进度表」已改名为「按揭进度表(已处理)」');
    expect(r.out).toContain('sheet "按揭进度表" was renamed to "按揭进度表(已处理)"');
    expect(r.out).not.toContain('缺少工作表');
    expect(r.out).not.toContain('改动的单元格');
    r = await anjie('signoff', 'verify', renamed, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { status: string; renamedSheets: unknown; missingSheets: unknown; changes: unknown[] };
    expect(j).toMatchObject({ status: 'changed', renamedSheets: [{ from: SHEET, to: '按揭进度表(已处理)' }], missingSheets: [], changes: [] });

    const renamedEdited = await mutate((w) => {
      w.name = '按揭进度表(已处理)';
      w.getCell('B4').value = '张叁';
    });
    r = await anjie('signoff', 'verify', renamedEdited);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('已改名');
    expect(r.out).toContain(`缺少工作表 missing sheets: ${SHEET}`);
    expect(r.out).toContain('改动的单元格 changed cells');

    // Beside a sheet far longer than the signed one (a report's 已匹配 beside a renamed 汇总), which
    // the rename search reads only as far as the signed sheet's length: still the same answer.
    const besideLong = await mutate((w, wb) => {
      w.name = '按揭进度表(已处理)';
      w.getCell('B4').value = '张叁';
      const long = wb.addWorksheet('明细');
      for (let i = 1; i <= 3000; i++) long.addRow([i, `第${i}行`, i * 100]);
    });
    r = await anjie('signoff', 'verify', besideLong);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`缺少工作表 missing sheets: ${SHEET}`);
  });

  it('verify --json gives tools the status, fingerprints and changed cells (records without their stored copy)', async () => {
    const file = await mutate((w) => (w.getCell('B4').value = '张叁'));
    const r = await anjie('signoff', 'verify', file, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { status: string; changes: { address: string; before: unknown; after: unknown }[]; active: Record<string, unknown>[] };
    expect(j.status).toBe('changed');
    expect(j.changes).toEqual([{ sheet: SHEET, row: 4, col: 2, ref: 'B4', address: `'${SHEET}'!B4`, before: { type: 's', value: '张三' }, after: { type: 's', value: '张叁' } }]);
    expect(j.active[0]).toMatchObject({ role: '制表', name: '李四' });
    expect(j.active[0]).not.toHaveProperty('content');
  });
});

describe('anjie signoff sign on a register with validation errors', () => {
  // A month long past, so that no date of the register is after the day the test runs.
  let clean: string;
  beforeAll(async () => {
    const d = tempDir();
    expect((await anjie('sample', '--out', d, '--units', '50', '--period', '2025-06')).code).toBe(0);
    clean = path.join(d, '按揭台账.xlsx');
    expect((await anjie('validate', clean)).code).toBe(0);
  });

  /** The register with buyer 1's ID number of its first unit made wrong by its check character. */
  async function withBadId(): Promise<string> {
    const wb = await load(clean);
    const ws = wb.worksheets[0];
    const col = (ws.getRow(1).values as unknown[]).indexOf('证件号码1');
    const id = String(ws.getRow(2).getCell(col).value);
    ws.getRow(2).getCell(col).value = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    const file = path.join(tempDir(), 'bad.xlsx');
    await wb.xlsx.writeFile(file);
    expect((await anjie('validate', file)).code).toBe(1);
    return file;
  }

  it('is refused (exit 2, nothing signed) without --reason, as the 签核 panel refuses it, and says how many errors and where the first is', async () => {
    const file = await withBadId();
    const before = await fs.readFile(file);
    const r = await anjie('signoff', 'sign', file, '--name', '陈静', '--role', '制表');
    expect(r.code, r.out).toBe(2);
    expect(r.err).toContain('工作簿仍有 1 个校验错误，不能签核');
    expect(r.err).toContain('still has 1 validation error(s)');
    expect(r.err).toContain('ID_CHECKSUM');
    expect(r.err).toContain('--reason');
    expect((await fs.readFile(file)).equals(before)).toBe(true);
    expect((await verifyWorkbook(file)).status).toBe('unsigned');
  });

  it('is signed with --reason, the reason kept in the record; a register without errors, and a report, need none', async () => {
    const file = await withBadId();
    const r = await anjie('signoff', 'sign', file, '--name', '陈静', '--role', '制表', '--reason', '证件号待客户核对');
    expect(r.code, r.err).toBe(0);
    expect((await anjie('signoff', 'show', file)).out).toContain('例外说明 override: 证件号待客户核对');
    // The manager signing next is refused as well, until he too says why.
    expect((await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核')).code).toBe(2);
    expect((await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核', '--reason', '同意')).code).toBe(0);
    const copy = path.join(tempDir(), 'clean.xlsx');
    await fs.copyFile(clean, copy);
    expect((await anjie('signoff', 'sign', copy, '--name', '陈静', '--role', '制表')).code).toBe(0);
    // The progress sheet signed at the top of this file needed none either (no register in it).
  });
});
