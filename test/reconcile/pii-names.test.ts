import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPersonalText, nameWithoutNumbers } from '../../domain/reconcile/mask';
import { normaliseName } from '../../domain/units';
import { openItemOut } from '../../pipeline/reconcile/pii';
import { scenario, tempDir } from './files';
import { unit } from './helpers';
import { zipParts } from '../hostile/helpers';

/** A name as the engine compares it (item.ts nameKey). */
const key = (name: string) => nameWithoutNumbers(normaliseName(name));

describe('personal numbers typed into names', () => {
  it('are not part of the name', () => {
    expect(key('张三(440106199001011234)')).toBe('张三');
    expect(key('张三（44010619900101123x）')).toBe('张三');
    expect(key('孙霞13900001111')).toBe('孙霞');
    expect(key('武美玲(电话:138-1234-5678)')).toBe('武美玲');
    expect(key('陈雪 手机 139 1234 5678')).toBe('陈雪');
    expect(key('王五/6214 8302 1234 5678/李四')).toBe('王五/李四');
    expect(key('赵六(021-12345678)')).toBe('赵六');
    // masked as the reports write them: the same key
    expect(key('张三(440106********1234)')).toBe('张三');
    expect(key('孙霞138****1111')).toBe('孙霞');
    // nothing to take out
    expect(key('阿依古丽·买买提')).toBe('阿依古丽·买买提');
    expect(key('3号楼业主张三')).toBe('3号楼业主张三');
    expect(key('13900001111')).toBe('');
  });

  it('a name gives one key whether its numbers are in full or masked, and the key has nothing left to mask', () => {
    const number = fc.oneof(
      fc.stringMatching(/^[1-6]\d{16}[\dXx]$/), // ID
      fc.stringMatching(/^[1-6]\d{14}$/), // old ID
      fc.stringMatching(/^1[3-9]\d{9}$/).chain((p) => fc.constantFrom(p, `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`, `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`, `+86 ${p}`)),
      fc.stringMatching(/^6\d{11,29}$/), // account
      fc.stringMatching(/^0\d{2}-\d{8}$/), // landline
    );
    const name = fc.stringMatching(/^[\u4e00-\u9fa5]{2,3}$/);
    const wrap = fc.constantFrom((n: string, x: string) => `${n}${x}`, (n: string, x: string) => `${n}(${x})`, (n: string, x: string) => `${n}（电话：${x}）`, (n: string, x: string) => `${n} 身份证 ${x}`);
    fc.assert(
      fc.property(name, number, wrap, (n, x, w) => {
        const text = w(n, x);
        expect(key(text)).toBe(n);
        expect(key(maskPersonalText(text))).toBe(n);
        expect(maskPersonalText(key(text))).toBe(key(text));
      }),
    );
  });

  it('open items are written with their name masked as well as their text (whatever name the engine hands over)', () => {
    const o = { side: 'bank' as const, file: 'b.csv', sheet: '', row: 2, period: '2026-10', outcome: 'MISSING_IN_FINANCE' as const, date: '2026-10-30', time: null, amount: '1.00', reference: null, unit: null, name: '张三(440106199001011234)', text: '按揭款 13812345678', bank: null, ledger: null, voucher: null };
    expect(openItemOut(o, false)).toMatchObject({ name: '张三(440106********1234)', text: '按揭款 138****5678' });
    expect(openItemOut(o, true)).toEqual(o);
  });

  it('a credit from "孙霞13900001111" is the booking of 孙霞, not a 串户, and the phone is nowhere in the JSON', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B1', amount: '2560000', name: '孙霞13900001111', memo: '按揭款' },
        { ref: 'B2', amount: '1500000', name: '武美玲', memo: '按揭款' },
      ],
      finance: [
        { voucher: '记-1', amount: '2560000', customer: '孙霞', summary: '收孙霞按揭款' },
        { voucher: '记-2', amount: '1500000', customer: '武美玲(13611112222)', summary: '收武美玲按揭款' },
      ],
    });
    for (const [ref, voucher] of [
      ['B1', '记-1'],
      ['B2', '记-2'],
    ]) {
      expect(s.bank(ref)).toMatchObject({ outcome: 'MATCHED', flags: [], rule: 'BUYER_AMOUNT_DATE', factors: { buyer: 'agree' } });
      expect(s.fin(voucher)).toMatchObject({ outcome: 'MATCHED', flags: [] });
    }
    const json = await fs.readFile(s.jsonPath, 'utf8');
    for (const secret of ['13900001111', '13611112222']) expect(json).not.toContain(secret);
  });

  it('a 串户 explanation names the register\'s buyers and the customer booked without their typed-in numbers', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '1-1-101', buyer: '张三', commercial: '1000000' }), unit({ unitKey: '1-1-102', buyer: '李四(13922223333)', commercial: '900000' })],
      bank: [
        { ref: 'B1', amount: '1000000', name: '张三', memo: '1-1-101按揭' },
        { ref: 'B2', amount: '900000', name: '李四', memo: '1-1-102按揭' },
      ],
      finance: [
        { voucher: '记-1', amount: '1000000', unit: '1-1-101', customer: '王五(13811112222)' },
        { voucher: '记-2', amount: '900000', unit: '1-1-102', customer: '赵六' },
      ],
    });
    expect(s.bank('B1')).toMatchObject({ outcome: 'WRONG_UNIT', explanation: { zh: expect.stringContaining('财务却记在客户王五(138****2222)名下') } });
    expect(s.bank('B2')).toMatchObject({ outcome: 'WRONG_UNIT', explanation: { zh: expect.stringContaining('购房人为李四(139****3333)') } });
    const json = await fs.readFile(s.jsonPath, 'utf8');
    for (const secret of ['13811112222', '13922223333']) expect(json).not.toContain(secret);
  });

  it('the workbook masks the journal\'s 客户 (差异 and 已匹配) and the register\'s 购房人 (按户) unless --show-pii', async () => {
    const p = {
      register: [unit({ unitKey: '1-1-101', buyer: '张三(13922223333)', commercial: '1000000' })],
      bank: [
        { ref: 'B1', amount: '1000000', name: '张三', memo: '1-1-101按揭' },
        { ref: 'B2', amount: '1500000', name: '武美玲', memo: '按揭款' },
      ],
      finance: [
        { voucher: '记-1', amount: '1000000', unit: '1-1-101', customer: '张三' },
        { voucher: '记-2', amount: '1500000', customer: '武美玲(13611112222)', summary: '收武美玲按揭款' },
        { voucher: '记-3', amount: '800000', customer: '陈雪(13711114444)', summary: '收按揭款' },
      ],
    };
    const secrets = ['13922223333', '13611112222', '13711114444'];
    const sheets = async (out: string) => [...(await zipParts(out)).values()].join('\n');
    const masked = await scenario(p);
    expect(masked.fin('记-2')).toMatchObject({ outcome: 'MATCHED' });
    expect(masked.fin('记-3')).toMatchObject({ outcome: 'MISSING_IN_BANK' });
    const xml = await sheets(masked.out);
    for (const secret of secrets) expect(xml).not.toContain(secret);
    for (const shown of ['武美玲(136****2222)', '陈雪(137****4444)', '张三(139****3333)']) expect(xml).toContain(shown);
    const shown = await sheets((await scenario({ ...p, args: ['--show-pii'] })).out);
    for (const secret of secrets) expect(shown).toContain(secret);
  });

  it('open items carry the name without its numbers, and next month matches them by buyer (from the JSON and from the .xlsx)', async () => {
    const dir = await tempDir();
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      bank: [{ ref: 'B1', amount: '1000000', name: '张三(440106199001011234)', memo: '按揭款', date: '2026-10-30' }],
      finance: [{ voucher: '记-1', amount: '700000', customer: '李四(138-1234-5678)', summary: '收李四按揭款', date: '2026-10-31' }],
    });
    const openNames = (open: { name?: string | null }[]) => open.map((o) => o.name).sort();
    expect(openNames(oct.json.open as { name?: string }[])).toEqual(['张三', '李四']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(oct.out);
    const hidden = wb.worksheets.find((w) => w.getCell(1, 1).value === 'anjie-open/1')!;
    const rows: { name: string | null }[] = [];
    hidden.eachRow((row, n) => {
      if (n > 1) rows.push(JSON.parse(String(row.getCell(1).value)));
    });
    expect(openNames(rows)).toEqual(['张三', '李四']);
    for (const previous of [oct.jsonPath, oct.out]) {
      const nov = await scenario({
        dir: path.join(dir, `11-${path.extname(previous).slice(1)}`),
        bank: [{ ref: 'B2', amount: '700000', name: '李四', memo: '按揭款', date: '2026-11-02' }],
        finance: [{ voucher: '记-2', amount: '1000000', customer: '张三', summary: '收张三按揭款', date: '2026-11-02' }],
        args: ['--previous', previous],
      });
      expect(nov.bank('B2'), previous).toMatchObject({ outcome: 'MATCHED', rule: 'BUYER_AMOUNT_DATE', counterparts: [{ file: '2026-10/序时账.xlsx' }] });
      expect(nov.fin('记-2'), previous).toMatchObject({ outcome: 'MATCHED', rule: 'BUYER_AMOUNT_DATE', counterparts: [{ file: '2026-10/工行.csv' }] });
      expect(nov.json.open).toEqual([]);
    }
  });
});
