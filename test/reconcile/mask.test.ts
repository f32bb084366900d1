import { describe, expect, it } from 'vitest';
import { maskPersonalText } from '../../domain/reconcile/mask';
import { maskPersonalData } from '../../pipeline/io/safeCell';

/** Every digit of `secret` that is not among the last four (all DOMAIN.md masks keep at most the first 6 and the last 4). */
function leaks(masked: string, secret: string): boolean {
  const digits = (s: string) => s.normalize('NFKC').replace(/\D/g, '');
  return masked.includes(secret) || digits(masked).includes(digits(secret).slice(0, -4));
}

describe('personal numbers in free text (domain/reconcile/mask.ts)', () => {
  const cases: [string, string, string][] = [
    // [text, the secret, the masked form expected]
    ['按揭款 卡号62148345547791450', '62148345547791450', '卡号****1450'], // 17 digits: neither a card of 16/19 nor an ID
    ['对方账号 621483459012', '621483459012', '****9012'], // 12 digits
    ['账号123456789012345678901234567890', '123456789012345678901234567890', '****7890'], // 30 digits
    ['手机138-1234-5678', '138-1234-5678', '手机138****5678'],
    ['手机 139 1234 5678 转账', '139 1234 5678', '手机 139****5678 转账'],
    ['电话+86 138 1234 5678', '138 1234 5678', '电话+86 138****5678'],
    ['电话+86-138-1234-5678', '138-1234-5678', '+86-138****5678'],
    ['电话+8613812345678', '13812345678', '+86138****5678'],
    ['电话0086 13812345678', '13812345678', '0086 138****5678'],
    ['身份证44010619900101123X', '44010619900101123X', '440106********123X'],
    ['身份证44010619900101123x号', '44010619900101123x', '440106********123X'],
    ['旧证440106900101123', '440106900101123', '440106*****1123'],
    ['卡号 6214 8302 1234 5678 放款', '6214 8302 1234 5678', '卡号 ****5678 放款'],
    ['卡号6214-8302-1234-5678-123', '6214-8302-1234-5678-123', '****8123'],
    ['固话 021-12345678', '021-12345678', '021****5678'],
    ['固话0755-8600123', '0755-8600123', '075****0123'],
    ['手机１３８１２３４５６７８', '１３８１２３４５６７８', '138****5678'], // full-width digits
  ];
  it.each(cases)('%s', (text, secret, masked) => {
    const out = maskPersonalText(text);
    expect(leaks(out, secret), out).toBe(false);
    expect(out).toContain(masked);
    // Messages (stderr, 未读取 notices, inspect) use the same patterns.
    expect(maskPersonalData(text)).toBe(out);
  });

  it('leaves dates, units, amounts, references with letters and short numbers alone', () => {
    for (const t of [
      '个人住房贷款放款 3-2-1501 张三 2026-11-03',
      '收款 3425000.00 元',
      '流水号 K9444000141114',
      'ICBC2026110312345678901',
      '日期20261103 合同12345678', // 8 digits: no longer taken for an account
      '编号 12345678901 号', // 11 digits not a mobile phone (starts 12)
      '1234567890123456789012345678901', // 31 digits: not an account
      '第 1-1-101、2-2-202 户',
      '２０２６年１１月', // full-width, nothing to mask: unchanged, not folded
    ]) {
      expect(maskPersonalText(t)).toBe(t);
    }
  });

  it('keeps masked text as it is (masking twice changes nothing)', () => {
    for (const [text] of cases) {
      const once = maskPersonalText(text);
      expect(maskPersonalText(once)).toBe(once);
    }
  });
});
