import { describe, expect, it } from 'vitest';
import { flagsOf, outcomeOf, reconcile } from '../../domain/reconcile';
import { loadReconcileConfig } from '../../pipeline/reconcile/config';
import { generateSampleSet } from '../../pipeline/sample';

/**
 * The contract of truth.json: reconciling the set finds every injected problem (its flag on one
 * of its rows) and flags nothing outside them. A failure means the truth file or the
 * reconciler is wrong, and either way the demo would show something it should not.
 */
describe('the sample truth against the reconciler', () => {
  for (const c of [{ seed: 20261130, units: 240, period: '2026-11' }, { seed: 11, units: 120, period: '2027-01' }, { seed: 99, units: 51, period: '2026-02' }]) {
    it(`seed ${c.seed}, ${c.units} units, ${c.period}: every injected problem found, nothing else flagged`, async () => {
      const set = generateSampleSet(c);
      const config = await loadReconcileConfig();
      const r = reconcile({ period: set.period.key, bank: set.statements.flatMap((s) => s.transactions), finance: set.journal.lines, rejected: [], register: set.register, config });
      const key = (x: { file: string; sheet: string; row: number }) => `${x.file}|${x.sheet}|${x.row}`;
      const raised = new Map<string, string[]>();
      for (const item of r.engine.items) {
        const flags = [outcomeOf(item), ...flagsOf(item)].filter((f) => f !== 'MATCHED');
        if (flags.length) raised.set(key(item), flags);
      }
      const inTruth = new Map<string, string[]>();
      for (const p of set.truth.problems) for (const row of p.rows) inTruth.set(key(row), [p.flag, ...p.mayAlsoRaise]);
      for (const p of set.truth.problems) {
        const seen = p.rows.flatMap((row) => raised.get(key(row)) ?? []);
        expect(seen, `${p.id} ${p.flag}: ${p.description.en}`).toContain(p.flag);
      }
      for (const [k, flags] of raised) expect(inTruth.has(k), `${k} flagged ${flags.join(', ')} but is not an injected problem`).toBe(true);
    });
  }
});
