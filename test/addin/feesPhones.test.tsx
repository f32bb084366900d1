import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { computeFees } from '../../addin/services/fees';
import { AnjieProvider } from '../../addin/ui/context';
import FeesPanel from '../../addin/ui/panels/FeesPanel';
import { buildFeeSheets } from '../../pipeline/commands/fees';
import { loadRegister } from '../../addin/services/actions';

/**
 * 少收名单 masks buyers' phones unless the person asks, for this run, to see them in full
 * (显示完整电话): the desk calls those buyers. Asked, the phones are written on 少收名单 only, and
 * its title says the sheet holds personal data. `anjie fees --show-pii` writes the same.
 */
function workbook() {
  // Collected at Beijing's rates, computed at Guangzhou's: some underpaid, some overpaid.
  const sample = sampleRegister({ units: 40, asOf: '2026-11-23', collectFeesFor: 'beijing' });
  const phoneCol = sample.headers.indexOf('联系电话1');
  expect(phoneCol).toBeGreaterThanOrEqual(0);
  const rows = sample.rows.map((r, i) => {
    const row = [...r];
    row[phoneCol] = `1380013${String(1000 + i).padStart(4, '0')}`;
    return row;
  });
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
  return { fake, host: memoryHost(fake) };
}

function cells(fake: FakeExcel, sheet: string): string[] {
  return fake.sheet(sheet).rows.flatMap((r) => (r ?? []).map((c) => (c ? String(c.v) : '')));
}
const FULL = /^1380013\d{4}$/;
const MASKED = /^138\*{4}\d{4}$/;

describe('费用: full phone numbers on 少收名单 only when asked for this run', () => {
  it('masks them by default, and writes them in full with showPhones, on 少收名单 only, saying so in its title', async () => {
    const { fake, host } = workbook();
    const masked = await computeFees(host, { city: 'guangzhou', lang: 'zh' });
    expect(masked.underpaid.length).toBeGreaterThan(0);
    expect(masked.overpaid).toBeGreaterThan(0);
    const under = cells(fake, '少收名单');
    expect(under.filter((v) => MASKED.test(v)).length).toBe(masked.underpaid.length);
    expect(under.some((v) => FULL.test(v))).toBe(false);
    expect(under.join('\n')).not.toContain('个人信息');

    const shown = await computeFees(host, { city: 'guangzhou', lang: 'zh', showPhones: true });
    const underNow = cells(fake, '少收名单');
    expect(underNow.filter((v) => FULL.test(v)).length).toBe(shown.underpaid.length);
    expect(String(fake.sheet('少收名单').cell(0, 0)?.v)).toBe('少收费用通知名单（请通知买受人补交）（含完整电话号码，属个人信息，仅供通知买受人，请勿外传）');
    // 多收名单 is no call list: still masked, no note.
    const over = cells(fake, '多收名单');
    expect(over.some((v) => FULL.test(v))).toBe(false);
    expect(over.filter((v) => MASKED.test(v)).length).toBe(shown.overpaid);
    expect(over.join('\n')).not.toContain('个人信息');

    // The next run without the choice masks them again.
    await computeFees(host, { city: 'guangzhou', lang: 'zh' });
    expect(cells(fake, '少收名单').some((v) => FULL.test(v))).toBe(false);
  });

  it('says it in English on an English sheet', async () => {
    const { fake, host } = workbook();
    await computeFees(host, { city: 'guangzhou', lang: 'en', showPhones: true });
    expect(String(fake.sheet('Underpaid').cell(0, 0)?.v)).toContain('(full phone numbers: personal data, only for calling the buyers; do not pass on)');
  });

  it('the fee panel offers the choice, off by default, Chinese first', () => {
    const render = (lang: 'zh' | 'en') =>
      renderToString(
        <AnjieProvider host={memoryHost(new FakeExcel())} initialLang={lang}>
          <FeesPanel />
        </AnjieProvider>,
      );
    const zh = render('zh');
    expect(zh).toContain('data-testid="fees-show-phones"');
    expect(zh).toContain('显示完整电话');
    expect(zh).not.toMatch(/data-testid="fees-show-phones"[^>]*checked/);
    expect(render('en')).toContain('Show full phone numbers');
  });

  it('anjie fees --show-pii writes the same sheets as the pane: full phones on 少收名单 only', async () => {
    const { host } = workbook();
    const units = (await loadRegister(host, {}, '2026-11-23')).units;
    const run = buildFeeSheets(units, { city: 'guangzhou', showPii: true });
    const [, under, over] = run.layouts;
    const flat = (l: (typeof run.layouts)[number]) => l.values.flat().map((v) => (v === null ? '' : String(v)));
    expect(flat(under).filter((v) => FULL.test(v)).length).toBe(run.ledger.underpaid.length);
    expect(String(under.values[0][0])).toContain('含完整电话号码');
    expect(flat(over).some((v) => FULL.test(v))).toBe(false);
  });
});
