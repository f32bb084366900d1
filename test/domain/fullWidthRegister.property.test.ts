/**
 * A register typed with the Chinese input method's full-width digits and letters (１２０.５, ＢＪＨＹ－０１,
 * １０％) validates as the same register typed in ASCII: the same units, amounts, dates and issues,
 * whichever columns were typed that way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { columnLetter } from '../../domain/issues';
import type { RawCell, RegisterSheet } from '../../domain/registerValidation/parse';
import { validateRegister } from '../../domain/registerValidation/validate';
import { description } from './registerRows';

const keys = description.columns.map((c) => c.key);
const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'guangzhou', badRows: true });
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z.%#-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function sheet(typedFullWidth: ReadonlySet<string>): RegisterSheet {
  const cell = (v: string | number | null, key: string): RawCell => (v === null || !typedFullWidth.has(key) ? v : fullWidth(String(v)));
  return {
    sheet: '按揭台账',
    headerRow: 1,
    columns: Object.fromEntries(keys.map((k, i) => [k, columnLetter(i + 1)])),
    headers: {},
    rows: sample.rows.map((r, i) => ({ row: i + 2, cells: Object.fromEntries(keys.map((k, c) => [k, cell(r[c], k)])) })),
  };
}

/** What a person compares: each issue's code and cell, and each unit's key and figures. */
function outcome(typedFullWidth: ReadonlySet<string>) {
  const r = validateRegister(sheet(typedFullWidth), { description, today: '2026-11-30' });
  return {
    issues: r.issues.map((i) => `${i.code}@${i.location.column}${i.location.row}`),
    units: r.units.map((u) => [u.unitKey, u.floorArea?.toString(), u.totalPrice?.toString(), u.downPayment.toString(), u.depositRatio?.toString(), u.loanTermMonths, u.stages]),
  };
}

describe('a register typed in full-width forms', () => {
  it('validates as the same register typed in ASCII, whichever columns were typed full-width', () => {
    const ascii = outcome(new Set());
    expect(ascii.issues.length).toBeGreaterThan(0); // the sample's planted errors, found both ways
    fc.assert(
      fc.property(fc.subarray(keys), (typed) => {
        expect(outcome(new Set(typed))).toEqual(ascii);
      }),
      { numRuns: 60 },
    );
  });
});
