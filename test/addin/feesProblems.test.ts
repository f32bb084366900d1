import { describe, expect, it, vi } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { computeFees, exampleRatesWarning, feeCities } from '../../addin/services/fees';
import { feeRules } from '../../addin/services/templates';
import { columnLetter } from '../../domain/issues';

describe('add-in fees from register cells that are blank or cannot be read (the review’s repro)', () => {
  it('lists them by cell as anjie fees does, leaves them off 多收名单, and does not compute ¥0', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const h = sample.headers;
    const [price, homes, key, usage, project] = ['合同总价', '家庭住房套数', '房号编码', '用途', '项目'].map((x) => h.indexOf(x));
    const rows = sample.rows.map((r) => [...r]);
    const i = rows.findIndex((r) => r[usage] === '住宅');
    rows[i][price] = '约109万'; // unreadable
    const j = rows.findIndex((r, k) => k > i && r[usage] === '住宅');
    rows[j][homes] = ''; // blank: the deed tax cannot be computed
    fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const [priceCol, homesCol] = [price, homes].map((c) => columnLetter(c + 1));
    const fees = r.problems.filter((p) => p.code === 'FEE_NOT_COMPUTED').map((p) => `${p.location.sheet}!${p.location.column}${p.location.row} ${p.message.zh}`);
    expect(fees).toEqual([
      `Sheet1!${priceCol}${i + 2} ${rows[i][project]} ${rows[i][key]} 契税无法计算：合同总价无法识别，请改正该单元格`,
      `Sheet1!${homesCol}${j + 2} ${rows[j][project]} ${rows[j][key]} 契税无法计算：缺少家庭住房套数（首套/二套/三套及以上）`,
    ]);
    expect(r.problems.filter((p) => p.code === 'BAD_AMOUNT').map((p) => `${p.location.column}${p.location.row}`)).toEqual([`${priceCol}${i + 2}`]);
    expect(r.overpaid).toBe(0);
    const ledger = fake.sheet('费用台账').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')).join('|'));
    expect(ledger.filter((l) => l.includes(String(rows[i][key])) && l.includes('契税'))).toEqual([expect.stringContaining('|无法计算')]);
    // Beijing's rates are examples: the pane says so in the desk's words, the file only as a pointer.
    expect(r.warnings).toEqual([
      {
        zh: '专项维修资金用的是北京的示例费率，不是北京现行的费率。使用本费用台账前，请按北京现行通知确认费率（templates/fees/maintenance-fund.json）。',
        en: "The maintenance fund uses example rates for Beijing, not Beijing's rates in force. Confirm them against Beijing's current notice before the fee ledger is used (templates/fees/maintenance-fund.json).",
      },
    ]);
  });

  it('lists the register’s warnings in the columns the fees read (a 保证金比例 of 60%) after the errors, by cell', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const h = sample.headers;
    const ratio = h.indexOf('保证金比例');
    const rows = sample.rows.map((r) => [...r]);
    rows[2][ratio] = 60;
    fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const warned = r.problems.filter((p) => p.severity === 'warning');
    expect(warned.map((p) => [p.code, `${p.location.sheet}!${p.location.column}${p.location.row}`, p.message.zh])).toEqual([['DEPOSIT_RATIO', `Sheet1!${columnLetter(ratio + 1)}4`, '保证金比例 60% 不在 0 到 50% 之间']]);
    expect(warned[0].message.en).toBe('Deposit ratio 60% is not between 0 and 50%');
    // After the errors.
    expect(r.problems.findIndex((p) => p.severity === 'warning')).toBe(r.problems.length - 1);
  });

  it('a 保证金比例 of -10% is an error at its cell and the 按揭保证金 line is 无法计算, as anjie fees says: no −¥ deposit off the sheet’s 合计', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const h = sample.headers;
    const [ratio, loan, key] = ['保证金比例', '商贷金额', '房号编码'].map((x) => h.indexOf(x));
    const rows = sample.rows.map((r) => [...r]);
    const i = rows.findIndex((r) => Number(r[loan]) > 0);
    rows[i][ratio] = '-10%';
    fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const flagged = r.problems.filter((p) => p.code === 'DEPOSIT_RATIO');
    expect(flagged.map((p) => [p.severity, `${p.location.sheet}!${p.location.column}${p.location.row}`, p.message.zh])).toEqual([['error', `Sheet1!${columnLetter(ratio + 1)}${i + 2}`, '保证金比例 -10% 不能为负数']]);
    const deposits = fake.sheet('按揭保证金').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')).join('|'));
    expect(deposits.filter((l) => l.includes(`|${rows[i][key]}|`))).toEqual([expect.stringContaining('|无法计算：保证金比例 -10% 不能为负数')]);
    expect(fake.sheet('按揭保证金').rows.flat().filter((c) => c && typeof c.v === 'number' && c.v < 0)).toEqual([]);
  });

  it('a 按揭保证金 it cannot compute (a bank off the list with no ratio of its own, a -10% ratio) is in the problem list at the cell to correct, as anjie fees says, and its sheet counts it outside the 合计', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const h = sample.headers;
    const [bank, ratio, loan, key, project] = ['贷款银行', '保证金比例', '商贷金额', '房号编码', '项目'].map((x) => h.indexOf(x));
    const rows = sample.rows.map((r) => [...r]);
    const i = rows.findIndex((r) => Number(r[loan]) > 0);
    const j = rows.findIndex((r, k) => k > i && Number(r[loan]) > 0);
    rows[i][bank] = '建设银行';
    rows[i][ratio] = '';
    rows[j][ratio] = '-10%';
    fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const deposits = r.problems.filter((p) => p.code === 'DEPOSIT_NOT_COMPUTED');
    // Located by sheet, row and column: the pane's list makes it a link to that cell.
    expect(deposits.map((p) => [p.severity, `${p.location.sheet}!${p.location.column}${p.location.row}`, p.location.columnHeader, p.message.zh])).toEqual([
      ['error', `Sheet1!${columnLetter(bank + 1)}${i + 2}`, '贷款银行', `${rows[i][project]} ${rows[i][key]} 按揭保证金无法计算：贷款银行「建设银行」不在银行列表中，无法确定保证金比例`],
      ['error', `Sheet1!${columnLetter(ratio + 1)}${j + 2}`, '保证金比例', `${rows[j][project]} ${rows[j][key]} 按揭保证金无法计算：保证金比例 -10% 不能为负数`],
    ]);
    const sheet = fake.sheet('按揭保证金').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')));
    const header = sheet.findIndex((x) => x[0] === '序号');
    const data = sheet.slice(header + 1).filter((x) => /^\d+$/.test(x[0]));
    const withDeposit = data.filter((x) => x[sheet[header].indexOf('保证金金额')] !== '');
    expect(data.length - withDeposit.length).toBe(2);
    expect(sheet.some((x) => x[0] === `合计（${withDeposit.length}户）`)).toBe(true);
    expect(sheet.slice(0, header).find((x) => x[0] === '无法计算：')?.[1]).toBe('2 项未计入合计，见比例来源为“无法计算”的行');
  });

  it('a register without the 已收维修资金 column: every 维修资金 is 无法计算 and nobody is called for it, said once at the header, as anjie fees does', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const drop = sample.headers.indexOf('已收维修资金');
    const without = (r: readonly unknown[]) => r.filter((_, k) => k !== drop);
    fake.seed('Sheet1', { row: 0, col: 0 }, [without(sample.headers), ...sample.rows.map(without)] as never);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const missing = r.problems.filter((p) => p.code === 'FEE_COLUMN_MISSING');
    expect(missing.map((p) => [`${p.location.sheet}!${p.location.row}`, p.message.zh])).toEqual([
      ['Sheet1!1', '台账没有「已收维修资金」列：12 项专项维修资金无法与已收核对，状态为“无法计算”，未计入合计，也不在少收/多收名单上'],
    ]);
    const ledger = fake.sheet('费用台账').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')).join('|'));
    expect(ledger.filter((l) => l.includes('|专项维修资金|'))).toHaveLength(12);
    expect(ledger.filter((l) => l.includes('|专项维修资金|')).every((l) => l.includes('|无法计算'))).toBe(true);
    const calls = fake.sheet('少收名单').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')).join('|'));
    expect(calls.some((l) => l.includes('专项维修资金'))).toBe(false);
  });

  it('a 备案日期 or 商贷放款日期 after today: DATE_FUTURE at the cell, and no fee or deposit charged from it, as anjie fees --today says', async () => {
    // Noon in Shanghai on 2026-11-25: the pane's today.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T04:00:00Z'));
    try {
      const fake = new FakeExcel();
      const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
      const h = sample.headers;
      const [filed, credited, loan, usage, key, project] = ['备案日期', '商贷放款日期', '商贷金额', '用途', '房号编码', '项目'].map((x) => h.indexOf(x));
      const collected = ['已收契税', '已收维修资金', '已收登记费'].map((x) => h.indexOf(x));
      const rows = sample.rows.map((r) => [...r]);
      // A home filed on 2026-12-01 with nothing collected: read as filed, its buyer was called for every fee.
      const i = rows.findIndex((r) => r[usage] === '住宅');
      rows[i][filed] = '2026-12-01';
      for (const c of collected) rows[i][c] = '';
      // A commercial loan dated credited on 2026-11-30: read as credited, its deposit was held by the bank already.
      const j = rows.findIndex((r, k) => k !== i && Number(r[loan]) > 0);
      rows[j][credited] = '2026-11-30';
      fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
      const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
      const at = (code: string) => r.problems.filter((p) => p.code === code).map((p) => `${p.location.sheet}!${p.location.column}${p.location.row} ${p.message.zh}`);
      const [filedAt, creditedAt] = [`Sheet1!${columnLetter(filed + 1)}${i + 2}`, `Sheet1!${columnLetter(credited + 1)}${j + 2}`];
      expect(at('DATE_FUTURE')).toEqual([`${filedAt} 日期 2026-12-01 晚于今天（2026-11-25）`, `${creditedAt} 日期 2026-11-30 晚于今天（2026-11-25）`]);
      const unit = `${rows[i][project]} ${rows[i][key]}`;
      expect(at('FEE_NOT_COMPUTED')).toEqual(
        ['契税', '专项维修资金', '登记费（含工本费）'].map((fee) => `${filedAt} ${unit} ${fee}无法计算：备案日期 2026-12-01 晚于今天（2026-11-25），不能判断是否已到收取，请改正该单元格`),
      );
      expect(at('DEPOSIT_NOT_COMPUTED')).toEqual([`${creditedAt} ${rows[j][project]} ${rows[j][key]} 按揭保证金无法计算：商贷放款日期 2026-11-30 晚于今天（2026-11-25），不能判断银行是否已扣存保证金`]);
      expect(r.underpaid.map((u) => u.unitKey)).not.toContain(rows[i][key]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a 保证金退还日期 it cannot read (下周): BAD_DATE at the cell once, and the deposit 无法计算 there, not held by the bank, as anjie fees says', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const h = sample.headers;
    const [refunded, credited, loan, key, project] = ['保证金退还日期', '商贷放款日期', '商贷金额', '房号编码', '项目'].map((x) => h.indexOf(x));
    const rows = sample.rows.map((r) => [...r]);
    // A credited loan: its deposit would count as held (未退) with the refund date read as blank.
    const i = rows.findIndex((r) => Number(r[loan]) > 0 && r[credited]);
    rows[i][refunded] = '下周';
    fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const cell = `Sheet1!${columnLetter(refunded + 1)}${i + 2}`;
    const there = r.problems.filter((p) => `${p.location.sheet}!${p.location.column}${p.location.row}` === cell);
    expect(there.map((p) => [p.code, p.message.zh])).toEqual([
      ['DEPOSIT_NOT_COMPUTED', `${rows[i][project]} ${rows[i][key]} 按揭保证金无法计算：保证金退还日期无法识别，不能判断保证金是否已退还`],
      ['BAD_DATE', expect.stringContaining('日期无法识别')],
    ]);
    const deposits = fake.sheet('按揭保证金').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')).join('|'));
    expect(deposits.filter((l) => l.includes(`|${rows[i][key]}|`))).toEqual([expect.stringContaining('|无法计算：保证金退还日期无法识别，不能判断保证金是否已退还')]);
  });

  it('a 保证金退还日期 before the 商贷放款日期: the deposit is 无法计算 at the refund date, listed once, outside the sheet’s 合计, as anjie fees says', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const h = sample.headers;
    const [refunded, credited, loan, key, project] = ['保证金退还日期', '商贷放款日期', '商贷金额', '房号编码', '项目'].map((x) => h.indexOf(x));
    const rows = sample.rows.map((r) => [...r]);
    // A credited loan refunded a day before its credit: the sheet showed its deposit refunded, in the 合计.
    const i = rows.findIndex((r) => Number(r[loan]) > 0 && r[credited]);
    // Dates as Excel holds them, days since 1899-12-30.
    const day = (serial: number) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
    const serial = Number(rows[i][credited]);
    rows[i][refunded] = serial - 1;
    const [credit, before] = [day(serial), day(serial - 1)];
    fake.seed('Sheet1', { row: 0, col: 0 }, [h, ...rows]);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    const cell = `Sheet1!${columnLetter(refunded + 1)}${i + 2}`;
    const why = `保证金退还日期 ${before} 早于商贷放款日期 ${credit}：银行放款时才扣存保证金，不能判断保证金是否已退还`;
    expect(r.problems.filter((p) => `${p.location.sheet}!${p.location.column}${p.location.row}` === cell).map((p) => [p.code, p.message.zh])).toEqual([
      ['DEPOSIT_NOT_COMPUTED', `${rows[i][project]} ${rows[i][key]} 按揭保证金无法计算：${why}`],
    ]);
    const sheet = fake.sheet('按揭保证金').rows.map((x) => (x ?? []).map((c) => (c ? String(c.v) : '')));
    expect(sheet.filter((l) => l.includes(String(rows[i][key]))).map((l) => l.join('|'))).toEqual([expect.stringContaining(`|无法计算：${why}`)]);
    expect(sheet.find((x) => x[0] === '无法计算：')?.[1]).toBe('1 项未计入合计，见比例来源为“无法计算”的行');
  });

  it('a register without the 贷款银行 column: the 按揭保证金 it leaves 无法计算 are one line at the header in the problem list, not one per unit’s row, as anjie fees says', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const [drop, ratio, loan] = ['贷款银行', '保证金比例', '商贷金额'].map((x) => sample.headers.indexOf(x));
    // No ratio of their own either: the bank's would be the one to take.
    const rows = sample.rows.map((r) => r.map((v, k) => (k === ratio ? '' : v)));
    const loans = rows.filter((r) => Number(r[loan]) > 0).length;
    const without = (r: readonly unknown[]) => r.filter((_, k) => k !== drop);
    fake.seed('Sheet1', { row: 0, col: 0 }, [without(sample.headers), ...rows.map(without)] as never);
    const r = await computeFees(memoryHost(fake), { city: 'beijing', lang: 'zh' });
    expect(r.problems.filter((p) => p.code === 'COLUMN_MISSING').map((p) => `${p.location.sheet}!${p.location.row}`)).toEqual(['Sheet1!1']);
    expect(r.problems.filter((p) => p.code === 'DEPOSIT_NOT_COMPUTED').map((p) => [`${p.location.sheet}!${p.location.column ?? ''}${p.location.row}`, p.message.zh])).toEqual([
      ['Sheet1!1', `${loans} 项按揭保证金无法计算：贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例；未计入按揭保证金表的合计，各户见该表比例来源为“无法计算”的行`],
    ]);
    const why = fake.sheet('按揭保证金').rows.flatMap((x) => (x ?? []).map((c) => (c ? String(c.v) : ''))).filter((v) => v.startsWith('无法计算：贷款银行'));
    expect(why).toEqual(Array(loans).fill('无法计算：贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例'));
  });

  it('says which contracts the example rates are for when the city has rules of several dates', () => {
    const rules = feeRules();
    const beijing = rules.maintenanceFund.cities.find((c) => c.id === 'beijing')!;
    const cities = [
      { ...beijing, ruleId: 'maintenance-fund-beijing-2010', effectiveTo: '2019-12-31' },
      { ...beijing, ruleId: 'maintenance-fund-beijing-2020', example: false, effectiveFrom: '2020-01-01' },
    ];
    const dated = { ...rules, maintenanceFund: { ...rules.maintenanceFund, cities } };
    const w = exampleRatesWarning(dated, 'beijing', 'maintenance-fund-beijing-2010');
    expect(w.zh).toMatch(/^2010-01-01 至 2019-12-31 签约的房屋，专项维修资金用的是北京的示例费率/);
    expect(w.en).toMatch(/^The maintenance fund of contracts signed from 2010-01-01 to 2019-12-31 uses example rates for Beijing/);
  });

  it('lists each city once', () => {
    const ids = feeCities().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
