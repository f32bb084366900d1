import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { zipParts } from '../hostile/helpers';
import { cli, scenario, tempDir, writeBank, writeFinance, type Scenario } from './files';

/**
 * End to end: ID numbers, 17-digit accounts, phones written with separators and phones typed into
 * names, on the bank side and the finance side, never reach the report workbook (any sheet, the hidden
 * _anjie_open included), the JSON or stdout in full — and all of them do with --show-pii.
 */
const BANK = {
  id: '440106199001011234',
  account: '62148345547791450',
  hyphenPhone: '138-1234-5678',
  spacedPhone: '139 1234 5678',
  account2: '62148345547791451',
  nameWithPhone: '孙霞13900001111',
};
const FIN = {
  id: '44010619920202234X',
  account: '62148345547791452',
  hyphenPhone: '137-2222-3333',
  customerPhone: '13611112222', // in 客户 武美玲(13611112222), unmatched: 差异 and open[]
  matchedCustomerPhone: '13544445555', // in 客户 王芳(13544445555), matched: 已匹配
};
const SECRETS = [...Object.values(BANK), ...Object.values(FIN)];
/** Each secret as its bare digits too: the masked output must not hold the number in any spelling. */
const SPELLINGS = [...new Set(SECRETS.flatMap((s) => [s, s.replace(/[^\dX]/g, '')]))];

const INPUTS = {
  bank: [
    // matched by buyer with 记-1 (the phone is not part of the name): 已匹配 shows the name and memo
    { ref: 'B1', amount: '1000000', name: BANK.nameWithPhone, memo: `按揭款 身份证${BANK.id} 卡号${BANK.account} 手机${BANK.hyphenPhone}` },
    // no booking: 差异, and carried to next month (open[].text)
    { ref: 'B2', amount: '900000', name: '陈雪', memo: `按揭款 手机 ${BANK.spacedPhone} 账号${BANK.account2}` },
    { ref: 'B3', amount: '700000', name: '王芳', memo: '按揭款' },
  ],
  finance: [
    { voucher: '记-1', amount: '1000000', customer: '孙霞', summary: '收孙霞按揭款' },
    // no credit: 差异 (摘要, 客户) and open[] (name, text)
    { voucher: '记-2', amount: '800000', customer: `武美玲(${FIN.customerPhone})`, summary: `收武美玲按揭款 身份证${FIN.id} 卡号${FIN.account} 电话${FIN.hyphenPhone}` },
    { voucher: '记-3', amount: '700000', customer: `王芳(${FIN.matchedCustomerPhone})`, summary: '收王芳按揭款' },
  ],
};

async function everything(s: Scenario): Promise<string> {
  // Inline strings, decompressed: XML escapes nothing in digits, "-" or " ".
  const parts = await zipParts(s.out);
  return [...parts.values(), await fs.readFile(s.jsonPath, 'utf8'), s.stdout].join('\n');
}

describe('personal data end to end, both sides', () => {
  it('masks every planted number in the workbook XML, the JSON and stdout; --show-pii shows them', async () => {
    const masked = await scenario(INPUTS);
    expect(masked.bank('B1')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ row: expect.any(Number) }] });
    expect(masked.bank('B2').outcome).toBe('MISSING_IN_FINANCE');
    expect(masked.fin('记-2').outcome).toBe('MISSING_IN_BANK');
    expect(masked.fin('记-3').outcome).toBe('MATCHED');
    const text = await everything(masked);
    for (const s of SPELLINGS) expect(text.includes(s), `${s} appears unmasked`).toBe(false);
    // Masked, not dropped.
    for (const m of ['440106********1234', '****1450', '138****5678', '139****5678', '孙霞139****1111', '武美玲(136****2222)', '王芳(135****5555)', '440106********234X', '137****3333']) expect(text).toContain(m);

    const shown = await everything(await scenario({ ...INPUTS, args: ['--show-pii'] }));
    for (const s of SECRETS) expect(shown.includes(s), `${s} missing with --show-pii`).toBe(true);
  });

  it('masks personal numbers in the readers\' warnings printed on stdout', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.xlsx', [{ ref: 'B1', amount: '100', name: '甲', memo: '1-1-101' }]);
    // A second sheet with a readable header, named after a buyer and her phone: the reader warns it was not read.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(bank);
    const copy = wb.addWorksheet('甲13800001111');
    wb.worksheets[0].eachRow((row) => copy.addRow(row.values as ExcelJS.CellValue[]));
    await wb.xlsx.writeFile(bank);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const base = ['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11'];
    const r = await cli([...base, '--out', path.join(dir, 'r.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('甲138****1111');
    expect(r.stdout).not.toContain('13800001111');
  });
});
