import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { anjie, buildReport, tempDir } from './helpers';

/**
 * A record keeps the signed text whole, up to MAX_CONTENT_CHARS (491,010,000 characters). Cells
 * pasted into a signed sheet past that made verify stop with an internal error instead of the
 * verdict. Here the limit is 2,000 characters so a few hundred pasted cells pass it; the signed
 * 按揭进度表 of buildReport is about 800 characters.
 */
vi.mock('../../domain/signoff/recordTable', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../domain/signoff/recordTable')>()), MAX_CONTENT_CHARS: 2000 }));

const SHEET = '按揭进度表';

describe('verify of a signed sheet into which cells were pasted past what a record keeps', () => {
  it('says the content changed (exit 1, the sheet and row where it passed the limit), not an internal error', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'progress.xlsx');
    await buildReport(file);
    const s = await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', SHEET);
    expect(s.code, s.err).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);

    // 200 rows of six text cells pasted below the signature block: each line of the text is some 30 characters, 36,000 in all
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet(SHEET)!;
    for (let r = 20; r < 220; r++) ws.getRow(r).values = ['3-2-1501', '张三', '工商银行', '已面签', '待放款', '备注'];
    const pasted = path.join(dir, 'pasted.xlsx');
    await wb.xlsx.writeFile(pasted);

    const v = await anjie('signoff', 'verify', pasted);
    expect(v.err).toBe('');
    expect(v.code).toBe(1);
    expect(v.out).toContain('签核后内容已改动 / CHANGED: the content differs from what was signed.');
    const m = /工作表「按揭进度表」读到第 (\d+) 行时，内容已超过签核记录能保存的 2,000 个字符/.exec(v.out);
    expect(m, v.out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(20); // a pasted row: the signed rows fit
    expect(v.out).toContain(`by row ${m![1]} of sheet "${SHEET}" the content is past the 2,000 characters a sign-off record keeps`);
    expect(v.out).not.toContain('签核记录本身已被改动'); // the record is intact

    const j = await anjie('signoff', 'verify', pasted, '--json');
    expect(j.code).toBe(1);
    const json = JSON.parse(j.out) as { status: string; overLimit: { sheet: string; row: number; limit: number }; recordTampered: boolean };
    expect(json.status).toBe('changed');
    expect(json.overLimit).toEqual({ sheet: SHEET, row: Number(m![1]), limit: 2000 });
    expect(json.recordTampered).toBe(false);
  });

  it('a later signer is refused because the content changed since the first signature, not told to sign fewer sheets', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'progress.xlsx');
    await buildReport(file);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet(SHEET)!;
    for (let r = 20; r < 220; r++) ws.getRow(r).values = ['3-2-1501', '张三', '工商银行', '已面签', '待放款', '备注'];
    await wb.xlsx.writeFile(file);
    const s = await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核');
    expect(s.code).toBe(2);
    expect(s.err).toContain('内容在「制表」李四 签核后已被修改，不能继续签核。');
    expect(s.err).not.toContain('签核范围内容过大');
  });
});
