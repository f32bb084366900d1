import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, toChineseUppercase } from '../../domain/money';
import { readBack } from '../../domain/sheets/carryOver';
import { readTitleSearchSheet, readTypedAmount, titleSearchSheet, validateTitleSearch } from '../../domain/titleSearch';
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

  it('reads the amount in lowercase numerals and in words without 元 after 万, as people write them: no issue against the loan of ¥700,000.00', () => {
    for (const typed of ['七十万元', '七十万元整', '七十万元正', '人民币七十万元', '人民币 七十万元整', '七十万', '柒拾万', '人民币柒拾万', '柒拾万圆']) {
      const { record, issues } = sheet(typed);
      expect(record.encumbrances[0].amount?.toFixed(2), typed).toBe('700000.00');
      expect(issues, typed).toEqual([]);
    }
  });

  it('reads 零, 两, a leading 十, 〇, 角 and 分 in lowercase as the amount they state, and compares it with the loan', () => {
    const cases: [string, string][] = [
      ['一百零九万元整', '1090000.00'],
      ['一百〇九万元', '1090000.00'],
      ['壹佰零玖万', '1090000.00'],
      ['人民币一百二十万元', '1200000.00'],
      ['两百万元', '2000000.00'],
      ['二百万', '2000000.00'],
      ['十二万', '120000.00'],
      ['人民币十万元整', '100000.00'],
      ['二十万两千元', '202000.00'],
      ['七十万零五百元', '700500.00'],
      ['六十九万九千九百九十九元五角', '699999.50'],
      ['六十九万九千九百九十九元零五分', '699999.05'],
    ];
    for (const [typed, yuan] of cases) {
      const { record, issues } = sheet(typed);
      expect(record.encumbrances[0].amount?.toFixed(2), typed).toBe(yuan);
      expect(issues.map((i) => i.code), typed).toEqual(['TS_MORTGAGE_AMOUNT']);
    }
  });

  it('reads every amount written in words by the rules back as itself in lowercase too, with 两 for 2 before 百/千/万 and a leading 十 for 壹拾', () => {
    const lower: Record<string, string> = { 零: '零', 壹: '一', 贰: '二', 叁: '三', 肆: '四', 伍: '五', 陆: '六', 柒: '七', 捌: '八', 玖: '九', 拾: '十', 佰: '百', 仟: '千' };
    const yuanOfFen = fc.bigInt({ min: 1n, max: 10n ** 13n - 1n }).map((fen) => new Money(fen.toString()).div(100));
    fc.assert(
      fc.property(yuanOfFen, (value) => {
        const upper = toChineseUppercase(value);
        const lowercase = upper.replace(/[零壹贰叁肆伍陆柒捌玖拾佰仟]/g, (c) => lower[c]);
        const spoken = lowercase.replace(/二(?=[百千万亿])/g, '两').replace(/^人民币一十/, '人民币十');
        for (const typed of [upper, lowercase, spoken]) expect(readTypedAmount(typed)?.toFixed(2), typed).toBe(value.toFixed(2));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses lowercase words that break the rules, or mix lowercase and uppercase, rather than guess the amount', () => {
    // 七万十元: 十 with nothing before it after 万 (¥70,010 is 七万零一十元); 一百十万 lacks the 一 of 一十;
    // 七十万整: 整 needs 元; 一万五: the spoken 15,000 or 10,005 (一万零五); 两十万: no one writes it for 二十万;
    // 柒十万: uppercase and lowercase mixed; 七十: no 元 and no 万; 七〇万: digit by digit (70万), not words.
    for (const typed of ['七万十元', '一百十万元', '七十万整', '一万五', '一万五千五', '两十万', '柒十万元', '七拾万', '七十', '七十万元角', '约七十万元', '七十万元整整', '七〇万', '一〇九万元']) {
      const { record, issues } = sheet(typed);
      expect(record.encumbrances[0].amount, typed).toBeNull();
      expect(issues.map((i) => [i.code, i.message.zh]), typed).toEqual([['TS_UNREADABLE', `3-2-1501 金额「${typed}」无法识别为金额`]]);
    }
    // a typo in uppercase without 元 stays refused: 柒万拾 is not ¥70,010
    expect(sheet('柒万拾万').record.encumbrances[0].amount).toBeNull();
    expect(sheet('柒万拾').record.encumbrances[0].amount).toBeNull();
  });

  it('a lowercase amount written again stays as typed', () => {
    const layout = titleSearchSheet(unit, sheet('七十万元').record, description, { lang: 'zh' });
    expect(readBack(layout.values.find((r) => r[1] === '抵押')![3])).toBe('七十万元');
  });

  it('refuses words that are no amount by the rules (a typo) rather than reading another amount: 柒万拾元整 is not ¥70,010', () => {
    for (const typed of ['柒万拾元整', '人民币元整', '七万十元整', '七万十元']) {
      const { record, issues } = sheet(typed);
      expect(record.encumbrances[0].amount, typed).toBeNull();
      expect(issues.map((i) => [i.code, `${i.location.column}${i.location.row}`, i.message.zh]), typed).toEqual([['TS_UNREADABLE', 'D4', `3-2-1501 金额「${typed}」无法识别为金额`]]);
    }
    // and says what it can read
    expect(sheet('柒万拾元整').issues[0].fix).toEqual({ zh: '请写成 700000.00、70万元 或 人民币柒拾万元整 这样的金额。', en: 'Write an amount such as 700000.00, 70万元 or 人民币柒拾万元整.' });
  });
});

describe('查册表 金额 that no encumbrance has', () => {
  const found = (typed: string | number) => sheet(typed).issues.map((i) => [i.severity, i.code, `${i.location.sheet}!${i.location.column}${i.location.row}`, i.message.zh, i.message.en]);

  it('refuses a negative amount at its cell, in Chinese and English, instead of taking it (nor compares it with the loan)', () => {
    expect(found('-70万')).toEqual([['error', 'TS_UNREADABLE', '3-2-1501!D4', '3-2-1501 金额「-70万」为负数，权利限制的金额不能为负', '3-2-1501: 金额 (amount) "-70万" is negative; an encumbrance\'s amount cannot be']]);
    for (const typed of ['-700000', '(700,000.00)', '人民币负柒拾万元整', '-70万元整', -700000]) {
      expect(sheet(typed).record.encumbrances[0].amount, String(typed)).toBeNull();
      expect(found(typed).map((f) => f.slice(1, 4)), String(typed)).toEqual([['TS_UNREADABLE', '3-2-1501!D4', `3-2-1501 金额「${typed}」为负数，权利限制的金额不能为负`]]);
    }
    expect(sheet('-70万').issues[0].fix?.zh).toBe('请按证书填写金额，不带负号，如 700000.00 或 70万元。');
  });

  it('refuses an amount with a fraction of a fen, saying what it reads as, rather than rounding it to the fen', () => {
    // 70.1234567万 = 701,234.567 yuan: 0.7 of a fen over ¥701,234.56.
    expect(found('70.1234567万')).toEqual([['error', 'TS_UNREADABLE', '3-2-1501!D4', '3-2-1501 金额「70.1234567万」即 701234.567 元，有不足一分的尾数', '3-2-1501: 金额 (amount) "70.1234567万" is 701234.567 yuan, with a fraction of a fen']]);
    expect(sheet('70.1234567万').record.encumbrances[0].amount).toBeNull();
    expect(found(700000.001).map((f) => f[3])).toEqual(['3-2-1501 金额「700000.001」即 700000.001 元，有不足一分的尾数']);
    // to the fen is an amount: 70.123456万 is ¥701,234.56, not the loan
    expect(sheet('70.123456万').issues.map((i) => i.code)).toEqual(['TS_MORTGAGE_AMOUNT']);
    // A formula's result carries binary noise Excel does not show (=0.7*1000000+1E-10 is 700000.0000000001,
    // displayed ¥700,000.00): the cell holds ¥700,000.00 as Excel's 15 significant digits say, no fraction of a fen.
    const noisy = 700000.0000000001;
    expect(String(noisy)).toBe('700000.0000000001');
    expect(found(noisy)).toEqual([]);
    expect(sheet(noisy).record.encumbrances[0].amount?.toFixed()).toBe('700000');
    // zero is no negative
    expect(sheet('0').record.encumbrances[0].amount?.toFixed(2)).toBe('0.00');
  });
});

describe('查册表 金额 written again', () => {
  /** The 金额 cell of the 抵押 row of the sheet written again from the read-back, as Excel then holds it. */
  const rewritten = (typed: string | number) => {
    const layout = titleSearchSheet(unit, sheet(typed).record, description, { lang: 'zh' });
    return readBack(layout.values.find((r) => r[1] === '抵押')![3]);
  };

  it('keeps the certificate’s wording as typed (its value still checked), as it keeps what is no amount', () => {
    for (const typed of ['70万', '70万元整', '人民币柒拾万元整', '-70万', '70.1234567万', '约70万']) expect(rewritten(typed), typed).toBe(typed);
  });

  it('writes a number as the number it was, refused or not (never rounded), and plain figures typed as text as that number', () => {
    expect(rewritten(700000)).toBe(700000);
    expect(rewritten('700000.00')).toBe(700000);
    expect(rewritten(-700000)).toBe(-700000);
    expect(rewritten(700000.001)).toBe(700000.001);
  });
});
