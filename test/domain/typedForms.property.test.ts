/**
 * Amounts and dates in the forms people type them into a register, for any value: each form reads
 * back as the value (the examples in money.test.ts and dates.test.ts show only a few).
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateToExcelSerial, parseDate } from '../../domain/dates';
import { formatYuan, parseAmount } from '../../domain/money';

const fullWidth = (s: string) => s.replace(/[0-9,.¥]/g, (c) => (c === '¥' ? '￥' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

describe('amounts as typed', () => {
  it('¥1,234.56, 1,234.56元, 人民币1,234.56, full-width, no commas and spaced all read as the amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -99_999_999_999_99n, max: 99_999_999_999_99n }), (fen) => {
        const v = new Decimal(fen.toString()).div(100);
        const t = formatYuan(v);
        for (const form of [t, `${t}元`, t.replace('¥', '人民币'), fullWidth(t), t.replace(/,/g, ''), v.toFixed(2), ` ${t} `]) {
          const p = parseAmount(form);
          expect(p.ok && p.value?.eq(v), form).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('dates as typed', () => {
  const date = fc.tuple(fc.integer({ min: 1901, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }));
  it('2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日, 20261103, with a time, as a serial (also as text) or a Date all read as the day', () => {
    fc.assert(
      fc.property(date, ([y, m, d]) => {
        const mm = String(m).padStart(2, '0');
        const dd = String(d).padStart(2, '0');
        const iso = `${y}-${mm}-${dd}`;
        const serial = dateToExcelSerial(iso);
        const forms = [iso, `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, `${y}${mm}${dd}`, `${iso} 14:05`, serial, serial + 0.75, String(serial), new Date(`${iso}T13:00:00Z`)];
        for (const form of forms) expect(parseDate(form), String(form)).toMatchObject({ ok: true, date: iso });
      }),
      { numRuns: 1000 },
    );
  });
});
