import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reconcile, rowResult } from '../../domain/reconcile';
import type { RegisterUnit } from '../../domain/register';
import { loadFeeRules } from '../../pipeline/render/templates';
import { writeReconcileJson } from '../../pipeline/reconcile/json';
import { cli, scenario, tempDir, writeBank, writeFinance, writeRegister } from './files';
import { bank, config, journal, unit } from './helpers';
import { reportSheet } from './unitNotes';

/**
 * The register's own errors in a reconciliation. A row repeating an earlier row's unit (DUPLICATE_UNIT:
 * the same 房号 in the same project) is not a second expectation of the unit: the unit is matched against
 * its first row, as the fee ledger charges it there — the index kept the last row for 按户 and mixed both
 * rows' deposits into matching — and 按户 names the rows and what they disagree on. The register's errors
 * in the columns matching reads are anjie validate's (BANK_UNKNOWN and DUPLICATE_UNIT too, not only the
 * cells that could not be read), listed at their cells, at most 20.
 */

const deposit = loadFeeRules().deposit;
const at = (u: RegisterUnit, row: number): RegisterUnit => ({ ...u, source: { file: '按揭台账.xlsx', sheet: '按揭台账', row } });

describe('reconcile: a unit the register repeats is matched against its first row', () => {
  // Row 2: 张三's 3-2-1501, ¥700,000 commercial at a 10% deposit; row 3 repeats it at 5%.
  const first = at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' }), 2);
  const repeat = at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.05' }), 3);
  const run = (register: RegisterUnit[], credit: string) => {
    const r = reconcile({
      period: '2026-11',
      bank: [bank({ row: 2, amount: credit, counterpartyName: '张三', memo: '3-2-1501按揭放款' })],
      finance: [journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三' })],
      rejected: [],
      config: config(),
      register,
      depositRatios: deposit,
    });
    return { rows: r.engine.items.map((it) => rowResult(it, r.engine)), totals: r.totals };
  };

  it('a credit net of the repeated row’s 5% (¥665,000) is not taken as the deposit withheld: the first row says 10%, so the pair is ¥35,000 short', () => {
    const { rows, totals } = run([first, repeat], '665000');
    expect(rows.map((r) => `${r.side}:${r.outcome}:${r.flags.join('+')}`)).toEqual(['bank:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    // 665,000 − 700,000
    expect(rows[0].explanation.zh).toContain('差额-¥35,000.00');
    // Both rows say the register disagrees with itself, and which row was gone by.
    for (const r of rows) {
      expect(r.explanation.zh).toContain('台账第 2 行与第 3 行为同一房号3-2-1501，保证金比例不一致，按第 2 行核对');
      expect(r.explanation.en).toContain('register rows 2 and 3 are the same unit 3-2-1501 and disagree on deposit ratio: checked against row 2');
    }
    expect(totals.flags.get('DEPOSIT_WITHHELD') ?? 0).toBe(0);
    // Every row in one outcome: one bank row, one journal row.
    expect(totals.bank.rows).toBe(1);
    expect(totals.finance.rows).toBe(1);
  });

  it('the credit net of the first row’s 10% (¥630,000) is matched as the deposit withheld', () => {
    const { rows } = run([first, repeat], '630000');
    expect(rows.map((r) => `${r.side}:${r.outcome}`)).toEqual(['bank:MATCHED', 'finance:MATCHED']);
    expect(rows[0].flags).toContain('DEPOSIT_WITHHELD');
  });

  it('a provident-fund centre’s credit naming no one is paired by the first row’s 公积金金额 (¥300,000), not by a later row’s (¥200,000)', () => {
    const combined = (provident: string, row: number) => at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '500000', provident }), row);
    const r = reconcile({
      period: '2026-11',
      bank: [bank({ row: 2, amount: '300000', counterpartyName: '住房公积金管理中心', memo: '公积金贷款发放' })],
      finance: [journal({ row: 2, debit: '300000', unitKey: '3-2-1501', customer: '张三' })],
      rejected: [],
      config: config(),
      register: [combined('300000', 2), combined('200000', 3)],
      depositRatios: deposit,
    });
    const rows = r.engine.items.map((it) => rowResult(it, r.engine));
    expect(rows.map((x) => `${x.side}:${x.outcome}:${x.rule}`)).toEqual(['bank:MATCHED:PROVIDENT_REGISTER', 'finance:MATCHED:PROVIDENT_REGISTER']);
  });

  it('a repeat that agrees with the first row adds nothing to the explanation', () => {
    const same = at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' }), 3);
    const { rows } = run([first, same], '665000');
    expect(rows[0].outcome).toBe('AMOUNT_MISMATCH');
    expect(rows[0].explanation.zh).not.toContain('台账第');
  });

  it('a credit of the unit left open says the register repeats it on disagreeing rows', () => {
    const r = reconcile({ period: '2026-11', bank: [bank({ row: 2, amount: '50000', counterpartyName: '张三', memo: '3-2-1501' })], finance: [], rejected: [], config: config(), register: [first, repeat], depositRatios: deposit });
    const row = rowResult(r.engine.items[0], r.engine);
    expect(row.outcome).toBe('MISSING_IN_FINANCE');
    expect(row.explanation.zh).toContain('；台账第 2 行与第 3 行为同一房号3-2-1501，保证金比例不一致，按第 2 行核对。');
  });

  describe('a plain match (no flag) of a unit whose repeated rows disagree', () => {
    // 3-2-1501 on rows 2 and 3 at ¥700,000 and ¥800,000; 5-1-501 (李四, ¥500,000) once, on row 4.
    const other = at(unit({ unitKey: '5-1-501', buyer: '李四', commercial: '500000', ratio: '0.1' }), 4);
    const larger = at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '800000', ratio: '0.1' }), 3);
    const month = (register: RegisterUnit[]) =>
      reconcile({
        period: '2026-11',
        bank: [bank({ row: 2, amount: '700000', counterpartyName: '张三', memo: '3-2-1501按揭放款' }), bank({ row: 3, amount: '500000', counterpartyName: '李四', memo: '5-1-501按揭放款' })],
        finance: [journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三' }), journal({ row: 3, debit: '500000', unitKey: '5-1-501', customer: '李四' })],
        rejected: [],
        config: config(),
        register,
        depositRatios: deposit,
      });

    it('says in its explanation, and in the JSON report, that the register repeats the unit on rows that disagree and which row was gone by', async () => {
      const rec = month([first, larger, other]);
      const rows = rec.engine.items.map((it) => rowResult(it, rec.engine));
      // Both credits are plain matches: the ¥700,000 booking is the first row's loan.
      expect(rows.map((r) => `${r.side}:${r.outcome}:${r.flags.length}`)).toEqual(['bank:MATCHED:0', 'bank:MATCHED:0', 'finance:MATCHED:0', 'finance:MATCHED:0']);
      const file = path.join(await tempDir(), 'report.json');
      await writeReconcileJson(file, rec);
      const written = (JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: typeof rows }).rows;
      for (const r of [...rows, ...written].filter((x) => x.row === 2)) {
        expect(r.explanation.zh).toMatch(/按"[^"]+"规则对应，.*；台账第 2 行与第 3 行为同一房号3-2-1501，商贷金额不一致，按第 2 行核对。$/);
        expect(r.explanation.en).toMatch(/; register rows 2 and 3 are the same unit 3-2-1501 and disagree on commercial loan: checked against row 2\.$/);
      }
      expect(written.filter((r) => r.explanation.zh.includes('台账第')).length).toBe(2);
    });

    it('leaves the other units’ explanations as a register without the repeat gives them, byte for byte', async () => {
      const withRepeat = month([first, larger, other]);
      const without = month([first, other]);
      const text = (rec: typeof without) => rec.engine.items.filter((it) => it.row === 3).map((it) => JSON.stringify(rowResult(it, rec.engine)));
      expect(text(withRepeat)).toEqual(text(without));
      // A repeat that agrees with the first row adds nothing to its unit's plain match either.
      const agreeing = month([first, at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' }), 3), other]);
      const all = (rec: typeof without) => rec.engine.items.map((it) => JSON.stringify(rowResult(it, rec.engine)));
      expect(all(agreeing)).toEqual(all(without));
    });
  });

  it('a buyer named only on a repeated row is not taken for the unit’s: 李四’s credit naming no unit goes to 李四’s booking, not to 张三’s booking of 3-2-1501', () => {
    // Row 3 repeats 3-2-1501 for 李四 — as often a mistyped 房号 (her 3-2-1510) as a correction.
    const typo = at(unit({ unitKey: '3-2-1501', buyer: '李四', commercial: '700000' }), 3);
    const r = reconcile({
      period: '2026-11',
      bank: [bank({ row: 2, amount: '700000', counterpartyName: '李四', memo: '按揭放款' })],
      finance: [journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三' }), journal({ row: 3, debit: '700000', unitKey: '3-2-1510', customer: '李四' })],
      rejected: [],
      config: config(),
      register: [at(unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000' }), 2), typo],
      depositRatios: deposit,
    });
    const rows = r.engine.items.map((it) => rowResult(it, r.engine));
    expect(rows.map((x) => `${x.side}:${x.row}:${x.outcome}:${x.counterparts.map((c) => c.row).join()}`)).toEqual(['bank:2:MATCHED:3', 'finance:2:MISSING_IN_BANK:', 'finance:3:MATCHED:2']);
    // 张三’s booking left open says the register has another buyer on row 3.
    expect(rows[1].explanation.zh).toContain('台账第 2 行与第 3 行为同一房号3-2-1501，买受人、主借款人不一致，按第 2 行核对');
  });

  it('a register without repeats is read as before: the 5% row alone matches ¥665,000', () => {
    const { rows } = run([repeat], '665000');
    expect(rows.map((r) => `${r.side}:${r.outcome}`)).toEqual(['bank:MATCHED', 'finance:MATCHED']);
  });
});

/** A month of one credit (张三's ¥630,000 for 3-2-1501) and its booking (¥700,000), with this register (rows from 2; header on row 1). */
async function month(register: RegisterUnit[]) {
  const dir = await tempDir();
  const bankFile = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '630000', name: '张三', memo: '3-2-1501按揭放款' }]);
  const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '700000', customer: '张三', unit: '3-2-1501' }]);
  const reg = await writeRegister(dir, register);
  const out = path.join(dir, 'out', 'report.xlsx');
  const res = await cli(['reconcile', '--bank', bankFile, '--finance', fin, '--register', reg, '--period', '2026-11', '--out', out]);
  return { ...res, out };
}

// Rows 2–4 of the sheet: 3-2-1501 at ¥700,000, 5-1-501 with a bank off the list, 3-2-1501 again at ¥800,000.
const DISAGREEING = () => [
  unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' }),
  unit({ unitKey: '5-1-501', buyer: '李四', commercial: '500000', bank: '建设银行' }),
  unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '800000', ratio: '0.1' }),
];
const AGREEING = () => [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' }), unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' })];

describe('按户: a unit the register repeats', () => {
  it('shows the first row’s loan, and names both rows and what they disagree on', async () => {
    const r = await month(DISAGREEING());
    expect(r.code).toBe(0);
    // The credit is the first row's ¥700,000 less its 10%: matched, the deposit withheld.
    expect(r.stdout).toContain('已匹配 Matched: 银行 bank 1 / 1，财务 finance 1 / 1');
    // Three rows, two units: the repeated row is no third unit.
    expect(r.stdout).toMatch(/台账 register: \S+ 2 户 units/);
    const { lines } = await reportSheet(r.out, '按户');
    const line = lines.find((l) => l['房号'] === '3-2-1501')!;
    expect(line['台账金额']).toBe(700000);
    expect(String(line['差异类型'])).toContain('台账重复：第 2 行与第 4 行为同一房号，商贷金额不一致，按第 2 行核对');
  });

  it('names the rows without a difference when they agree on everything matching reads', async () => {
    const r = await month(AGREEING());
    const { lines } = await reportSheet(r.out, '按户');
    // Matched as the deposit withheld (扣留保证金), and the repeat named.
    expect(String(lines.find((l) => l['房号'] === '3-2-1501')!['差异类型']).split('、')).toEqual(['扣留保证金', '台账重复：第 2 行与第 3 行为同一房号，按第 2 行核对']);
  });
});

describe('已匹配: a pair of a unit the register repeats on rows that disagree', () => {
  // As 按户 words it (DISAGREEING: 3-2-1501 on rows 2 and 4, at ¥700,000 and ¥800,000).
  const NOTE = '台账重复：第 2 行与第 4 行为同一房号，商贷金额不一致，按第 2 行核对';

  it('a clean pair shows in 标记 what its explanation says, so it does not pass for a clean one; another unit’s pair stays unmarked', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B1', amount: '700000', name: '张三', memo: '3-2-1501按揭放款' },
        { ref: 'B2', amount: '400000', name: '王五', memo: '6-1-601按揭放款' },
      ],
      finance: [
        { voucher: '记-1', amount: '700000', customer: '张三', unit: '3-2-1501' },
        { voucher: '记-2', amount: '400000', customer: '王五', unit: '6-1-601' },
      ],
      register: [...DISAGREEING(), unit({ unitKey: '6-1-601', buyer: '王五', commercial: '400000', ratio: '0.1' })],
    });
    // Both plain matches: no flag.
    expect([s.bank('B1'), s.bank('B2')].map((r) => `${r.outcome}:${r.flags.length}`)).toEqual(['MATCHED:0', 'MATCHED:0']);
    expect(s.bank('B1').explanation.zh).toContain('台账第 2 行与第 4 行为同一房号3-2-1501，商贷金额不一致，按第 2 行核对');
    const { lines } = await reportSheet(s.out, '已匹配');
    expect(lines.find((l) => l['房号'] === '3-2-1501')!['标记']).toBe(NOTE);
    expect(lines.find((l) => l['房号'] === '6-1-601')!['标记']).toBeNull();
  });

  it('a flagged pair shows the note after its flags', async () => {
    // ¥630,000: the first row's ¥700,000 less its 10%, matched as the deposit withheld.
    const r = await month(DISAGREEING());
    const { lines } = await reportSheet(r.out, '已匹配');
    expect(String(lines.find((l) => l['房号'] === '3-2-1501')!['标记']).split('、')).toEqual(['扣留保证金', NOTE]);
  });
});

describe('anjie reconcile: the register’s errors that affect matching, as anjie validate reports them', () => {
  it('lists BANK_UNKNOWN and DUPLICATE_UNIT at their cells, on stdout and 汇总, saying which row the repeated unit was matched against', async () => {
    // Columns: 房号编码 E, 贷款银行 AB (templates/sheets/register.json).
    const r = await month(DISAGREEING());
    expect(r.code).toBe(0);
    // Two errors in the columns matching reads (the rows' 首付 + 贷款 ≠ 总价 and the repeated 合同编号 are anjie validate's alone).
    expect(r.stdout).toContain('警告 warning: 台账中对账所用的列有 2 处错误');
    expect(r.stdout).toContain('The register has 2 error(s) in the columns reconciliation reads');
    expect(r.stdout).toContain('警告 warning: 按揭台账!AB3「贷款银行」 BANK_UNKNOWN：贷款银行「建设银行」不在银行列表中 / 按揭台账!AB3 (贷款银行) BANK_UNKNOWN: Lending bank "建设银行" is not in the bank list');
    expect(r.stdout).toContain(
      '警告 warning: 按揭台账!E4「房号编码」 DUPLICATE_UNIT：房号 3-2-1501 与第 2 行重复；两行的商贷金额不一致，对账按第 2 行核对 / 按揭台账!E4 (房号编码) DUPLICATE_UNIT: Unit 3-2-1501 repeats row 2; the rows disagree on commercial loan: reconciled against row 2',
    );
    expect(r.stdout).not.toContain('AMOUNT_SUM');
    expect(r.stdout).not.toContain('DUPLICATE_CONTRACT');
    // The same on 汇总, for whoever signs.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.out);
    const texts: string[] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => row.eachCell((c) => texts.push(c.text)));
    expect(texts.some((t) => t.includes('按揭台账!E4「房号编码」 DUPLICATE_UNIT：房号 3-2-1501 与第 2 行重复；两行的商贷金额不一致，对账按第 2 行核对'))).toBe(true);
  });

  it('a repeat that agrees on everything matching reads names no difference', async () => {
    const r = await month(AGREEING());
    expect(r.stdout).toContain('按揭台账!E3「房号编码」 DUPLICATE_UNIT：房号 3-2-1501 与第 2 行重复；对账按第 2 行核对 /');
  });

  /** 张三's ¥700,000 booking of 3-2-1501 and a credit of `credit`, against the register (`register`) without the columns `headers`. */
  async function monthWithout(headers: readonly string[], credit: string, register = [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '0.1' })]) {
    const dir = await tempDir();
    const reg = await writeRegister(dir, register);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(reg);
    const ws = wb.worksheets[0];
    for (const header of headers) {
      let at = 0;
      ws.getRow(1).eachCell((c, n) => {
        if (c.text === header) at = n;
      });
      expect(at).toBeGreaterThan(0);
      ws.spliceColumns(at, 1);
    }
    await wb.xlsx.writeFile(reg);
    const bankFile = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: credit, name: '张三', memo: '按揭放款' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '700000', customer: '张三', unit: '3-2-1501' }]);
    const out = path.join(dir, 'out', 'report.xlsx');
    return { ...(await cli(['reconcile', '--bank', bankFile, '--finance', fin, '--register', reg, '--period', '2026-11', '--out', out])), out };
  }

  it('lists a column matching reads that the header lacks (COLUMN_MISSING), not one it does not read', async () => {
    // The template's 买受人1 (a credit names its payer: matching by buyer reads it) and 建筑面积 (read by no match) taken out.
    const r = await monthWithout(['买受人1', '建筑面积(㎡)'], '700000');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('台账中对账所用的列有 1 处错误');
    expect(r.stdout).toContain('警告 warning: 按揭台账!1 COLUMN_MISSING：表头中没有必填列「买受人1」 / 按揭台账!1 COLUMN_MISSING: The header row has no "Buyer 1" column, which is required');
    expect(r.stdout).not.toContain('建筑面积');
  });

  it('says when the header has neither 商贷金额 nor 公积金金额 (validate requires neither): matching knows no unit\'s loan', async () => {
    const r = await monthWithout(['商贷金额', '公积金金额'], '630000');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('按揭台账!1 COLUMN_MISSING：表头中没有「商贷金额」或「公积金金额」列：对账不知道各户的贷款金额');
    expect(r.stdout).toContain('no credit is recognised as net of a withheld deposit');
  });

  it('says once, on stdout and 汇总, when the header has no 贷款银行: no deposit ratio is known, so no credit is checked as net of a withheld deposit', async () => {
    // Three units with commercial loans and no ratio of their own; 张三's ¥630,000 credit is his ¥700,000 less 10%.
    const register = [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000' }), unit({ unitKey: '3-2-1502', buyer: '李四', commercial: '500000' }), unit({ unitKey: '3-2-1503', buyer: '王五', commercial: '400000' })];
    const r = await monthWithout(['贷款银行'], '630000', register);
    expect(r.code).toBe(0);
    const zh = '按揭台账!1 COLUMN_MISSING：表头中没有「贷款银行」列：有商贷的各户都不知道贷款银行，台账未填保证金比例的无法确定保证金比例（按揭保证金无法计算），其放款未按扣留保证金核对';
    expect(r.stdout).toContain('台账中对账所用的列有 1 处错误');
    expect(r.stdout).toContain(`警告 warning: ${zh}`);
    expect(r.stdout).toContain('The header row has no "Lending bank" column');
    // Once, not once per unit.
    expect(r.stdout.split('\n').filter((l) => l.includes('贷款银行')).length).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.out);
    const texts: string[] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => row.eachCell((c) => texts.push(c.text)));
    expect(texts.filter((t) => t.includes(zh)).length).toBe(1);
    // The unit's difference still says why its deposit was not checked.
    const { lines } = await reportSheet(r.out, '差异');
    expect(lines.map((l) => l['差异类型'])).toEqual(['金额不符']);
    expect(String(lines[0]['说明'])).toContain('3-2-1501的贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例，未按扣留保证金核对差额');
  });

  it('says nothing of a missing 贷款银行 when no unit has a commercial loan', async () => {
    const r = await monthWithout(['贷款银行'], '300000', [unit({ unitKey: '3-2-1501', buyer: '张三', provident: '300000' })]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('COLUMN_MISSING');
  });

  it('lists at most 20 errors, then how many more', async () => {
    // 25 units whose bank is off the list (rows 2–26), none repeated.
    const register = Array.from({ length: 25 }, (_, k) => unit({ unitKey: `7-1-${701 + k}`, buyer: `买${k}`, commercial: '500000', bank: '建设银行' }));
    const r = await month(register);
    expect(r.stdout).toContain('台账中对账所用的列有 25 处错误');
    expect(r.stdout.split('\n').filter((l) => l.includes(' BANK_UNKNOWN：')).length).toBe(20);
    expect(r.stdout).toContain('按揭台账!AB21「贷款银行」 BANK_UNKNOWN');
    expect(r.stdout).not.toContain('按揭台账!AB22「贷款银行」');
    expect(r.stdout).toContain('…另有 5 处，用 anjie validate 查看 / … 5 more: see anjie validate');
  });
});
