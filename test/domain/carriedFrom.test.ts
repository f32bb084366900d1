import { describe, expect, it } from 'vitest';
import { carriedFrom } from '../../domain/reconcile';

describe('a carried item says how long it has been open', () => {
  it('last month’s is 上期, also across the year end; an older one gives its month and age', () => {
    expect(carriedFrom('2026-12', '2027-01')).toEqual({ zh: '上期(2026-12)', en: 'from 2026-12' });
    expect(carriedFrom('2026-10', '2026-12')).toEqual({ zh: '2026-10起(已2个月)', en: 'from 2026-10 (open 2 months)' });
    expect(carriedFrom('2025-11', '2027-02')).toEqual({ zh: '2025-11起(已15个月)', en: 'from 2025-11 (open 15 months)' });
  });
});
