import { describe, expect, it } from 'vitest';
import { readTitleSearchSheet, validateTitleSearch } from '../../domain/titleSearch';
import { loadSheetDescription } from '../../pipeline/render/templates';
import { makeUnit } from '../templates/helpers';

/**
 * The 金额 of a 查册表's 权利限制 as a specialist types it from the registry's certificate, which
 * states 债权数额 in figures (70万元) or in words (人民币柒拾万元整).
 */
const description = loadSheetDescription('title-search');
const pastMortgage = { signed: '2026-01-05', filed: '2026-01-08', docsComplete: '2026-01-15', sentToBank: '2026-01-20', bankInterview: '2026-01-25', approved: '2026-02-01', mortgageRegistered: '2026-02-10' };
const unit = makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage });

/** A filled-in sheet of unit 3-2-1501 with one 抵押 to the lending bank, its 金额 as typed; the table's row is sheet row 4. */
function sheet(amount: string | number) {
  const grid = [
    ['房号：', '3-2-1501'],
    ['查册日期：', '2026-02-12'],
    ['序号', '权利/限制类型', '权利人/申请人', '金额', '登记证明号', '登记日期'],
    [1, '抵押', '中国工商银行股份有限公司广州天河支行', amount, 'DY-1', '2026-02-10'],
    ['结论：', '正常'],
    ['查册人：', '李四'],
    ['复核人：', '王经理'],
  ];
  const record = readTitleSearchSheet('3-2-1501', grid, description)!;
  return { record, issues: validateTitleSearch(record, unit) };
}

describe('查册表 金额 typed as the certificate states it', () => {
  it('reads 整 after 元 and the amount in words (大写) as the exact amount, and the loan of ¥700,000.00 matches it: no issue', () => {
    for (const typed of ['70万元整', '70万元正', '700000元整', '人民币700,000.00元整', '人民币柒拾万元整', '柒拾万元整', '人民币柒拾万元正', '人民币 柒拾万元 整', '人民币柒拾万圆整', '人民币柒拾万元']) {
      const { record, issues } = sheet(typed);
      expect(record.encumbrances[0].amount?.toFixed(2), typed).toBe('700000.00');
      expect(issues, typed).toEqual([]);
    }
  });

  it('reads words with 角 and 分 to the fen: 人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分 is ¥1,234,567.89, and differs from the loan', () => {
    const { record, issues } = sheet('人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    expect(record.encumbrances[0].amount?.toFixed(2)).toBe('1234567.89');
    expect(issues.map((i) => [i.code, i.message.zh])).toEqual([['TS_MORTGAGE_AMOUNT', '3-2-1501 抵押金额 ¥1,234,567.89 与贷款金额 ¥700,000.00 不一致']]);
  });

  it('refuses words that are no amount by the rules (a typo) rather than reading another amount: 柒万拾元整 is not ¥70,010', () => {
    for (const typed of ['柒万拾元整', '人民币元整', '七十万元整']) {
      const { record, issues } = sheet(typed);
      expect(record.encumbrances[0].amount, typed).toBeNull();
      expect(issues.map((i) => [i.code, `${i.location.column}${i.location.row}`, i.message.zh]), typed).toEqual([['TS_UNREADABLE', 'D4', `3-2-1501 金额「${typed}」无法识别为金额`]]);
    }
  });
});
