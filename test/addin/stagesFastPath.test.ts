import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stagesSurelyInOrder } from '../../domain/registerValidation/validate';
import { checkStages, STAGES, type LoanType, type StageDates } from '../../domain/stages';

// Register validation skips checkStages for rows it can see are clean (the 10,000-row speed
// target). A row with a stage problem must never be skipped, and a clean row should be.
const date = fc.constantFrom('2026-01-05', '2026-02-10', '2026-02-10', '2026-03-15', '2026-11-30', '2026-02-30', 'soon', '');
const dates = fc
  .array(fc.tuple(fc.constantFrom(...STAGES.map((s) => s.key)), fc.option(date, { nil: null })), { maxLength: 10 })
  .map((pairs) => Object.fromEntries(pairs) as StageDates);
const loanType = fc.constantFrom<LoanType | null>('commercial', 'providentFund', 'combined', null);

describe('the clean-stages shortcut of register validation', () => {
  it('says "in order" exactly when checkStages finds no problem (for rows of valid dates), and never for a row with a problem', () => {
    fc.assert(
      fc.property(dates, loanType, fc.boolean(), (d, t, hasDeposit) => {
        const problems = checkStages(d, t, { hasDeposit });
        const sure = stagesSurelyInOrder(d, t, hasDeposit);
        if (sure) expect(problems).toEqual([]);
        const allValid = Object.values(d).every((v) => v === null || v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && v !== '2026-02-30'));
        if (allValid && problems.length === 0) expect(sure).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves a backwards date and a skipped required stage to checkStages', () => {
    expect(stagesSurelyInOrder({ signed: '2026-03-01', filed: '2026-02-01' }, null, true)).toBe(false);
    expect(stagesSurelyInOrder({ signed: '2026-03-01', sentToBank: '2026-04-01' }, 'commercial', true)).toBe(false);
    expect(stagesSurelyInOrder({ signed: '2026-03-01', filed: '2026-03-01', docsComplete: '2026-03-02' }, 'commercial', true)).toBe(true);
  });
});
