/**
 * A mortgage typed in the registry's wording (抵押权, 抵押登记, or the bank's 抵押权预告登记 on a
 * unit not yet first-registered, pasted past the dropdown) is checked as the dropdown's 抵押 is:
 * a mortgagee that is not the lending bank, or an amount unlike the loan, is a warning, in the pane
 * and in `anjie title-search --searches` alike. A mortgage released, or the buyer's 预告登记, is not.
 */
import { describe, expect, it } from 'vitest';
import type { FakeSheet } from '../../addin/host/fake/fakeExcel';
import { loadRegister } from '../../addin/services/actions';
import { validateTitleSearch } from '../../addin/services/titleSearch';
import { sheetDescription } from '../../addin/services/templates';
import { readTitleSearchSheet } from '../../domain/titleSearch';
import { buildTitleSearchSheets } from '../../pipeline/commands/titleSearch';

import { fillSearch, labelRow, paneWithSearchSheets } from './titleSearchPane';

/** A finished search listing one encumbrance: type, holder, amount. */
function search(s: FakeSheet, encumbrance: [string, string, string]) {
  fillSearch(s, { date: 46346 /* 2026-11-19 */, conclusion: '正常', searcher: '陈晓', reviewer: '林静' });
  encumbrance.forEach((v, c) => (s.ensure(labelRow(s, '序号') + 1, c + 1).v = v));
}

describe('a mortgage typed in the registry’s wording', () => {
  it('is checked for its mortgagee and amount as 抵押 is, in the pane and the CLI; 抵押注销 and the buyer’s 预告登记 are not', async () => {
    const { fake, host } = await paneWithSearchSheets();
    const reg = await loadRegister(host, {}, '2026-11-23');
    // Units with a commercial loan only, so the mortgagee is their bank and the amount their 商贷金额.
    const [a, b, c, d] = reg.units.filter((u) => u.loanType === 'commercial' && fake.state.sheets.some((s) => s.name === u.unitKey));
    search(fake.sheet(a.unitKey), ['抵押权', '某某小额贷款有限公司', '50万']);
    search(fake.sheet(b.unitKey), ['抵押权预告登记', '某某小额贷款有限公司', '50万']);
    search(fake.sheet(c.unitKey), ['抵押注销', '某某小额贷款有限公司', '50万']);
    search(fake.sheet(d.unitKey), ['预告登记', d.buyers[0].name, '']);

    const v = await validateTitleSearch(host, 'zh');
    const flagged = (unitKey: string) => v.issues.filter((i) => i.location.sheet === unitKey).map((i) => i.code).sort();
    expect(flagged(a.unitKey)).toEqual(['TS_MORTGAGEE', 'TS_MORTGAGE_AMOUNT']);
    expect(flagged(b.unitKey)).toEqual(['TS_MORTGAGEE', 'TS_MORTGAGE_AMOUNT']);
    expect(flagged(c.unitKey)).toEqual([]);
    expect(flagged(d.unitKey)).toEqual([]);
    const mortgagee = v.issues.find((i) => i.location.sheet === a.unitKey && i.code === 'TS_MORTGAGEE')!;
    expect(mortgagee.message.zh).toBe(`${a.unitKey} 抵押权人「某某小额贷款有限公司」不是贷款银行「${a.bank}」`);

    // anjie title-search --searches reads the same sheets the same way.
    const records = fake.state.sheets.flatMap((s) => readTitleSearchSheet(s.name, s.rows.map((r) => (r ?? []).map((x) => x?.v ?? '')), sheetDescription('title-search')) ?? []);
    const lines = buildTitleSearchSheets(reg.units, records).lines;
    const status = (unitKey: string) => lines.find((l) => l.unit.unitKey === unitKey)!.status;
    expect([a, b, c, d].map((u) => status(u.unitKey))).toEqual(['problems', 'problems', 'done', 'done']);
  });
});
