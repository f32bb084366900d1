import { describe, expect, it } from 'vitest';
import { loadRegister } from '../../addin/services/actions';
import { sharedUnitCodes } from '../../pipeline/reconcile/load';
import { registerWorkbook, twoProjects } from './twoProjects';

/**
 * Two projects sharing a unit code are two valid units, but reconciliation finds a unit by its
 * code alone: validation warns (not an error), and `anjie reconcile` says so when reading the register.
 */
describe('a unit code two projects share', () => {
  it('is a warning in the add-in validation (and anjie validate: the same rules), naming both projects and why', async () => {
    const t = twoProjects(12);
    const { host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    const r = await loadRegister(host, {}, '2026-11-23');
    const shared = r.issues.filter((i) => i.code === 'SHARED_UNIT_CODE');
    expect(shared).toHaveLength(12);
    expect(shared.every((i) => i.severity === 'warning')).toBe(true);
    expect(shared[0].message.zh).toContain('滨江花园');
    expect(shared[0].message.zh).toContain('翠湖湾');
    expect(shared[0].message.en).toContain('cannot tell the two projects');
    expect(r.issues.filter((i) => i.severity === 'error' && i.code !== 'DATE_FUTURE')).toEqual([]);
    // One project: nothing to say.
    const one = await loadRegister(registerWorkbook(t.headers, t.first).host, {}, '2026-11-23');
    expect(one.issues.filter((i) => i.code === 'SHARED_UNIT_CODE')).toEqual([]);
    expect(sharedUnitCodes(r.units)).toHaveLength(12);
    expect(sharedUnitCodes(one.units)).toEqual([]);
  });
});
