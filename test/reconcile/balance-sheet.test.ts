import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { unit } from './helpers';

/**
 * 余额调节表: 未达账项 are only what one side recorded and the other not (yet); rows both sides
 * recorded but wrongly are 记账差错/待查 with their effect (bank − book); rows matching sets aside
 * (non-mortgage, reversals) are totalled per side; and the adjusted balances agree to the fen.
 * Each scenario gives the statement a running balance and knows the true book balance.
 */

const fen = (x: number): number => Math.round(x * 100);

/** The statement rows with running balances from `opening`. */
function withBalances(opening: number, rows: Omit<BankIn, 'balance'>[]): BankIn[] {
  let bal = fen(opening);
  return rows.map((r) => {
    bal += fen(Number(r.amount));
    return { ...r, balance: (bal / 100).toFixed(2) };
  });
}

/** The book balance on the period's last day: opening + every bank-account line dated up to it. */
function bookBalance(opening: number, vouchers: VoucherIn[], periodEnd: string): number {
  return vouchers.filter((v) => (v.date ?? '2026-11-03') <= periodEnd).reduce((s, v) => s + fen(Number(v.amount)), fen(opening)) / 100;
}

interface Line {
  label: string;
  amount: number | null;
  bank: string | null;
  bankAmount: number | null;
  fin: string | null;
  finAmount: number | null;
  note: string | null;
}

interface Sheet {
  /** The figure beside each label of the top block (book side in B, statement side in E). */
  top: Map<string, number | string | null>;
  /** Detail lines per section (一 … 四), subtotal rows left out. */
  sections: Map<string, Line[]>;
}

function value(v: ExcelJS.CellValue): number | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && 'result' in v) return (v.result as number | string) ?? null;
  return v as number | string;
}

async function readSheet(file: string): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('余额调节表');
  if (!ws) throw new Error('no 余额调节表');
  const top = new Map<string, number | string | null>();
  const sections = new Map<string, Line[]>();
  let section: Line[] | null = null;
  ws.eachRow((row) => {
    const c = (n: number) => value(row.getCell(n).value);
    const a = String(c(1) ?? '');
    const m = /^([一二三四])、/.exec(a);
    if (m) {
      sections.set(m[1], (section = []));
      return;
    }
    if (!section) {
      if (a) top.set(a, c(2));
      const d = String(c(4) ?? '');
      if (d) top.set(d, c(5));
      return;
    }
    if (a === '项目' || a.includes('小计') || a.includes('合计') || a.startsWith('差额') || a.endsWith('：') || !a) return;
    section.push({ label: a, amount: c(2) as number | null, bank: c(4) as string | null, bankAmount: c(5) as number | null, fin: c(6) as string | null, finAmount: c(7) as number | null, note: c(8) as string | null });
  });
  return { top, sections };
}

const n = (s: Sheet, label: string): number => {
  const v = s.top.get(label);
  if (typeof v !== 'number') throw new Error(`${label}: ${String(v)}`);
  return v;
};

/** The 调节金额 of each 未达账项 line (section 一), by kind. */
function transit(s: Sheet): Record<string, number[]> {
  const out: Record<string, number[]> = { 银行已收企业未收: [], 银行已付企业未付: [], 企业已收银行未收: [], 企业已付银行未付: [] };
  for (const l of s.sections.get('一') ?? []) out[l.label].push(l.amount!);
  return out;
}

/**
 * Book + 银行已收企业未收 − 银行已付企业未付 ± 记账差错 ± 未逐笔核对 = statement + 企业已收银行未收 −
 * 企业已付银行未付, to the fen; and the book balance the sheet infers is the true one.
 */
function expectAdjustedAgree(s: Sheet, book: number): void {
  const adjBook = fen(book) + fen(n(s, '加：银行已收企业未收')) - fen(n(s, '减：银行已付企业未付')) + fen(n(s, '加/减：记账差错/待查（银行−账面，见二）')) + fen(n(s, '加/减：非按揭收支及冲正差额（银行−账面，未逐笔核对，见三）'));
  const adjStatement = fen(n(s, '对账单余额')) + fen(n(s, '加：企业已收银行未收')) - fen(n(s, '减：企业已付银行未付'));
  expect(adjBook).toBe(adjStatement);
  // The statement side's 调节后余额 (E9, a formula) caches the same figure.
  expect(fen(n(s, '调节后余额'))).toBe(adjStatement);
  expect(fen(n(s, '按本表推算的账面余额'))).toBe(fen(book));
}

describe('余额调节表', () => {
  it('a withheld deposit refunded this month, after the whole loan was booked and the refund booked too: 记账差错 (booked twice), not 企业已收银行未收 待退还, and not carried', async () => {
    const bank = withBalances(5_000_000, [
      { ref: 'B001', amount: '760000', name: '孙八', memo: '个人住房贷款放款 1-2-501', date: '2026-11-03' },
      { ref: 'B002', amount: '40000', name: '中国工商银行某支行', memo: '退还按揭保证金', date: '2026-11-27' },
    ]);
    const finance: VoucherIn[] = [
      { voucher: '记-0001', amount: '800000', customer: '孙八', unit: '1-2-501', date: '2026-11-03' },
      { voucher: '记-0002', amount: '40000', customer: '孙八', unit: '1-2-501', summary: '收回1-2-501按揭保证金', date: '2026-11-27' },
    ];
    const r = await scenario({ register: [unit({ unitKey: '1-2-501', buyer: '孙八', commercial: '800000', ratio: '0.05' })], bank, finance });
    expect(r.bank('B002')).toMatchObject({ outcome: 'MATCHED', rule: 'DEPOSIT_REFUND' });
    const s = await readSheet(r.out);
    expect(transit(s).企业已收银行未收).toEqual([]);
    expect(s.sections.get('二')!.map((l) => [l.amount, l.note])).toEqual([[-40000, '扣留保证金已由银行本期退还，退还款也已入账，但放款时企业已按贷款全额入账：保证金重复入账，应冲销其一']]);
    expectAdjustedAgree(s, bookBalance(5_000_000, finance, '2026-11-30'));
    // Nothing is waiting for the bank: the books are wrong until corrected, not in transit.
    expect(r.json.open).toEqual([]);
  });

  it('a credit carried from a bank with no statement this month is not counted against the other banks\' balances (listed under 四 instead)', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    await fs.mkdir(path.join(dir, '11'));
    const oct = await scenario({ dir: path.join(dir, '10'), period: '2026-10', bank: withBalances(1_000_000, [{ ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31' }]), finance: [] });
    // October's open credit came from CCB (edited in: the scenario writes ICBC files); November brings ICBC's statement only.
    const json = JSON.parse(await fs.readFile(oct.jsonPath, 'utf8'));
    json.open[0].bank = 'CCB';
    const previous = path.join(dir, 'oct.json');
    await fs.writeFile(previous, JSON.stringify(json));
    const finance: VoucherIn[] = [{ voucher: '记-1', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' }];
    const nov = await scenario({ dir: path.join(dir, '11'), bank: withBalances(5_000_000, [{ ref: 'B2', amount: '500000', name: '张三', memo: '3-2-1501', date: '2026-11-03' }]), finance, args: ['--previous', previous] });
    const s = await readSheet(nov.out);
    // It was 银行已收企业未收 ¥880,000 on a sheet of ICBC's balance alone.
    expect(transit(s).银行已收企业未收).toEqual([]);
    expect(s.sections.get('四')!.map((l) => [l.bankAmount, l.note])).toContainEqual([880000, '上期(2026-10)结转，本期仍未达：本期没有该银行的对账单，不在本期对账单余额内（请补充其对账单）']);
  });

  it('two statements of one bank without an account number: says their closing balances were added, as two parts of one account would be counted twice', async () => {
    const rows = withBalances(5_000_000, [
      { ref: 'B001', amount: '1000000', name: '张三', memo: '个人住房贷款放款 3-2-1501', date: '2026-11-03' },
      { ref: 'B002', amount: '800000', name: '李四', memo: '个人住房贷款放款 3-2-1502', date: '2026-11-20' },
    ]);
    const finance: VoucherIn[] = [
      { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
      { voucher: '记-0002', amount: '800000', customer: '李四', unit: '3-2-1502', date: '2026-11-20' },
    ];
    const r = await scenario({ bank: { '招行_1.csv': [rows[0]], '招行_2.csv': [rows[1]] }, finance, bankProfile: 'cmb-debit' });
    const s = await readSheet(r.out);
    const accounts = [...s.top.keys()].find((k) => k.startsWith('对账单账户'))!;
    expect(accounts).toContain('CMB 的 2 个对账单（招行_1.csv、招行_2.csv）没有账号，按不同账户各取期末余额相加');
    // One statement with its account number says nothing of the kind.
    const one = await scenario({ bank: withBalances(5_000_000, [{ ref: 'B001', amount: '1000000', name: '张三', memo: '3-2-1501' }]), finance: [finance[0]] });
    expect([...(await readSheet(one.out)).top.keys()].find((k) => k.startsWith('对账单账户'))).not.toContain('没有账号');
  });

  it('interest both sides recorded is not an 未达账项: it is listed per side under 非按揭收支 (未逐笔核对), totals equal', async () => {
    const bank = withBalances(5_000_000, [
      { ref: 'B001', amount: '1000000', name: '张三', memo: '个人住房贷款放款 3-2-1501' },
      { ref: 'B002', amount: '2066.03', memo: '结息', date: '2026-11-20' },
    ]);
    const finance: VoucherIn[] = [
      { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501' },
      { voucher: '记-0002', amount: '2066.03', summary: '收工行结息', date: '2026-11-20' },
    ];
    const r = await scenario({ bank, finance });
    expect(r.bank('B002').outcome).toBe('NOT_MORTGAGE');
    expect(r.fin('记-0002').outcome).toBe('NOT_MORTGAGE');
    const s = await readSheet(r.out);
    expect(transit(s)).toEqual({ 银行已收企业未收: [], 银行已付企业未付: [], 企业已收银行未收: [], 企业已付银行未付: [] });
    expect(n(s, '加：银行已收企业未收')).toBe(0);
    expect(n(s, '加：企业已收银行未收')).toBe(0);
    expect(s.sections.get('二')).toEqual([]);
    expect(s.sections.get('三')!.map((l) => [l.label, l.bankAmount, l.finAmount, l.note])).toEqual([
      ['非按揭款', 2066.03, null, '利息(结息)'],
      ['非按揭款', null, 2066.03, '利息(结息)'],
    ]);
    expect(n(s, '加/减：非按揭收支及冲正差额（银行−账面，未逐笔核对，见三）')).toBe(0);
    expectAdjustedAgree(s, bookBalance(5_000_000, finance, '2026-11-30'));
  });

  it('prints its top block whole: every label fits column A or wraps within it (none is cut off by the figure beside it)', async () => {
    const bank = withBalances(1_000_000, [{ ref: 'B001', amount: '1000000', name: '张三', memo: '个人住房贷款放款 3-2-1501' }]);
    const r = await scenario({ bank, finance: [{ voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501' }] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.out);
    const ws = wb.getWorksheet('余额调节表')!;
    const units = (t: string) => [...t].reduce((u, c) => u + (c.charCodeAt(0) >= 0x2e80 ? 2 : 1), 0);
    const width = ws.getColumn(1).width!;
    for (let n = 4; n <= 11; n++) {
      const cell = ws.getCell(n, 1);
      const label = String(cell.value);
      if (units(label) > width - 1) {
        expect(cell.alignment?.wrapText, label).toBe(true);
        expect(ws.getRow(n).height, label).toBeGreaterThanOrEqual(2 * 14);
      }
    }
    expect(ws.getCell('A10').value).toBe('未解释差额（应为零） Unexplained difference');
    expect(units(String(ws.getCell('A10').value))).toBeLessThanOrEqual(width - 1);
  });

  it('an AMOUNT_MISMATCH pair is a 记账差错 of the difference only (¥180,000), not two 未达账项 of ¥2,860,000 and ¥2,680,000', async () => {
    const bank = withBalances(1_000_000, [{ ref: 'B001', amount: '2860000', name: '陶勇', memo: '4-1-601按揭', date: '2026-11-17' }]);
    const finance: VoucherIn[] = [{ voucher: '记-0001', amount: '2680000', customer: '陶勇', unit: '4-1-601', date: '2026-11-17' }];
    const r = await scenario({ bank, finance });
    expect(r.bank('B001').outcome).toBe('AMOUNT_MISMATCH');
    const s = await readSheet(r.out);
    expect([n(s, '加：银行已收企业未收'), n(s, '加：企业已收银行未收')]).toEqual([0, 0]);
    expect(n(s, '加/减：记账差错/待查（银行−账面，见二）')).toBe(180000);
    expect(transit(s)).toEqual({ 银行已收企业未收: [], 银行已付企业未付: [], 企业已收银行未收: [], 企业已付银行未付: [] });
    const errors = s.sections.get('二')!;
    expect(errors.map((l) => [l.amount, l.bankAmount, l.finAmount])).toEqual([[180000, 2860000, 2680000]]);
    expect(errors[0].note).toContain('金额不符');
    expectAdjustedAgree(s, bookBalance(1_000_000, finance, '2026-11-30'));
  });

  it('a WRONG_ACCOUNT pair (booked to another bank account’s 科目) is a 记账差错 of ¥0 on the combined statement, with a note saying each account is off by it', async () => {
    const units = ['1-1-101', '1-1-102', '1-1-103', '1-1-104', '1-1-105'];
    const bank = withBalances(2_000_000, units.map((u, k) => ({ ref: `B00${k}`, amount: String(1_000_000 + k * 1000), name: `客户${'甲乙丙丁戊'[k]}`, memo: `${u}按揭` })));
    const finance: VoucherIn[] = units.map((u, k) => ({ voucher: `记-000${k}`, amount: String(1_000_000 + k * 1000), customer: `客户${'甲乙丙丁戊'[k]}`, unit: u, ...(k === 4 ? { account: { code: '1002.02', name: '银行存款-建行监管户' } } : {}) }));
    const r = await scenario({ bank, finance });
    expect([r.bank('B004').outcome, r.fin('记-0004').outcome]).toEqual(['WRONG_ACCOUNT', 'WRONG_ACCOUNT']);
    const s = await readSheet(r.out);
    const errors = s.sections.get('二')!;
    expect(errors.map((l) => [l.amount, l.bankAmount, l.finAmount])).toEqual([[0, 1004000, 1004000]]);
    expect(errors[0].note).toContain('另一银行账户的科目');
    expect(transit(s)).toEqual({ 银行已收企业未收: [], 银行已付企业未付: [], 企业已收银行未收: [], 企业已付银行未付: [] });
    expectAdjustedAgree(s, bookBalance(2_000_000, finance, '2026-11-30'));
  });

  it('a carried-in booking still open this month is 企业已收银行未收; a carried-in credit booked this month is not listed', async () => {
    const dir = await tempDir();
    const octDir = path.join(dir, '10');
    await fs.mkdir(octDir);
    const octBank = withBalances(1_000_000, [
      { ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101按揭', date: '2026-10-10' },
      { ref: 'B9', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' },
    ]);
    const octFinance: VoucherIn[] = [
      { voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-10-10' },
      // Booked on 10-31; the bank never credits it in November either.
      { voucher: '记-2', amount: '2965000', customer: '魏娟', unit: '4-2-2004', date: '2026-10-31' },
    ];
    const oct = await scenario({ dir: octDir, period: '2026-10', bank: octBank, finance: octFinance });
    expect(oct.fin('记-2').outcome).toBe('MISSING_IN_BANK');
    expect(oct.bank('B9').outcome).toBe('MISSING_IN_FINANCE');

    const novDir = path.join(dir, '11');
    await fs.mkdir(novDir);
    const novBank = withBalances(2_380_000, [{ ref: 'B2', amount: '800000', name: '乙', memo: '1-1-102按揭', date: '2026-11-05' }]);
    const novFinance: VoucherIn[] = [
      { voucher: '记-7', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-11-02' },
      { voucher: '记-8', amount: '800000', customer: '乙', unit: '1-1-102', date: '2026-11-05' },
    ];
    const nov = await scenario({ dir: novDir, bank: novBank, finance: novFinance, args: ['--previous', oct.out] });
    expect(nov.stdout).toMatch(/MISSING_IN_BANK/);
    const s = await readSheet(nov.out);
    expect(n(s, '加：企业已收银行未收')).toBe(2965000);
    expect(n(s, '加：银行已收企业未收')).toBe(0);
    const lines = s.sections.get('一')!;
    expect(lines.map((l) => [l.label, l.amount, l.fin?.startsWith('2026-10/序时账.xlsx')])).toEqual([['企业已收银行未收', 2965000, true]]);
    expect(lines[0].note).toContain('上期(2026-10)结转');
    // The book holds October's bookings too.
    expectAdjustedAgree(s, bookBalance(1_000_000, [...octFinance, ...novFinance], '2026-11-30'));
  });

  it('October\'s open credit and booking reversed in November: each cancels with its reversal, neither stays open, and the balances tie', async () => {
    const dir = await tempDir();
    const octDir = path.join(dir, '10');
    await fs.mkdir(octDir);
    const octBank = withBalances(1_000_000, [
      { ref: 'R101', amount: '500000', name: '甲', memo: '1-1-101按揭', date: '2026-10-10' },
      { ref: 'R102', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' },
    ]);
    const octFinance: VoucherIn[] = [
      { voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-10-10' },
      { voucher: '记-2', amount: '700000', customer: '乙', unit: '1-1-201', date: '2026-10-30' },
    ];
    const oct = await scenario({ dir: octDir, period: '2026-10', bank: octBank, finance: octFinance });
    expect([oct.bank('R102').outcome, oct.fin('记-2').outcome]).toEqual(['MISSING_IN_FINANCE', 'MISSING_IN_BANK']);

    // November: the bank reverses R102 (冲正 quoting it), finance reverses October's 记-2 (冲销).
    const novDir = path.join(dir, '11');
    await fs.mkdir(novDir);
    const novBank = withBalances(2_380_000, [
      { ref: 'R203', amount: '-880000', name: '丙', memo: '冲正 R102 2-1-301按揭', date: '2026-11-02' },
      { ref: 'R202', amount: '600000', name: '丁', memo: '1-1-401按揭', date: '2026-11-15' },
    ]);
    const novFinance: VoucherIn[] = [
      { voucher: '记-1', amount: '-700000', customer: '乙', unit: '1-1-201', date: '2026-11-03', summary: '冲销10月记-2 收1-1-201乙按揭款' },
      { voucher: '记-3', amount: '600000', customer: '丁', unit: '1-1-401', date: '2026-11-15' },
    ];
    const nov = await scenario({ dir: novDir, bank: novBank, finance: novFinance, args: ['--previous', oct.jsonPath] });
    const carried = (side: string) => nov.json.rows.find((r) => r.side === side && r.file.startsWith('2026-10/'))!;
    const key = (r: { side: string; file: string; sheet: string; row: number }) => ({ side: r.side, file: r.file, sheet: r.sheet, row: r.row });
    expect(carried('bank')).toMatchObject({ file: '2026-10/工行.csv', row: oct.bank('R102').row, outcome: 'REVERSED', flags: ['REVERSED'], rule: 'REVERSAL', counterparts: [key(nov.bank('R203'))] });
    expect(nov.bank('R203')).toMatchObject({ outcome: 'REVERSED', counterparts: [key(carried('bank'))] });
    expect(carried('bank').explanation.zh).toBe(`上期(2026-10)未达项结转：¥880,000.00已被工行.csv 第${nov.bank('R203').row}行冲正/冲销，两行相互抵销，不参与匹配。`);
    expect(carried('finance')).toMatchObject({ file: '2026-10/序时账.xlsx', row: oct.fin('记-2').row, outcome: 'REVERSED', counterparts: [key(nov.fin('记-1'))] });
    expect(nov.fin('记-1')).toMatchObject({ outcome: 'REVERSED', counterparts: [key(carried('finance'))] });
    expect(nov.fin('记-1').explanation.zh).toBe(`冲正/冲销2026-10/序时账.xlsx[序时账] 第${oct.fin('记-2').row}行的¥700,000.00，两行相互抵销，不参与匹配。`);
    expect(nov.bank('R202').outcome).toBe('MATCHED');
    // Nothing left to carry into December.
    expect(nov.json.open).toEqual([]);
    const s = await readSheet(nov.out);
    expect(transit(s)).toEqual({ 银行已收企业未收: [], 银行已付企业未付: [], 企业已收银行未收: [], 企业已付银行未付: [] });
    expect(s.sections.get('三')!.map((l) => [l.bankAmount ?? l.finAmount, l.note])).toEqual([
      [880000, '上期(2026-10)结转，本期冲正/冲销：冲正及被冲正的原笔'],
      [-880000, '冲正及被冲正的原笔'],
      [700000, '上期(2026-10)结转，本期冲正/冲销：冲正及被冲正的原笔'],
      [-700000, '冲正及被冲正的原笔'],
    ]);
    expect(n(s, '加/减：非按揭收支及冲正差额（银行−账面，未逐笔核对，见三）')).toBe(0);
    expectAdjustedAgree(s, bookBalance(1_000_000, [...octFinance, ...novFinance], '2026-11-30'));
  });

  it('true in-transit items on each side are the only 未达账项; a fee both sides recorded is not one', async () => {
    const bank = withBalances(3_000_000, [
      { ref: 'B001', amount: '900000', name: '李四', memo: '5-1-201按揭', date: '2026-11-12' },
      { ref: 'B002', amount: '-15.50', memo: '手续费', date: '2026-11-18' },
      { ref: 'B003', amount: '700000', name: '张三', memo: '3-2-1501按揭', date: '2026-11-20' },
    ]);
    const finance: VoucherIn[] = [
      { voucher: '记-0001', amount: '650000', customer: '王五', unit: '6-2-302', date: '2026-11-30' },
      { voucher: '记-0002', amount: '-15.50', summary: '付工行手续费', date: '2026-11-18' },
      { voucher: '记-0003', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-20' },
    ];
    const r = await scenario({ bank, finance });
    expect(r.bank('B001').outcome).toBe('MISSING_IN_FINANCE');
    expect(r.fin('记-0001').outcome).toBe('MISSING_IN_BANK');
    const s = await readSheet(r.out);
    expect([n(s, '加：银行已收企业未收'), n(s, '减：银行已付企业未付'), n(s, '加：企业已收银行未收'), n(s, '减：企业已付银行未付')]).toEqual([900000, 0, 650000, 0]);
    expect(transit(s)).toEqual({ 银行已收企业未收: [900000], 银行已付企业未付: [], 企业已收银行未收: [650000], 企业已付银行未付: [] });
    expect(s.sections.get('三')!.map((l) => [l.bankAmount, l.finAmount])).toEqual([
      [-15.5, null],
      [null, -15.5],
    ]);
    expectAdjustedAgree(s, bookBalance(3_000_000, finance, '2026-11-30'));
  });

  it('a credit of 11-30 booked on 12-01 is 银行已收企业未收 at month-end; the December booking is not in this period', async () => {
    const bank = withBalances(2_000_000, [{ ref: 'B001', amount: '700000', name: '张三', memo: '3-2-1501按揭', date: '2026-11-30', time: '15:00:00' }]);
    const finance: VoucherIn[] = [{ voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-12-01' }];
    const r = await scenario({ bank, finance });
    expect(r.fin('记-0001').outcome).toBe('OUT_OF_PERIOD');
    const s = await readSheet(r.out);
    expect([n(s, '加：银行已收企业未收'), n(s, '加：企业已收银行未收')]).toEqual([700000, 0]);
    expect(transit(s)).toEqual({ 银行已收企业未收: [700000], 银行已付企业未付: [], 企业已收银行未收: [], 企业已付银行未付: [] });
    expect(s.sections.get('四')!.map((l) => [l.finAmount, l.note?.includes('期后')])).toEqual([[700000, true]]);
    expectAdjustedAgree(s, bookBalance(2_000_000, finance, '2026-11-30'));
  });
});
