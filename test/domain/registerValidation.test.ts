import { describe, expect, it } from 'vitest';
import type { RawCell } from '../../domain/registerValidation/parse';
import { validateRegister } from '../../domain/registerValidation/validate';
import { description, issuesOf, registerSheet, validated } from './registerRows';

describe('register validation: buyers’ ID numbers', () => {
  it('a clean row has no issues', () => {
    expect(issuesOf([{}])).toEqual([]);
  });

  it('a legacy 15-digit ID number is a warning at its cell, masked, not passed silently', () => {
    expect(issuesOf([{ buyer1IdNumber: '110105491231002' }])).toEqual([
      'warning ID_LEGACY K2: 身份证号 110105*****1002：15 位旧身份证号，没有校验位，请核对或换用 18 位号码',
    ]);
  });
});

describe('register validation: ID numbers stored as numbers', () => {
  it('an 18-digit one has lost its last digits (Excel keeps 15); a 15-digit one is whole and checked as typed', () => {
    expect(issuesOf([{ buyer1IdNumber: 110105194912310000 }, { buyer1IdNumber: 110105491231002 }])).toEqual([
      'error ID_AS_NUMBER K2: 证件号码被存成了数字，末几位可能已丢失',
      'warning ID_LEGACY K3: 身份证号 110105*****1002：15 位旧身份证号，没有校验位，请核对或换用 18 位号码',
    ]);
  });

  it('one pasted as the text Excel showed for it (1.10105E+17) is said to have been a number', () => {
    expect(issuesOf([{ buyer1IdNumber: '1.10105E+17' }])).toEqual(['error ID_AS_NUMBER K2: 证件号码被存成了数字，末几位可能已丢失']);
  });
});

describe('register validation: buyers 3 and 4 (no ID-type column)', () => {
  it('an ID problem of buyer 3 is at buyer 3’s column also when buyer 2 is blank', () => {
    expect(issuesOf([{ buyer3Name: '李四', buyer3IdNumber: '110105194912310021' }])).toEqual([
      'error ID_CHECKSUM Q2: 身份证号 110105********0021 无效：身份证号校验位不对：末位应为 X，实为 1（可能有数字录错）',
    ]);
  });

  it('check an ID number that looks like a resident ID also when typed with spaces or full-width digits', () => {
    expect(issuesOf([{ buyer3Name: '李四', buyer3IdNumber: '110105 19491231 0021' }, { buyer4Name: '李四', buyer4IdNumber: '１１０１０５１９４９１２３１００２１' }])).toEqual([
      'error ID_CHECKSUM Q2: 身份证号 110105********0021 无效：身份证号校验位不对：末位应为 X，实为 1（可能有数字录错）',
      'error ID_CHECKSUM S3: 身份证号 110105********0021 无效：身份证号校验位不对：末位应为 X，实为 1（可能有数字录错）',
    ]);
  });

  it('leave a passport number alone', () => {
    expect(issuesOf([{ buyer3Name: 'SMITH JOHN', buyer3IdNumber: 'E12345678' }])).toEqual([]);
  });
});

describe('register validation: masked ID messages', () => {
  it('a wrong birth date in an ID number is not shown when IDs are masked (it is what the mask hides)', () => {
    expect(issuesOf([{ buyer1IdNumber: '110105194913310020' }])).toEqual([
      'error ID_CHECKSUM K2: 身份证号 110105********0020 无效：身份证号中的出生日期 ******** 不存在',
    ]);
    expect(issuesOf([{ buyer1IdNumber: '110105194913310020' }], { showPii: true })).toEqual([
      'error ID_CHECKSUM K2: 身份证号 110105194913310020 无效：身份证号中的出生日期 19491331 不存在',
    ]);
  });

  it('a birth date after --today is refused as of that day, not as of the machine’s clock', () => {
    expect(issuesOf([{ buyer1IdNumber: '11010519491231002X', contractDate: '1949-12-01' }], { today: '1949-12-30' })).toEqual([
      'error ID_CHECKSUM K2: 身份证号 110105********002X 无效：身份证号中的出生日期 ******** 在今天之后',
    ]);
  });
});

describe('register validation: numbers typed with full-width digits', () => {
  it('reads 家庭住房套数 typed ２ (full-width, as the Chinese input method types it) as 二套, as it reads 2, not 无法识别 and the deed tax uncomputed', () => {
    const r = validated([{ householdHomes: '２' }, { householdHomes: '１' }, { householdHomes: 2 }]);
    expect(r.issues).toEqual([]);
    expect(r.units.map((u) => u.householdHomes)).toEqual([2, 1, 2]);
  });

  it('reads 建筑面积 １２０.５㎡, 保证金比例 １０％ and 贷款期限 ３６０ as 120.5, 10% and 360 months', () => {
    const r = validated([{ floorArea: '１２０.５㎡', depositRatio: '１０％', loanTermMonths: '３６０' }]);
    expect(r.issues).toEqual([]);
    const u = r.units[0];
    expect([u.floorArea?.toString(), u.depositRatio?.toString(), u.loanTermMonths]).toEqual(['120.5', '0.1', 360]);
  });
});

describe('register validation: a 建筑面积 typed with a comma', () => {
  it('reads 1,200.50 (commas grouping thousands) as 1200.5㎡, and refuses 88,5 (a decimal comma), not read as 885㎡ with 10 times the maintenance fund and the >140㎡ deed-tax rate', () => {
    const r = validated([{ floorArea: '1,200.50' }, { floorArea: '88,5' }, { floorArea: '88，50' }]);
    expect(r.units.map((u) => u.floorArea?.toString() ?? null)).toEqual(['1200.5', null, null]);
    expect(r.issues.map((i) => `${i.code} ${i.location.column}${i.location.row} ${i.message.zh}`)).toEqual(['BAD_NUMBER H3 不是数字：88,5', 'BAD_NUMBER H4 不是数字：88,50']);
    expect(r.units[1].unreadable).toEqual(['floorArea']);
  });
});

describe('register validation: a loan term written with its unit', () => {
  // The column is in months; a desk that writes the term as the bank's contract does (30年, 360个月)
  // means exactly that, so it is read, not refused. A term that is not whole months stays an error.
  it('reads 30年, 25 年, 360个月 and 240月 as months, and still refuses 30年半 and 约30年', () => {
    const r = validated([{ loanTermMonths: '30年' }, { loanTermMonths: '25 年' }, { loanTermMonths: '360个月' }, { loanTermMonths: '240月' }, { loanTermMonths: '30年半' }, { loanTermMonths: '约30年' }]);
    expect(r.units.map((u) => u.loanTermMonths)).toEqual([360, 300, 360, 240, null, null]);
    expect(r.issues.map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual(['BAD_NUMBER AE6', 'BAD_NUMBER AE7']);
  });
});

describe('register validation: areas and amounts that cannot be', () => {
  it('a floor area of zero or below is an error at its cell', () => {
    expect(issuesOf([{ floorArea: -5 }, { floorArea: '0' }])).toEqual([
      'error AREA_NOT_POSITIVE H2: 建筑面积 -5㎡ 应大于 0',
      'error AREA_NOT_POSITIVE H3: 建筑面积 0㎡ 应大于 0',
    ]);
  });

  it('a negative amount is an error even when the row adds up (首付 1,200,000 + 商贷 −200,000 = 总价 1,000,000)', () => {
    const loan = { loanType: '商业贷款', bank: '中国工商银行' };
    expect(issuesOf([{ ...loan, downPayment: 1200000, commercialLoan: -200000 }, { totalPrice: 0, downPayment: 0 }])).toEqual([
      'error NEGATIVE_AMOUNT AC2: 商贷金额 -¥200,000.00 不能为负数',
      'error PRICE_ZERO Y3: 合同总价 ¥0.00 应大于 0',
    ]);
  });
});

describe('register validation: amounts as people type them', () => {
  it('reads 109万, 109.35万元 and 1,090,000元 as yuan', () => {
    const r = validated([
      { totalPrice: '109万', downPayment: '1,090,000元' },
      { totalPrice: '109.35万元', downPayment: '１０９３５００' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.units.map((u) => [u.totalPrice?.toFixed(2), u.downPayment.toFixed(2)])).toEqual([
      ['1090000.00', '1090000.00'],
      ['1093500.00', '1093500.00'],
    ]);
  });
});

describe('register validation: amounts as contracts state them', () => {
  it('reads 元整 and the amount in words (人民币壹佰零玖万元整), as the 查册表 does, and refuses words that break the rules', () => {
    const r = validated([
      { totalPrice: '人民币壹佰零玖万元整', downPayment: '109万元整' },
      { totalPrice: '人民币壹佰零玖万叁仟伍佰元整', downPayment: '1,093,500.00元整' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.units.map((u) => [u.totalPrice?.toFixed(2), u.downPayment.toFixed(2)])).toEqual([
      ['1090000.00', '1090000.00'],
      ['1093500.00', '1093500.00'],
    ]);
    // 壹佰零玖万拾元整 has a 拾 with no digit before it: no amount by the rules, not ¥1,090,010.
    expect(validated([{ totalPrice: '壹佰零玖万拾元整' }]).issues.map((i) => [i.severity, i.code])).toEqual([['error', 'BAD_AMOUNT']]);
  });

  it('reads lowercase numerals (一百零九万元整, 两百万) and words without 元 (壹佰零玖万) as the 查册表 does, and refuses lowercase typos', () => {
    const r = validated([
      { totalPrice: '一百零九万元整', downPayment: '壹佰零玖万' },
      { totalPrice: '人民币两百万元', downPayment: '二百万' },
      { totalPrice: '十二万', downPayment: '人民币一十二万元整' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.units.map((u) => [u.totalPrice?.toFixed(2), u.downPayment.toFixed(2)])).toEqual([
      ['1090000.00', '1090000.00'],
      ['2000000.00', '2000000.00'],
      ['120000.00', '120000.00'],
    ]);
    // 一百零九万十元: 十 with nothing before it after 万, not ¥1,090,010 (一百零九万零一十元)
    expect(validated([{ totalPrice: '一百零九万十元' }]).issues.map((i) => [i.severity, i.code, i.location.column])).toEqual([['error', 'BAD_AMOUNT', 'Y']]);
  });

  it('says of words it does not read that they are not written by the rules, and how to write one it reads, not that words are never read', () => {
    for (const typed of ['一百零九万十元', '壹佰零玖万拾元整', '柒十万', '约109万']) {
      const [issue] = validated([{ totalPrice: typed }]).issues;
      expect([issue.code, issue.message.zh, issue.message.en], typed).toEqual(['BAD_AMOUNT', `金额无法识别："${typed}" 不是按规范书写的金额`, `Not an amount: "${typed}" is not an amount written by the rules`]);
      expect(issue.fix, typed).toEqual({ zh: '请写成 1090000.00、109万元、人民币壹佰零玖万元整 或 一百零九万元 这样的金额。', en: 'Write an amount such as 1090000.00, 109万元, 人民币壹佰零玖万元整 or 一百零九万元.' });
    }
    // figures alone keep their own reason
    expect(validated([{ totalPrice: '1,09,0000' }]).issues.map((i) => i.message.zh)).toEqual(['金额无法识别：无法识别的金额"1,09,0000"：千分位逗号应每三位一组']);
  });
});

describe('register validation: duplicates', () => {
  it('the same contract number twice is an error also when typed in lower case or full-width', () => {
    expect(issuesOf([{ contractNo: 'YQF-2026-00134' }, { contractNo: 'yqf-2026-00134' }, { contractNo: 'ＹＱＦ－２０２６－００１３４ ' }])).toEqual([
      'error DUPLICATE_CONTRACT U3: 合同编号 yqf-2026-00134 与第 2 行重复',
      'error DUPLICATE_CONTRACT U4: 合同编号 ＹＱＦ－２０２６－００１３４ 与第 2 行重复',
    ]);
  });

  it('the same buyer on two units is allowed', () => {
    expect(issuesOf([{ buyer1Name: '张三' }, { buyer1Name: '张 三' }])).toEqual([]);
  });

  it('one ID number under two names (an ID copied from the row above) is a warning at the later ID', () => {
    expect(issuesOf([{ buyer1Name: '张三' }, { buyer1Name: '李四', buyer1IdNumber: '110105 19491231 002x' }])).toEqual([
      'warning ID_OTHER_NAME K3: 证件号码 110105********002X 在第 2 行属于另一位买受人，姓名不同',
    ]);
  });
});

describe('register validation: a required column the sheet does not have', () => {
  it('is one error at the header row naming the column, not a cell-less 必填 error on every row', () => {
    const sheet = registerSheet([{}, {}]);
    delete sheet.columns.floorArea;
    for (const row of sheet.rows) delete row.cells.floorArea;
    const r = validateRegister(sheet, { description, today: '2026-11-30' });
    expect(r.issues.map((i) => [i.code, i.location.sheet, i.location.row, i.message.zh, i.message.en])).toEqual([
      ['COLUMN_MISSING', '按揭台账', 1, '表头中没有必填列「建筑面积(㎡)」', 'The header row has no "Floor area (㎡)" column, which is required'],
    ]);
  });
});

describe('register validation: a register without a 贷款银行 column', () => {
  const loan = { loanType: '商业贷款', downPayment: 300000, commercialLoan: 700000, bank: '中国建设银行' };
  /** Those rows in a sheet whose header has no 贷款银行. */
  function withoutBank(rows: Partial<Record<string, RawCell>>[]) {
    const sheet = registerSheet(rows);
    delete sheet.columns.bank;
    for (const row of sheet.rows) delete row.cells.bank;
    return validateRegister(sheet, { description, today: '2026-11-30' });
  }

  it('is one error at the header row, saying how to add the column, not a cell-less BANK_MISSING on each row with a commercial loan', () => {
    const r = withoutBank([loan, loan, {}, loan]);
    expect(r.issues.map((i) => [i.severity, i.code, i.location.sheet, i.location.row, i.location.column])).toEqual([['error', 'COLUMN_MISSING', '按揭台账', 1, undefined]]);
    const [issue] = r.issues;
    expect(issue.message.zh).toContain('表头中没有「贷款银行」列');
    expect(issue.message.en).toContain('The header row has no "Lending bank" column');
    expect(issue.fix?.zh).toContain('anjie register new');
    expect(issue.fix?.en).toContain('anjie register new');
  });

  it('is nothing when no unit has a commercial loan (a register of cash and provident-fund sales needs no bank)', () => {
    expect(withoutBank([{}, { loanType: '公积金贷款', downPayment: 700000, providentLoan: 300000 }]).issues).toEqual([]);
  });

  it('a blank 贷款银行 cell where the column exists is still BANK_MISSING, at that cell of each such row', () => {
    expect(issuesOf([{ ...loan, bank: '' }, loan, { ...loan, bank: null }])).toEqual([
      'error BANK_MISSING AB2: 有商贷金额但未填贷款银行',
      'error BANK_MISSING AB4: 有商贷金额但未填贷款银行',
    ]);
  });
});

describe('register validation: stage dates', () => {
  it('a date typed without its year (11/3) is reported once, as unreadable, not also as a stage with no date', () => {
    expect(issuesOf([{ contractDate: '11/3', filingDate: '2025-03-05' }])).toEqual([
      'error BAD_DATE V2: 日期无法识别：无法识别的日期"11/3"：日期没有年份',
    ]);
  });
});

describe('register validation: 组合贷 paid as two credits', () => {
  const combined = {
    loanType: '组合贷款',
    bank: '中国建设银行',
    downPayment: 300000,
    commercialLoan: 400000,
    providentLoan: 300000,
    filingDate: '2025-03-05',
    docsCompleteDate: '2025-03-10',
    sentToBankDate: '2025-03-12',
    bankInterviewDate: '2025-03-15',
    approvedDate: '2025-03-20',
    mortgageRegisteredDate: '2025-04-01',
    disbursedDate: '2025-04-10',
    commercialDisbursed: 400000,
    providentDisbursed: 300000,
  };

  it('each credit on its own day after 抵押登记 is fine', () => {
    expect(issuesOf([{ ...combined, commercialDisbursedDate: '2025-04-03', providentDisbursedDate: '2025-04-10' }])).toEqual([]);
  });

  it('a credit dated before 抵押登记 is a stage going backwards, at the credit’s date cell', () => {
    expect(issuesOf([{ ...combined, commercialDisbursedDate: '2025-03-25', providentDisbursedDate: '2025-04-10' }])).toEqual([
      'error STAGE_ORDER AP2: 「商贷放款日期」2025-03-25 早于前一阶段"抵押/预告登记"的日期 2025-04-01',
    ]);
  });
});

describe('register validation: 首付 + 贷款 = 总价 to the fen', () => {
  it('a total worked out by an Excel formula (1,000,000.1 + 0.2 = 1000000.2999999999) adds up as the sheet shows it', () => {
    const loan = { loanType: '商业贷款', bank: '中国工商银行', commercialLoan: 700000, downPayment: 300000.3 };
    expect(issuesOf([{ ...loan, totalPrice: 1000000.1 + 0.2 }])).toEqual([]);
  });

  it('a difference of one fen is still an error', () => {
    const loan = { loanType: '商业贷款', bank: '中国工商银行', commercialLoan: 700000, downPayment: 300000.29 };
    expect(issuesOf([{ ...loan, totalPrice: 1000000.3 }])).toEqual([
      'error AMOUNT_SUM Y2: 首付款 ¥300,000.29 + 贷款 ¥700,000.00 ≠ 合同总价 ¥1,000,000.30（差 -¥0.01）',
    ]);
  });
});

describe('register validation: hints', () => {
  it('an ID number that is no resident ID says what to do, including a wrong 证件类型', () => {
    const [issue] = validated([{ buyer1IdNumber: 'E12345678' }]).issues;
    expect([issue.code, issue.fix?.zh]).toEqual(['ID_CHECKSUM', '对照证件原件重新录入；若是护照、港澳或台湾通行证，请把证件类型改为相应类型。']);
  });

  it('a loan type that cannot be read lists the ones that can', () => {
    const [issue] = validated([{ loanType: '按揭贷款' }]).issues;
    expect([issue.code, issue.fix?.zh]).toEqual(['LOAN_TYPE_UNKNOWN', '请改为：商业贷款、公积金贷款、组合贷款、一次性付款']);
  });

  it('a date that cannot be read says how to write it', () => {
    const [issue] = validated([{ contractDate: '11/3', filingDate: '2025-03-05' }]).issues;
    expect([issue.code, issue.fix?.zh]).toEqual(['BAD_DATE', '写成年-月-日，如 2026-11-03（或 2026年11月3日），或把单元格设为日期格式后重新输入。']);
  });
});

describe('register validation: 房号编码 against 楼栋/单元/房号', () => {
  it('a code that names another unit than its row’s 楼栋, 单元 and 房号 is a warning at the code', () => {
    expect(issuesOf([{ building: '3栋', unit: '2单元', room: '1501', unitKey: '3#2-1502' }])).toEqual([
      'warning UNIT_CODE_MISMATCH E2: 房号编码 3#2-1502（3-2-1502）与楼栋/单元/房号（3-2-1501）不一致',
    ]);
  });

  it('the same unit written another way, or a code that adds the 单元 the row leaves blank, is fine', () => {
    expect(issuesOf([{ building: '3', unit: '2', room: '1501', unitKey: '３栋２单元１５０１室' }, { building: '3#', unit: null, room: '1502', unitKey: '3-2-1502' }])).toEqual([]);
  });
});

describe('register validation: a letter typed for the digit it looks like in 房号 / 房号编码', () => {
  it('1O01 (letter O), 15l2 and ３-２-１５Ｏ３ are warnings at their cells naming the room meant', () => {
    expect(issuesOf([{ room: '1O01' }, { room: '15l2室' }, { room: '1503', unitKey: '３-２-１５Ｏ３' }])).toEqual([
      'warning LOOKALIKE_DIGIT D2: 房号「1O01」中有像数字的字母（O 与 0、I 或 l 与 1），应为「1001」？',
      'warning LOOKALIKE_DIGIT D3: 房号「15l2室」中有像数字的字母（O 与 0、I 或 l 与 1），应为「1512室」？',
      'warning LOOKALIKE_DIGIT E4: 房号编码「３-２-１５Ｏ３」中有像数字的字母（O 与 0、I 或 l 与 1），应为「3-2-1503」？',
    ]);
  });

  it('letters a unit code may carry are not asked about: building A座 or 12B, unit B, code B-2-1501, a room 1501', () => {
    expect(issuesOf([{ building: 'A座', room: '1501' }, { building: '12B', unit: 'B', room: '1502' }, { building: 'B', room: '1503', unitKey: 'B-2-1503' }, { building: 'O', room: '1504', unitKey: 'O栋2单元1504' }])).toEqual([]);
  });
});

describe('register validation: amounts typed "/" for none', () => {
  it('a "/" or "／" in an amount column is empty, as "-" is: a 合同总价 so left is 必填, not also 金额无法识别', () => {
    expect(issuesOf([{ totalPrice: '/' }, { totalPrice: '／' }, { totalPrice: '-' }])).toEqual([
      'error REQUIRED Y2: 「合同总价」必填',
      'error REQUIRED Y3: 「合同总价」必填',
      'error REQUIRED Y4: 「合同总价」必填',
    ]);
  });
});

describe('register validation: required cells holding a placeholder', () => {
  it('a dash or slash typed for "none yet" in a required column is 必填, not taken as filled in', () => {
    expect(issuesOf([{ totalPrice: '-' }, { contractDate: '--' }, { contractNo: '/' }])).toEqual([
      'error REQUIRED Y2: 「合同总价」必填',
      'error REQUIRED V3: 「签约日期」必填',
      'error REQUIRED U4: 「合同编号」必填',
    ]);
  });
});
