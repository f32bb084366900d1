import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RegisterUnit } from '../../domain/register';
import { cli, scenario, tempDir, writeBank, writeFinance, writeRegister } from './files';
import { unit } from './helpers';
import { byProject, editUnits, reportSheet } from './unitNotes';

/**
 * A group register holds several projects, each with its own 1-1-101. Reconciliation finds a unit
 * by its code alone, so `--project` takes only the named projects' units: finance reconciles one
 * 项目公司 (its own accounts, its own journal) at a time.
 */
const of = (project: string, u: RegisterUnit, disbursed?: string): RegisterUnit => ({ ...u, project, commercialDisbursedDate: disbursed ?? null });
// 滨江花园's 1-1-101 is 张三's 组合贷 of 700,000 + 300,000; 翠湖湾's is 李四's of 550,000 + 250,000.
// 1-1-102 is 赵六's in 滨江花园, 孙七's in 翠湖湾. 翠湖湾's 2-1-201 was disbursed this month and is on neither side.
const REGISTER = [
  of('滨江花园', unit({ unitKey: '1-1-101', buyer: '张三', commercial: '700000', provident: '300000' })),
  of('滨江花园', unit({ unitKey: '1-1-102', buyer: '赵六', commercial: '500000' })),
  of('翠湖湾', unit({ unitKey: '1-1-101', buyer: '李四', commercial: '550000', provident: '250000' })),
  of('翠湖湾', unit({ unitKey: '1-1-102', buyer: '孙七', commercial: '500000' })),
  of('翠湖湾', unit({ unitKey: '2-1-201', buyer: '王五', commercial: '600000' }), '2026-11-12'),
];
// 滨江花园's statement and journal. 1-1-101: the bank's and the provident-fund centre's credits (the
// centre's names neither unit nor buyer) against one booking of the whole loan. 1-1-102: 赵六's loan
// booked to 孙七, a buyer of the other project's 1-1-102 (串户).
const BANK = [
  { ref: 'B1', amount: '700000', name: '张三', memo: '个人住房贷款放款 1-1-101', date: '2026-11-05' },
  { ref: 'B2', amount: '300000', name: '住房公积金管理中心', memo: '公积金贷款发放', date: '2026-11-06' },
  { ref: 'B3', amount: '500000', name: '赵六', memo: '个人住房贷款放款 1-1-102', date: '2026-11-07' },
];
const FINANCE = [
  { voucher: '记-1', amount: '1000000', customer: '张三', unit: '1-1-101', date: '2026-11-06' },
  { voucher: '记-2', amount: '500000', customer: '孙七', unit: '1-1-102', date: '2026-11-07' },
];

describe('anjie reconcile --project', () => {
  it('uses only the named project’s units: its loan and buyer, not the other project’s of the same code', async () => {
    // Without --project the codes are shared: the warning points to --project. 1-1-101's booking names
    // 张三, 滨江花园's buyer of it: its loan parts (700,000 + 300,000) are that unit's, and the two credits
    // split against it. 1-1-102's rows name a buyer of each project: both projects' buyers count (孙七 is one).
    const all = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE });
    expect(all.stdout).toContain('台账中有多个项目共用的房号（1-1-101、1-1-102）');
    expect(all.stdout).toContain('或用 --project 按项目分别对账');
    expect(all.stdout).toContain('or reconcile each project on its own with --project');
    for (const r of [all.bank('B1'), all.bank('B2'), all.fin('记-1')]) expect([r.outcome, r.rule]).toEqual(['MATCHED', 'SPLIT']);
    expect(all.fin('记-2').outcome).toBe('MATCHED');
    // A booking whose customer is a buyer of neither project's 1-1-101: nothing tells them apart, one
    // project's unit stands for the code (翠湖湾's, whose parts do not add up), as the warning says.
    const unknown = await scenario({ register: REGISTER, bank: BANK, finance: [{ ...FINANCE[0], customer: '周某' }, FINANCE[1]] });
    expect(unknown.fin('记-1').outcome).not.toBe('MATCHED');
    expect(unknown.bank('B2').outcome).toBe('MISSING_IN_FINANCE');

    const one = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE, args: ['--project', '滨江花园'] });
    expect(one.stdout).not.toContain('共用的房号');
    for (const r of [one.bank('B1'), one.bank('B2'), one.fin('记-1')]) expect([r.outcome, r.rule]).toEqual(['MATCHED', 'SPLIT']);
    expect(one.fin('记-2').outcome).toBe('WRONG_UNIT');
    expect(one.fin('记-2').explanation.zh).toContain('赵六');
    // The register line counts the project's units and says the others were left out.
    expect(one.stdout).toContain('台账 register: 按揭台账.xlsx 2 户 units');
    expect(one.stdout).toContain('注意 note: 只用项目 滨江花园 的 2 户（台账共 5 户） / only the 2 unit(s) of 滨江花园 are used (the register holds 5)');

    // The other project's units of those codes: as without --project for 1-1-101, and 孙七 is its buyer of 1-1-102.
    const other = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE, args: ['--project', '翠湖湾'] });
    expect(other.fin('记-1').outcome).toBe('AMOUNT_MISMATCH');
    expect(other.fin('记-2').outcome).toBe('MATCHED');
  });

  it('lists on 按户 only the named project’s register units, and the tie-out still holds', async () => {
    const all = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE });
    const one = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE, args: ['--project', '滨江花园'] });
    const units = async (out: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const rows: unknown[][] = [];
      wb.getWorksheet('按户')!.eachRow((row, n) => {
        if (n > 1) rows.push([1, 2, 4].map((c) => row.getCell(c).value));
      });
      const tieOut: string[] = [];
      wb.getWorksheet('汇总')!.eachRow((row) => {
        if (String(row.getCell(2).value) === '合计 = 已匹配 + 各差异') tieOut.push(String(row.getCell(7).value));
      });
      return { rows, tieOut };
    };
    // 翠湖湾's 2-1-201, due this month, is listed without --project only; there 按户 has a 项目 column and
    // shows each unit with its own project's loan and buyer (张三's, not 李四's), or none when the rows
    // do not say which project's unit it is (赵六's credit booked to 孙七).
    expect((await reportSheet(all.out, '按户')).lines.map((l) => [l['项目'], l['房号'], l['购房人'], l['台账金额']])).toEqual([
      ['滨江花园', '1-1-101', '张三', 1000000],
      ['翠湖湾', '2-1-201', '王五', 600000],
      [null, '1-1-102', null, null],
    ]);
    const mine = await units(one.out);
    expect(mine.rows).toEqual([
      ['1-1-101', '张三', 1000000],
      ['1-1-102', '赵六', 500000],
    ]);
    expect(mine.tieOut).toEqual(['相符 ✓', '相符 ✓']);
  });

  it('compares names trimmed and with full-width forms folded, and names several projects', async () => {
    const register = [...REGISTER, of('Ａ区商铺', unit({ unitKey: '1-1-101', buyer: '周八', commercial: '400000' }))];
    const s = await scenario({ register, bank: BANK, finance: FINANCE, args: ['--project', ' 滨江花园 ', 'A区商铺'] });
    // Still shared between the two projects named.
    expect(s.stdout).toContain('台账中有多个项目共用的房号（1-1-101）');
    expect(s.stdout).toContain('只用项目 滨江花园、Ａ区商铺 的 3 户（台账共 6 户）');
  });

  it('says which projects the report covers: on stdout, on 汇总 under the period, and in the JSON', async () => {
    const summary = async (out: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const rows: string[] = [];
      wb.getWorksheet('汇总')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join('|')));
      return rows.slice(0, 4);
    };
    const two = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE, args: ['--project', '翠湖湾', '滨江花园'] });
    expect(two.stdout).toContain('对账期间 Period: 2026-11\n项目 Project: 翠湖湾、滨江花园\n');
    expect(await summary(two.out)).toEqual(['按揭下款对账报告 / Disbursement reconciliation report', '对账期间 Period|2026-11', '项目 Project|翠湖湾、滨江花园', expect.stringMatching(/^自动匹配率 Auto-match rate\|/)]);
    expect(two.json.projects).toEqual(['翠湖湾', '滨江花园']);
    // Every unit is in: nothing to say about units left out.
    expect(two.stdout).toContain('台账 register: 按揭台账.xlsx 5 户 units\n');
    expect(two.stdout).not.toContain('只用项目');
    // The register's spelling, once, whatever was typed.
    const one = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE, args: ['--project', '滨江花园', ' 滨江花园'] });
    expect(one.json.projects).toEqual(['滨江花园']);
    expect((await fs.readFile(one.jsonPath, 'utf8')).startsWith('{"period":"2026-11","projects":["滨江花园"],"rows":[')).toBe(true);
    // Without --project: no such line, no key.
    const all = await scenario({ register: REGISTER, bank: BANK, finance: FINANCE });
    expect(all.stdout).not.toContain('项目 Project');
    expect((await summary(all.out))[2]).toMatch(/^自动匹配率/);
    expect('projects' in all.json).toBe(false);
  });

  it('--previous carries last month’s open items of the project in', async () => {
    const dir = await tempDir();
    const month = async (name: string, p: Omit<Parameters<typeof scenario>[0], 'dir' | 'register'>) => {
      await fs.mkdir(path.join(dir, name));
      return scenario({ dir: path.join(dir, name), register: REGISTER, ...p });
    };
    // October: 赵六's credit of 10-31, not yet booked.
    const oct = await month('10', { period: '2026-10', bank: [{ ...BANK[2], date: '2026-10-31' }], finance: [], args: ['--project', '滨江花园'] });
    expect(oct.json.open.map((o) => o.outcome)).toEqual(['MISSING_IN_FINANCE']);
    // November: booked on 11-02 (to 赵六 this time), and pairs with the carried credit.
    const nov = await month('11', { bank: [], finance: [{ ...FINANCE[1], customer: '赵六', date: '2026-11-02' }], args: ['--project', '滨江花园', '--previous', oct.out] });
    expect(nov.fin('记-2')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'bank', file: '2026-10/工行.csv' }] });
    expect(nov.json.open).toEqual([]);
    expect(nov.json.projects).toEqual(['滨江花园']);
  });

  it('refuses last month’s report of other projects, and says so when it was of the whole register', async () => {
    const dir = await tempDir();
    const month = async (name: string, p: Omit<Parameters<typeof scenario>[0], 'dir' | 'register'>) => {
      await fs.mkdir(path.join(dir, name));
      return scenario({ dir: path.join(dir, name), register: REGISTER, ...p });
    };
    const october = { period: '2026-10', bank: [{ ...BANK[2], date: '2026-10-31' }], finance: [] };
    const oct = await month('10', { ...october, args: ['--project', '滨江花园'] });
    const bank = await writeBank(dir, '工行.csv', []);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ ...FINANCE[1], customer: '赵六', date: '2026-11-02' }]);
    const register = await writeRegister(dir, REGISTER);
    const run = (previous: string, ...args: string[]) =>
      cli(['reconcile', '--bank', bank, '--finance', fin, '--register', register, '--period', '2026-11', '--out', path.join(dir, 'out', 'report.xlsx'), '--previous', previous, ...args]);
    // 滨江花园's open credit carried into 翠湖湾's month, from the workbook or the JSON: refused.
    for (const previous of [oct.out, oct.jsonPath]) {
      const r = await run(previous, '--project', '翠湖湾');
      expect(r.code, previous).toBe(2);
      expect(r.stderr).toContain('错误: --previous 是项目 滨江花园 的对账报告，本次对账的是项目 翠湖湾：上期未达项会被当成别的项目的');
      expect(r.stderr).toContain('Error: --previous is the report of project(s) 滨江花园, but this run is of project(s) 翠湖湾');
      expect(r.stderr).toContain('或用 --project 滨江花园');
    }
    // …or into a run of the whole register.
    const whole = await run(oct.out);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('本次对账的是整个台账');
    // The same project, spelt with a full-width space: carried in.
    expect((await run(oct.out, '--project', '滨江花园　')).code).toBe(0);

    // A report of the whole register carried into a project's month: its items come in, and that is said.
    const all = await month('10-all', october);
    const r = await run(all.out, '--project', '滨江花园');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('上期报告是整个台账的对账，其未达项也带入了其他项目的（本次只对账 滨江花园）');
    expect(r.stdout).toContain('the previous report reconciled the whole register');
  });

  it('counts the register errors of the projects reconciled, not of the others', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', BANK);
    const fin = await writeFinance(dir, '序时账.xlsx', FINANCE);
    const register = await writeRegister(dir, REGISTER);
    // 翠湖湾's 2-1-201 gets a loan amount that is no amount.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(register);
    const ws = wb.worksheets[0];
    let header = 1;
    while (!ws.getRow(header).values.toString().includes('房号')) header++;
    const col = (ws.getRow(header).values as unknown[]).findIndex((v) => typeof v === 'string' && v.startsWith('商贷金额'));
    const row = [...Array(ws.rowCount).keys()].map((k) => k + 1).find((r) => ws.getRow(r).values.toString().includes('王五')) as number;
    expect(col).toBeGreaterThan(0);
    ws.getCell(row, col).value = '约六十万';
    await wb.xlsx.writeFile(register);
    const run = (...args: string[]) => cli(['reconcile', '--bank', bank, '--finance', fin, '--register', register, '--period', '2026-11', '--out', path.join(dir, 'out', 'report.xlsx'), ...args]);
    // As anjie validate says it: the 商贷金额 cannot be read, and so 贷款类型 商业贷款 has no commercial amount (row 6: 王五's).
    for (const stdout of [(await run()).stdout, (await run('--project', '翠湖湾')).stdout]) {
      expect(stdout).toContain('台账中对账所用的列有 2 处错误');
      expect(stdout).toContain('按揭台账!AC6「商贷金额」 BAD_AMOUNT：金额无法识别');
      expect(stdout).toContain('按揭台账!AA6「贷款类型」 LOAN_TYPE：商业贷款应只有商贷金额');
    }
    const own = await run('--project', '滨江花园');
    expect(own.code).toBe(0);
    expect(own.stdout).not.toContain('台账中对账所用的列有');
  });

  it('refuses a project the register does not have, listing those it has (exit 2)', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', BANK);
    const fin = await writeFinance(dir, '序时账.xlsx', FINANCE);
    const register = await writeRegister(dir, REGISTER);
    const out = path.join(dir, 'out', 'report.xlsx');
    const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--register', register, '--project', '滨江花园', '云栖府', '翠湖', '--period', '2026-11', '--out', out]);
    expect(r.code).toBe(2);
    // 翠湖 is not 翠湖湾: names are not guessed at.
    expect(r.stderr).toContain('错误: 台账中没有项目「云栖府」、「翠湖」；台账中的项目：滨江花园、翠湖湾');
    expect(r.stderr).toContain('Error: The register has no project "云栖府", "翠湖"; its projects are: 滨江花园, 翠湖湾');
    expect(r.stderr).toContain('文件 file: 按揭台账.xlsx');
    expect(r.stdout).toBe('');

    // --project selects from the register: without one it is a usage error.
    const bare = await cli(['reconcile', '--bank', bank, '--finance', fin, '--project', '滨江花园', '--period', '2026-11', '--out', out]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('错误: --project 需要同时给 --register');
    expect(bare.stderr).toContain('Error: --project needs --register');
  });
});

describe('按户 of a register whose projects share unit codes', () => {
  // Both projects have 1-1-101 and 1-1-102; 3-1-301 is 滨江花园's only, 2-1-201 翠湖湾's only (due this month).
  const register = [...REGISTER, of('滨江花园', unit({ unitKey: '3-1-301', buyer: '钱八', commercial: '400000' }))];
  const bank = [
    // 张三 is 滨江花园's buyer of 1-1-101, 李四 翠湖湾's.
    { ref: 'B1', amount: '1000000', name: '张三', memo: '个人住房贷款放款 1-1-101', date: '2026-11-05' },
    { ref: 'B4', amount: '800000', name: '李四', memo: '个人住房贷款放款 1-1-101', date: '2026-11-05' },
    // 赵六's credit (滨江花园) booked to 孙七 (翠湖湾): nothing says which project's 1-1-102 it is.
    { ref: 'B3', amount: '500000', name: '赵六', memo: '个人住房贷款放款 1-1-102', date: '2026-11-07' },
    { ref: 'B5', amount: '400000', name: '钱八', memo: '个人住房贷款放款 3-1-301', date: '2026-11-08' },
  ];
  const finance = [
    { voucher: '记-1', amount: '1000000', customer: '张三', unit: '1-1-101', date: '2026-11-05' },
    { voucher: '记-4', amount: '800000', customer: '李四', unit: '1-1-101', date: '2026-11-05' },
    { voucher: '记-2', amount: '500000', customer: '孙七', unit: '1-1-102', date: '2026-11-07' },
    // A unit the register does not have.
    { voucher: '记-9', amount: '888', customer: '郑九', unit: '9-9-909', date: '2026-11-09' },
  ];

  it('gives each project’s unit a line of its own, under its 项目, projects in the register’s order; a code nothing tells apart is a line without 项目 that says so', async () => {
    const s = await scenario({ register, bank, finance });
    const { heads, lines } = await reportSheet(s.out, '按户');
    expect(heads.slice(0, 3)).toEqual(['项目', '房号', '购房人']);
    const cols = ['项目', '房号', '购房人', '台账金额', '财务入账', '银行流水', '差异类型'];
    expect(lines.map((l) => cols.map((c) => l[c]))).toEqual([
      ['滨江花园', '1-1-101', '张三', 1000000, 1000000, 1000000, null],
      ['滨江花园', '3-1-301', '钱八', 400000, 0, 400000, '未入账(银行已收企业未收)'],
      ['翠湖湾', '1-1-101', '李四', 800000, 800000, 800000, null],
      ['翠湖湾', '2-1-201', '王五', 600000, 0, 0, '台账记录本期放款，银行与财务均无'],
      // Not one project's loan and buyer shown for another's: the register's columns are left empty.
      [null, '1-1-102', null, null, 500000, 500000, '房号为多个项目共用，未能确定所属项目'],
      [null, '9-9-909', null, null, 888, 0, '银行未达(企业已收银行未收)'],
    ]);
    // The same inputs, the same bytes.
    const again = await scenario({ register, bank, finance });
    expect(await fs.readFile(again.out)).toEqual(await fs.readFile(s.out));
  });

  it('brings notes typed on 按户 forward to the line of the same project and unit, after a sort; not to the other project’s unit of that code', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    // October: 张三's and 李四's credits for 1-1-101, neither booked; 赵六's for 1-1-102, booked to 孙七 (no project told).
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      register,
      bank: [
        { ...bank[0], date: '2026-10-30' },
        { ...bank[1], date: '2026-10-30' },
        { ...bank[2], date: '2026-10-30' },
      ],
      finance: [{ ...finance[2], date: '2026-10-30' }],
    });
    const edited = path.join(dir, 'oct-edited.xlsx');
    await editUnits(oct.out, edited, {
      '滨江花园|1-1-101': ['王会计', '滨江：等待财务补记'],
      '翠湖湾|1-1-101': ['李出纳', '13800138000 客户称11月放款'],
      '|1-1-102': ['赵', '请财务核对是哪个项目的'],
    }, { key: byProject });
    // November: nothing new; the two credits still open, each on its project's line.
    await fs.mkdir(path.join(dir, '11'));
    const nov = await scenario({ dir: path.join(dir, '11'), register, bank: [], finance: [], args: ['--previous', edited] });
    expect(nov.code).toBe(0);
    const { lines } = await reportSheet(nov.out, '按户');
    const line = (project: string | null, unit: string) => lines.find((l) => l['项目'] === project && l['房号'] === unit);
    expect(line('滨江花园', '1-1-101')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】滨江：等待财务补记' });
    // Masked as on 差异.
    expect(line('翠湖湾', '1-1-101')).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】138****8000 客户称11月放款' });
    expect(line('翠湖湾', '2-1-201')).toMatchObject({ 处理人: null, 处理结果: null });
    expect(nov.stdout).toContain('上期按户备注 Unit notes: 3 户带上期按户表的处理人/处理结果：本期按户表显示 2，本期按户表无该户 1 /');
    // The line without 项目 of October is the same line in November (赵六's and 孙七's rows were paired and closed in October: no line now).
    expect(line(null, '1-1-102')).toBeUndefined();
    expect(nov.stdout).toContain('按户表无该户的行：1-1-102');
  });

  it('a note of a report without 项目 goes to its unit’s only line; when the unit has lines of several projects, to none of them, and that is said', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    // October: the register has 滨江花园 only; 张三's and 钱八's credits are not booked.
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      register: register.filter((u) => u.project === '滨江花园'),
      bank: [
        { ...bank[0], date: '2026-10-30' },
        { ...bank[3], date: '2026-10-30' },
      ],
      finance: [],
    });
    expect((await reportSheet(oct.out, '按户')).heads).not.toContain('项目');
    const edited = path.join(dir, 'oct-edited.xlsx');
    await editUnits(oct.out, edited, { '|1-1-101': ['王会计', '等待财务补记'], '|3-1-301': ['李出纳', '客户称11月放款'] }, { key: byProject });
    // November: 翠湖湾 joins the register, and 李四's credit for its 1-1-101 comes in.
    await fs.mkdir(path.join(dir, '11'));
    const nov = await scenario({ dir: path.join(dir, '11'), register, bank: [bank[1]], finance: [], args: ['--previous', edited] });
    const { lines } = await reportSheet(nov.out, '按户');
    const line = (project: string, unit: string) => lines.find((l) => l['项目'] === project && l['房号'] === unit);
    expect(line('滨江花园', '3-1-301')).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】客户称11月放款' });
    for (const p of ['滨江花园', '翠湖湾']) expect(line(p, '1-1-101')).toMatchObject({ 处理人: null, 处理结果: null });
    expect(nov.stdout).toContain('上期报告按户表没有项目列，其中 1 户的房号本期在多个项目都有行，处理人/处理结果无法确定属于哪个项目，未带入本期：1-1-101');
    expect(nov.stdout).toContain('2 户带上期按户表的处理人/处理结果：本期按户表显示 1，本期按户表无该户 0，无法确定项目 1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(nov.out);
    const summary: unknown[][] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => summary.push((row.values as unknown[]).slice(1)));
    expect(summary).toContainEqual(['上期按户处理人/处理结果 Unit notes', undefined, 2, '2 户带上期按户表的处理人/处理结果：本期按户表显示 1，本期按户表无该户 0，无法确定项目 1']);
  });

  it('a report of one project after one of the whole register takes the notes of that project’s lines, and names the others’', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    const oct = await scenario({ dir: path.join(dir, '10'), period: '2026-10', register, bank: [{ ...bank[0], date: '2026-10-30' }, { ...bank[1], date: '2026-10-30' }], finance: [] });
    const edited = path.join(dir, 'oct-edited.xlsx');
    await editUnits(oct.out, edited, { '滨江花园|1-1-101': ['王会计', '滨江：等待财务补记'], '翠湖湾|1-1-101': ['李出纳', '翠湖湾：已催'] }, { key: byProject });
    await fs.mkdir(path.join(dir, '11'));
    const nov = await scenario({ dir: path.join(dir, '11'), register, bank: [], finance: [], args: ['--project', '滨江花园', '--previous', edited] });
    const { heads, lines } = await reportSheet(nov.out, '按户');
    expect(heads).not.toContain('项目');
    expect(lines.find((l) => l['房号'] === '1-1-101')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】滨江：等待财务补记' });
    expect(nov.stdout).toContain('按户表无该户的行：翠湖湾 1-1-101');
  });

  it('has no 项目 column when the report is of one project', async () => {
    const one = await scenario({ register, bank, finance, args: ['--project', '翠湖湾'] });
    const { heads, lines } = await reportSheet(one.out, '按户');
    expect(heads[0]).toBe('房号');
    expect(heads).not.toContain('项目');
    expect(lines.map((l) => l['房号'])).toEqual(['1-1-101', '1-1-102', '2-1-201', '3-1-301', '9-9-909']);
  });
});
