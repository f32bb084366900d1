import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Money, checkChineseUppercase, parseChineseUppercase, toChineseUppercase } from '../../domain/money';

const m = (s: string) => new Money(s);

/**
 * An independent reader of 大写 amounts, written for this test only: splits at 亿/万 and reads
 * each section as digit-unit pairs. Returns fen as a bigint.
 */
function readWords(text: string): bigint {
  const DIGIT = '零壹贰叁肆伍陆柒捌玖';
  let s = text.replace(/^人民币/, '').replace(/整$/, '');
  let sign = 1n;
  if (s.startsWith('负')) {
    sign = -1n;
    s = s.slice(1);
  }
  const [intText, fracText] = s.includes('元') ? s.split('元') : ['', s];
  const section = (t: string): bigint => {
    let v = 0n;
    const units: Record<string, bigint> = { 仟: 1000n, 佰: 100n, 拾: 10n };
    const re = /([壹贰叁肆伍陆柒捌玖])([仟佰拾]?)/g;
    const stripped = t.replace(/零/g, '');
    let consumed = 0;
    for (const mm of stripped.matchAll(re)) {
      v += BigInt(DIGIT.indexOf(mm[1])) * (mm[2] ? units[mm[2]] : 1n);
      consumed += mm[0].length;
    }
    if (consumed !== stripped.length) throw new Error(`unread characters in ${t}`);
    return v;
  };
  let rest = intText;
  let yi = 0n;
  let wan = 0n;
  if (rest.includes('亿')) {
    const [a, b] = rest.split('亿');
    yi = section(a);
    rest = b;
  }
  if (rest.includes('万')) {
    const [a, b] = rest.split('万');
    wan = section(a);
    rest = b;
  }
  const yuan = yi * 100000000n + wan * 10000n + section(rest);
  let fen = 0n;
  const jiao = /([壹贰叁肆伍陆柒捌玖])角/.exec(fracText);
  const fenM = /([壹贰叁肆伍陆柒捌玖])分/.exec(fracText);
  if (jiao) fen += BigInt(DIGIT.indexOf(jiao[1])) * 10n;
  if (fenM) fen += BigInt(DIGIT.indexOf(fenM[1]));
  return sign * (yuan * 100n + fen);
}

describe('toChineseUppercase: the examples of DOMAIN.md and the settlement rules', () => {
  it.each([
    ['123456.00', '人民币壹拾贰万叁仟肆佰伍拾陆元整'],
    ['16409.02', '人民币壹万陆仟肆佰零玖元零贰分'],
    ['1409.50', '人民币壹仟肆佰零玖元伍角'],
    ['6007.14', '人民币陆仟零柒元壹角肆分'],
    ['1680.32', '人民币壹仟陆佰捌拾元叁角贰分'],
    ['107000.53', '人民币壹拾万零柒仟元伍角叁分'],
    ['325.04', '人民币叁佰贰拾伍元零肆分'],
    ['16', '人民币壹拾陆元整'],
    ['10', '人民币壹拾元整'],
    ['19.9', '人民币壹拾玖元玖角'],
    ['110000', '人民币壹拾壹万元整'],
    ['100000', '人民币壹拾万元整'],
    ['1000100', '人民币壹佰万零壹佰元整'],
    ['10010000', '人民币壹仟零壹万元整'],
    ['100000001', '人民币壹亿零壹元整'],
    ['100005000', '人民币壹亿零伍仟元整'],
    ['100010000', '人民币壹亿零壹万元整'],
    ['1000000000', '人民币壹拾亿元整'],
    ['100000000000', '人民币壹仟亿元整'],
    ['999999999999.99', '人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    ['0', '人民币零元整'],
    ['0.5', '人民币伍角'],
    ['0.05', '人民币伍分'],
    ['0.55', '人民币伍角伍分'],
    ['1.005', '人民币壹元零壹分'], // rounded half away from zero to the fen first
    ['-100', '人民币负壹佰元整'],
    ['-0.001', '人民币零元整'],
  ])('¥%s → %s', (amount, words) => {
    expect(toChineseUppercase(m(amount))).toBe(words);
  });

  it('refuses amounts of 1,000,000,000,000 and more', () => {
    expect(() => toChineseUppercase(m('1000000000000'))).toThrow(RangeError);
    expect(() => toChineseUppercase(m('-1000000000000'))).toThrow(RangeError);
    expect(() => toChineseUppercase(m('999999999999.995'))).toThrow(RangeError); // rounds up to 1e12
  });
});

describe('checkChineseUppercase accepts the allowed variants', () => {
  it.each([
    ['人民币壹拾贰万叁仟肆佰伍拾陆元整', '123456'],
    ['壹拾贰万叁仟肆佰伍拾陆元整', '123456'], // without 人民币
    ['人民币壹拾贰万叁仟肆佰伍拾陆元正', '123456'], // 正 for 整
    ['人民币壹拾贰万叁仟肆佰伍拾陆圆整', '123456'], // 圆 for 元
    ['人民币 壹拾贰万叁仟肆佰伍拾陆元整', '123456'], // spaces ignored
    ['人民币壹仟肆佰零玖元伍角', '1409.50'],
    ['人民币壹仟肆佰零玖元伍角整', '1409.50'], // 整 after 角 allowed
    ['人民币壹万陆仟肆佰零玖元零贰分', '16409.02'],
    ['人民币壹仟陆佰捌拾元零叁角贰分', '1680.32'], // 元 digit 0: 零 may be written
    ['人民币壹仟陆佰捌拾元叁角贰分', '1680.32'], // … or not
    ['人民币壹拾万柒仟元零伍角叁分', '107000.53'], // the regulation's two examples
    ['人民币壹拾万零柒仟元伍角叁分', '107000.53'],
    ['人民币壹拾万柒仟元伍角叁分', '107000.53'],
    ['人民币壹佰万伍仟元整', '1005000'],
    ['人民币壹佰万零伍仟元整', '1005000'],
    ['人民币负壹佰元整', '-100'],
  ])('%s matches ¥%s', (text, amount) => {
    expect(checkChineseUppercase(text, m(amount))).toEqual({ ok: true });
  });

  it.each([
    ['人民币壹拾柒元整', '16', '不符'],
    ['人民币壹仟肆佰零玖元伍角', '1409.05', '不符'],
    ['人民币拾陆元整', '16', '不规范'], // 10–19 keep 壹
    ['人民币壹拾陆元', '16', '不规范'], // 整 required after 元
    ['人民币壹万陆仟肆佰零玖元贰分', '16409.02', '不规范'], // 零 required after 元 when 角 is 0
    ['人民币壹仟肆佰零玖元伍角贰分整', '1409.52', '不规范'], // never 整 after 分
    ['人民币陆仟零零柒元壹角肆分', '6007.14', '不规范'], // one 零 for a run of zeros
    ['人民币陆仟柒元壹角肆分', '6007.14', '不规范'], // the inner 零 is required
    ['人民币壹亿伍仟元整', '100005000', '不规范'], // 万 section empty: 零 required
    ['人民币壹佰元整', '-100', '不符'],
    ['一百元整', '100', '不符'],
  ])('%s does not pass for ¥%s', (text, amount, why) => {
    const r = checkChineseUppercase(text, m(amount));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.zh).toContain(why);
      expect(r.reason.zh).toContain(toChineseUppercase(m(amount)));
      expect(r.reason.en.length).toBeGreaterThan(10);
    }
  });

  it('says so when the amount is beyond 千亿', () => {
    expect(checkChineseUppercase('壹万亿元整', m('1000000000000')).ok).toBe(false);
  });
});

describe('parseChineseUppercase (lenient reader)', () => {
  it.each([
    ['人民币壹拾贰万叁仟肆佰伍拾陆元整', '123456'],
    ['拾陆元整', '16'],
    ['壹万陆仟肆佰零玖元贰分', '16409.02'],
    ['伍角', '0.5'],
    ['人民币负壹佰元整', '-100'],
  ])('%s → %s', (text, value) => {
    expect(parseChineseUppercase(text)?.toFixed()).toBe(value);
  });
  it.each(['', '人民币', '一百元', 'abc'])('%j → null', (text) => {
    expect(parseChineseUppercase(text)).toBeNull();
  });
});

describe('大写 of random amounts up to 千亿 (property)', () => {
  const fen = fc.oneof(
    fc.bigInt({ min: 0n, max: 99_999_999_999_999n }),
    fc.bigInt({ min: 0n, max: 100_000n }),
    // sparse amounts: many zeros, the hard cases for 零
    fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 4 }).chain((positions) =>
      fc.tuple(...positions.map(() => fc.integer({ min: 1, max: 9 }))).map((digits) =>
        positions.reduce((acc, p, i) => acc + BigInt(digits[i]) * 10n ** BigInt(p), 0n),
      ),
    ),
  );
  const amount = fc.tuple(fen, fc.boolean()).map(([f, neg]) => (neg ? -f : f));

  it('reads back to the same amount with an independent reader, and passes its own check', () => {
    fc.assert(
      fc.property(amount, (f) => {
        const x = new Money(f.toString()).div(100);
        const words = toChineseUppercase(x);
        expect(readWords(words)).toBe(f === 0n ? 0n : f);
        expect(checkChineseUppercase(words, x)).toEqual({ ok: true });
        expect(checkChineseUppercase(words, x.plus('0.01')).ok).toBe(false);
        // style rules: 人民币 first, no double 零, no 零 before a unit or at the end, 拾 always has a digit
        expect(words.startsWith('人民币')).toBe(true);
        if (f !== 0n) expect(words).not.toMatch(/零零|零[元万亿角分整]|零$/);
        expect(words).not.toMatch(/(^|[^壹贰叁肆伍陆柒捌玖])拾/);
        expect(words.endsWith('整')).toBe(f % 100n === 0n);
      }),
      { numRuns: 3000 },
    );
  });
});
