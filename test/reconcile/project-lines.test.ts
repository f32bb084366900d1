import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RegisterUnit } from '../../domain/register';
import { runReconcile } from '../../pipeline/reconcile/run';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { scenario, tempDir, writeBank, writeFinance, writeRegister } from './files';
import { unit } from './helpers';
import { reportSheet } from './unitNotes';

/**
 * 差异 and 已匹配 of a group register whose projects share unit codes (each has its 1-1-101) say
 * whose unit each line is about, in a 项目 column before 房号, as 按户 does: a manager hands each
 * project's lines to its team by filtering 项目.
 */
const of = (project: string, u: RegisterUnit, disbursed?: string): RegisterUnit => ({ ...u, project, commercialDisbursedDate: disbursed ?? null });
// Both projects have 1-1-101 and 1-1-102 (their buyers tell them apart); 2-1-201 is 翠湖湾's only.
const REGISTER = [
  of('滨江花园', unit({ unitKey: '1-1-101', buyer: '张三', commercial: '1000000' })),
  of('滨江花园', unit({ unitKey: '1-1-102', buyer: '赵六', commercial: '500000' })),
  of('翠湖湾', unit({ unitKey: '1-1-101', buyer: '李四', commercial: '800000' })),
  of('翠湖湾', unit({ unitKey: '1-1-102', buyer: '孙七', commercial: '450000' })),
  of('翠湖湾', unit({ unitKey: '2-1-201', buyer: '王五', commercial: '600000' })),
  of('滨江花园', unit({ unitKey: '1-1-103', buyer: '钱八', commercial: '700000' })),
  of('翠湖湾', unit({ unitKey: '1-1-103', buyer: '吴九', commercial: '650000' })),
];
const BANK = [
  // 1-1-101 of each project, credited and booked alike: a pair each.
  { ref: 'B1', amount: '1000000', name: '张三', memo: '个人住房贷款放款 1-1-101', date: '2026-11-05' },
  { ref: 'B2', amount: '800000', name: '李四', memo: '个人住房贷款放款 1-1-101', date: '2026-11-05' },
  // 滨江花园's mismatch: 赵六's 500,000 booked as 499,000.
  { ref: 'B3', amount: '500000', name: '赵六', memo: '个人住房贷款放款 1-1-102', date: '2026-11-07' },
  // 翠湖湾's mismatch: 王五's 600,000 for 2-1-201 (its code only) never booked.
  { ref: 'B4', amount: '600000', name: '王五', memo: '个人住房贷款放款 2-1-201', date: '2026-11-08' },
  // A credit for 1-1-101 from 周某, a buyer of neither project's 1-1-101, never booked: whose it is, nothing says.
  { ref: 'B5', amount: '300000', name: '周某', memo: '个人住房贷款放款 1-1-101', date: '2026-11-09' },
  // 翠湖湾's 1-1-103 (吴九's), credited and booked alike.
  { ref: 'B6', amount: '650000', name: '吴九', memo: '个人住房贷款放款 1-1-103', date: '2026-11-10' },
];
const FINANCE = [
  { voucher: '记-1', amount: '1000000', customer: '张三', unit: '1-1-101', date: '2026-11-05' },
  // Booked two days late (a pair with a flag), with no customer: its credit's payer, 李四, says whose 1-1-101 it is.
  { voucher: '记-2', amount: '800000', unit: '1-1-101', date: '2026-11-07' },
  { voucher: '记-3', amount: '499000', customer: '赵六', unit: '1-1-102', date: '2026-11-07' },
  // 翠湖湾's 1-1-102: 孙七's 450,000 booked, not credited.
  { voucher: '记-4', amount: '450000', customer: '孙七', unit: '1-1-102', date: '2026-11-09' },
  { voucher: '记-6', amount: '650000', customer: '吴九', unit: '1-1-103', date: '2026-11-10' },
];

describe('差异 and 已匹配 of a register of several projects', () => {
  it('name each line’s project before 房号, the one 按户 lists its unit under; a shared code nothing tells apart says so', async () => {
    // And a booking for a unit the register does not have: no project to name, as on 按户.
    const s = await scenario({ register: REGISTER, bank: BANK, finance: [...FINANCE, { voucher: '记-9', amount: '888', customer: '郑九', unit: '9-9-909', date: '2026-11-09' }] });
    const diff = await reportSheet(s.out, '差异');
    expect(diff.heads.slice(diff.heads.indexOf('财务金额'), diff.heads.indexOf('客户') + 1)).toEqual(['财务金额', '项目', '房号', '客户']);
    const byLine = (l: Record<string, unknown>) => [l['项目'], l['房号'], l['银行金额'], l['财务金额']];
    expect(diff.lines.map(byLine)).toEqual(
      expect.arrayContaining([
        ['滨江花园', '1-1-102', 500000, 499000],
        ['翠湖湾', '2-1-201', 600000, null],
        ['翠湖湾', '1-1-102', null, 450000],
        ['未能确定所属项目', '1-1-101', 300000, null],
        // Listed for its late booking (and on 已匹配).
        ['翠湖湾', '1-1-101', 800000, 800000],
        [null, '9-9-909', null, 888],
      ]),
    );
    expect(diff.lines).toHaveLength(6);
    const matched = await reportSheet(s.out, '已匹配');
    expect(matched.heads.slice(matched.heads.indexOf('财务金额'), matched.heads.indexOf('客户') + 1)).toEqual(['财务金额', '项目', '房号', '客户']);
    expect(matched.lines.map((l) => [l['项目'], l['房号'], l['银行金额'], l['客户']])).toEqual(
      expect.arrayContaining([
        ['滨江花园', '1-1-101', 1000000, '张三'],
        ['翠湖湾', '1-1-101', 800000, null],
        ['翠湖湾', '1-1-103', 650000, '吴九'],
      ]),
    );
    expect(matched.lines).toHaveLength(3);
    // 差异 prints its three pages across as before, 项目 on the second (finance side and difference): a break before 财务文件 and one after 差额.
    const heads = diff.heads;
    const breaks = /<colBreaks\b.*?<\/colBreaks>/s.exec((await readZipEntry(s.out, 'xl/worksheets/sheet2.xml')) ?? '')?.[0];
    expect(breaks).toMatch(new RegExp(`<brk id="${heads.indexOf('财务文件')}" .*<brk id="${heads.indexOf('差额(银行−财务)') + 1}" `));
  });

  it('has no 项目 column in a report of one project', async () => {
    const s = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE, args: ['--project', '翠湖湾'] });
    for (const name of ['差异', '已匹配']) {
      const { heads } = await reportSheet(s.out, name);
      expect(heads).not.toContain('项目');
      expect(heads.slice(heads.indexOf('财务金额'), heads.indexOf('客户') + 1)).toEqual(['财务金额', '房号', '客户']);
    }
  });

  it('keeps the 项目 column on the sheets 差异 and 已匹配 continue on', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', BANK);
    const finance = await writeFinance(dir, '序时账.xlsx', FINANCE);
    const register = await writeRegister(dir, REGISTER);
    const out = path.join(dir, 'r.xlsx');
    // Header + 1 line a sheet: 差异's five lines on five sheets, 已匹配's three pairs on three.
    const r = await runReconcile({ bank: [bank], finance, register, period: '2026-11', out, maxRows: 2 });
    expect(r.workbook.spills).toContainEqual({ sheet: '差异', continuedOn: ['差异(2)', '差异(3)', '差异(4)', '差异(5)'] });
    expect(r.workbook.spills).toContainEqual({ sheet: '已匹配', continuedOn: ['已匹配(2)', '已匹配(3)'] });
    const projects: unknown[] = [];
    for (const name of ['差异', '差异(2)', '差异(3)', '差异(4)', '差异(5)']) {
      const { heads, lines } = await reportSheet(out, name);
      expect(heads.indexOf('项目'), name).toBe(heads.indexOf('房号') - 1);
      projects.push(...lines.map((l) => l['项目']));
    }
    expect(projects.sort()).toEqual(['未能确定所属项目', '滨江花园', '翠湖湾', '翠湖湾', '翠湖湾'].sort());
    const pairs: unknown[] = [];
    for (const name of ['已匹配', '已匹配(2)', '已匹配(3)']) {
      const { heads, lines } = await reportSheet(out, name);
      expect(heads.indexOf('项目'), name).toBe(heads.indexOf('房号') - 1);
      pairs.push(...lines.map((l) => l['项目']));
    }
    expect(pairs.sort()).toEqual(['滨江花园', '翠湖湾', '翠湖湾'].sort());
  });

  it('brings the notes typed on last month’s 差异 forward, each open credit still under its project', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    // October: 张三's (滨江花园) and 李四's (翠湖湾) credits for 1-1-101, neither booked.
    const oct = await scenario({ dir: path.join(dir, '10'), period: '2026-10', register: REGISTER, bank: [{ ...BANK[0], date: '2026-10-30' }, { ...BANK[1], date: '2026-10-30' }], finance: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(oct.out);
    const ws = wb.getWorksheet('差异')!;
    const heads = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const typed: Record<string, [string, string]> = { 滨江花园: ['王会计', '滨江：等待财务补记'], 翠湖湾: ['李出纳', '翠湖湾：已催'] };
    ws.eachRow((row, n) => {
      const note = n > 1 ? typed[String(row.getCell(heads.indexOf('项目')).value)] : undefined;
      if (note) [row.getCell(heads.indexOf('处理人')).value, row.getCell(heads.indexOf('处理结果')).value] = note;
    });
    const edited = path.join(dir, 'oct-edited.xlsx');
    await wb.xlsx.writeFile(edited);
    await fs.mkdir(path.join(dir, '11'));
    const nov = await scenario({ dir: path.join(dir, '11'), register: REGISTER, bank: [], finance: [], args: ['--previous', edited] });
    expect((await reportSheet(nov.out, '差异')).lines.map((l) => [l['项目'], l['房号'], l['银行金额'], l['处理人'], l['处理结果']])).toEqual(
      expect.arrayContaining([
        ['滨江花园', '1-1-101', 1000000, '王会计', '【10月】滨江：等待财务补记'],
        ['翠湖湾', '1-1-101', 800000, '李出纳', '【10月】翠湖湾：已催'],
      ]),
    );
  });
});
