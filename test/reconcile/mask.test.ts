import fc from 'fast-check';
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
    ['手机1381234-5678', '1381234-5678', '手机138****5678'], // groups run together or not, as typed
    ['手机138-1234 5678', '138-1234 5678', '手机138****5678'],
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

  it('masks a planted number in any of its spellings, whatever text is around it (the one-regex precheck lets none through)', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const sep = fc.constantFrom('', '-', ' ');
    const phone = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9), sep, sep, fc.constantFrom('', '+86', '+86 ', '0086-')).map(([b, d, s1, s2, p]) => ({ text: `${p}1${b}${d[0]}${s1}${d.slice(1, 5)}${s2}${d.slice(5)}`, secret: `1${b}${d}` }));
    const id = fc.tuple(digits(17), fc.constantFrom('0', '7', 'X', 'x')).map(([d, c]) => ({ text: d + c, secret: d }));
    const oldId = digits(15).map((d) => ({ text: d, secret: d }));
    const account = fc.integer({ min: 12, max: 30 }).chain(digits).map((d) => ({ text: d, secret: d }));
    const card = fc.tuple(digits(16), fc.constantFrom('-', ' ')).map(([d, s]) => ({ text: d.match(/.{4}/g)!.join(s), secret: d }));
    const landline = fc.tuple(digits(2), digits(8)).map(([a, d]) => ({ text: `0${a}-${d}`, secret: `0${a}${d}` }));
    const filler = fc.array(fc.constantFrom('按', '揭', '款', ' ', '：', '(', ')', '、', '1-1-101', '2026-11-03', '¥', '号'), { maxLength: 6 }).map((a) => a.join(' '));
    const wide = fc.boolean();
    fc.assert(
      fc.property(filler, fc.oneof(phone, id, oldId, account, card, landline), filler, wide, (before, n, after, fullWidth) => {
        let text = `${before}号${n.text}，${after}`;
        if (fullWidth) text = text.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
        const out = maskPersonalText(text);
        // What survives of a number: an ID's first 6 and last 4, a phone's first 3 and last 4, an
        // account's last 4 — never 7 digits in a row (the filler has at most 4).
        const runs = out.normalize('NFKC').split(/\D+/);
        expect(Math.max(...runs.map((r) => r.length)), `${text} → ${out}`).toBeLessThanOrEqual(6);
        expect(out).not.toContain(n.secret);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps masked text as it is (masking twice changes nothing)', () => {
    for (const [text] of cases) {
      const once = maskPersonalText(text);
      expect(maskPersonalText(once)).toBe(once);
    }
  });
});
