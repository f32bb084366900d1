import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type RawCell,
  canonicalNumber,
  canonicalValue,
  canonicalize,
  diffCanonical,
  isDateFormat,
  parseCanonical,
  parseQualifiedAddress,
  qualifiedAddress,
} from '../../domain/signoff/canonical';
import { type Scope, WHOLE_SHEET, inSheetScope, parseRange } from '../../domain/signoff/scope';

/** The test vector of docs/signoff-canonical-form.md §3 (expected text and hashes written by hand / Python). */
const scope: Scope = { sheets: [{ sheet: '进度表', ranges: [WHOLE_SHEET], exclude: [] }, { sheet: "O'Brien", ranges: [WHOLE_SHEET], exclude: [] }] };
const progress: RawCell[] = [
  // deliberately out of order: the canonical form sorts
  { row: 3, col: 7, value: { kind: 'text', text: 'e\u0301' } },
  { row: 1, col: 1, value: { kind: 'text', text: '按揭进度表' } },
  { row: 2, col: 2, value: { kind: 'number', value: 1234.5, format: '¥#,##0.00' } },
  { row: 2, col: 3, value: { kind: 'number', value: -0, format: 'General' } },
  { row: 2, col: 4, value: { kind: 'number', value: 1e21 } },
  { row: 2, col: 5, value: { kind: 'number', value: 0.1 + 0.2 } },
  { row: 2, col: 6, value: { kind: 'number', value: 1e-7 } },
  { row: 3, col: 1, value: { kind: 'date', epochMs: Date.UTC(2026, 10, 23), format: 'yyyy-mm-dd' } },
  { row: 3, col: 2, value: { kind: 'number', value: 46349.5, format: 'yyyy-mm-dd hh:mm' } },
  { row: 3, col: 3, value: { kind: 'boolean', value: true } },
  { row: 3, col: 4, value: { kind: 'error', code: '#DIV/0!' } },
  { row: 3, col: 5, value: { kind: 'text', text: 'line1\nline2\ttab\\' } },
  { row: 3, col: 6, value: { kind: 'text', text: '' } },
  { row: 4, col: 1, value: null },
];
const obrien: RawCell[] = [{ row: 1, col: 1, value: { kind: 'number', value: 42 } }];
const EXPECTED_TEXT =
  "'进度表'!A1\ts\t按揭进度表\n'进度表'!B2\tn\t1234.5\n'进度表'!C2\tn\t0\n'进度表'!D2\tn\t1000000000000000000000\n'进度表'!E2\tn\t0.30000000000000004\n'进度表'!F2\tn\t0.0000001\n'进度表'!A3\td\t2026-11-23T00:00:00\n'进度表'!B3\td\t2026-11-23T12:00:00\n'进度表'!C3\tb\tTRUE\n'进度表'!D3\te\t#DIV/0!\n'进度表'!E3\ts\tline1\\nline2\\ttab\\\\\n'进度表'!G3\ts\t\u00e9\n'O''Brien'!A1\tn\t42\n";

describe('canonical form (docs/signoff-canonical-form.md)', () => {
  it('produces the documented text and fingerprint for the fixed vector', () => {
    const c = canonicalize(scope, (name) => (name === '进度表' ? progress : name === "O'Brien" ? obrien : null));
    expect(c.text).toBe(EXPECTED_TEXT);
    expect(c.fingerprint).toBe('a7d0fd05ecfaebb2d1baa9459947ad23bb017d28d005998acb5480df95046dc0');
    expect(c.entries).toHaveLength(13);
    expect(c.missingSheets).toEqual([]);
  });

  it('gives the documented hashes for a one-line and an empty scope', () => {
    const one = canonicalize({ sheets: [scope.sheets[0]] }, () => [progress[1]]);
    expect(one.fingerprint).toBe('0536c0230a236d862684961874c534db76da3f41cdba3cfa156c2ff38aef4601');
    const none = canonicalize({ sheets: [scope.sheets[0]] }, () => []);
    expect(none.text).toBe('');
    expect(none.fingerprint).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('handles 150,000 cells (no argument-spread limits)', () => {
    const many: RawCell[] = Array.from({ length: 150_000 }, (_, i) => ({ row: Math.floor(i / 25) + 1, col: (i % 25) + 1, value: { kind: 'number', value: i } }));
    const c = canonicalize({ sheets: [scope.sheets[0]] }, () => many);
    expect(c.entries).toHaveLength(150_000);
    expect(c.text.endsWith("'进度表'!Y6000\tn\t149999\n")).toBe(true);
  });

  it('reports a scope sheet the workbook lacks', () => {
    const c = canonicalize(scope, (name) => (name === '进度表' ? progress : null));
    expect(c.missingSheets).toEqual(["O'Brien"]);
  });

  it('writes numbers positionally with the shortest round-trip digits', () => {
    const cases: [number, string][] = [
      [0, '0'], [-0, '0'], [1, '1'], [-12.25, '-12.25'], [1234567.89, '1234567.89'], [1e21, '1000000000000000000000'],
      [1.5e22, '15000000000000000000000'], [-2.5e-7, '-0.00000025'], [1e-7, '0.0000001'], [0.000001, '0.000001'],
      [123456789012345680000, '123456789012345680000'], [5e-324, `0.${'0'.repeat(323)}5`], [0.1 + 0.2, '0.30000000000000004'],
      [2 ** 53 + 2, '9007199254740994'],
    ];
    for (const [x, s] of cases) expect(canonicalNumber(x), String(x)).toBe(s);
  });

  it('number text round-trips to the same double and never has an exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = canonicalNumber(x);
        expect(s).not.toMatch(/e/i);
        expect(Number(s)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 2000 },
    );
  });

  it('recognises date formats as documented', () => {
    for (const f of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm', 'YYYY/MM/DD', 'm/d/yy h:mm', '[$-804]yyyy-mm-dd', 'mm-dd-yy']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['¥#,##0.00', '0.00%', 'General', '@', '#,##0.00"元"', '[Red]0.00', '0.00E+00', '[$¥-804]#,##0.00', '', null, undefined]) expect(isDateFormat(f), String(f)).toBe(false);
  });

  it('gives the same date text from an Office.js serial and from the exceljs Date of that serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61 * 86400, max: 2958465 * 86400 }), (seconds) => {
        const serial = seconds / 86400;
        // what exceljs does on reading: Math.round((v - 25569) * 86400000) ms
        const epochMs = Math.round((serial - 25569) * 86400000);
        const a = canonicalValue({ kind: 'number', value: serial, format: 'yyyy-mm-dd hh:mm:ss' });
        const b = canonicalValue({ kind: 'date', epochMs, format: 'yyyy-mm-dd hh:mm:ss' });
        expect(a).toEqual(b);
        expect(a?.value).toBe(new Date(epochMs).toISOString().slice(0, 19));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats a date-typed value under a non-date format as its serial number', () => {
    expect(canonicalValue({ kind: 'date', epochMs: Date.UTC(2026, 10, 23, 12), format: '0.00' })).toEqual({ type: 'n', value: '46349.5' });
  });

  it('quotes sheet names in addresses and reads them back', () => {
    expect(qualifiedAddress("O'Brien", 1, 1)).toBe("'O''Brien'!A1");
    expect(qualifiedAddress('按揭进度表', 12, 28)).toBe("'按揭进度表'!AB12");
    expect(parseQualifiedAddress("'O''Brien'!AB12")).toEqual({ sheet: "O'Brien", row: 12, col: 28 });
    expect(parseQualifiedAddress("'a'!XFD1048576")).toEqual({ sheet: 'a', row: 1048576, col: 16384 });
  });

  it('parses its own text back and diffs cell by cell, first ones first', () => {
    const base = canonicalize(scope, (name) => (name === '进度表' ? progress : obrien));
    expect(parseCanonical(base.text, scope)).toEqual(base.entries);
    const changed = progress
      .filter((c) => !(c.row === 2 && c.col === 2))
      .map((c) => (c.row === 3 && c.col === 3 ? { ...c, value: { kind: 'boolean' as const, value: false } } : c))
      .concat([{ row: 9, col: 1, value: { kind: 'text', text: 'new' } }]);
    const after = canonicalize(scope, (name) => (name === '进度表' ? changed : obrien));
    const diff = diffCanonical(parseCanonical(base.text, scope), after.entries);
    expect(diff.map((d) => d.ref)).toEqual(['B2', 'C3', 'A9']);
    expect(diff[0]).toMatchObject({ address: "'进度表'!B2", before: { type: 'n', value: '1234.5' }, after: null });
    expect(diff[1]).toMatchObject({ before: { type: 'b', value: 'TRUE' }, after: { type: 'b', value: 'FALSE' } });
    expect(diff[2]).toMatchObject({ before: null, after: { type: 's', value: 'new' } });
  });
});

describe('scope', () => {
  it('parses ranges, whole rows and whole columns', () => {
    expect(parseRange('A1:C10')).toEqual({ top: 1, left: 1, bottom: 10, right: 3 });
    expect(parseRange('B5')).toEqual({ top: 5, left: 2, bottom: 5, right: 2 });
    expect(parseRange('41:41')).toEqual({ top: 41, left: 1, bottom: 41, right: 16384 });
    expect(parseRange('C:A')).toEqual({ top: 1, left: 1, bottom: 1048576, right: 3 });
    expect(parseRange('A0')).toBeNull();
    expect(parseRange('nonsense')).toBeNull();
  });

  it('includes the ranges minus the exclusions', () => {
    const s = { sheet: 'x', ranges: ['A1:D20'], exclude: ['10:10'] };
    expect(inSheetScope(s, 1, 1)).toBe(true);
    expect(inSheetScope(s, 10, 2)).toBe(false);
    expect(inSheetScope(s, 21, 1)).toBe(false);
    expect(inSheetScope(s, 5, 5)).toBe(false);
  });
});
