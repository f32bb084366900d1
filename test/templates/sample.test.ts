import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoWeekMonday } from '../../domain/dates';
import { toFixed2 } from '../../domain/money';
import type { RegisterUnit } from '../../domain/register';
import { writeFees } from '../../pipeline/commands/fees';
import { writeProgress } from '../../pipeline/commands/progress';
import { writeTitleSearch } from '../../pipeline/commands/titleSearch';
import { readRegister } from '../../pipeline/read/register';
import { anjie } from '../helpers/cli';

/** The four commands on the 240-unit sample register written by `anjie sample` (same seed, same data). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-sample-'));
let register: string;
let truth: { feeShortfalls: { unitKey: string; fee: 'deedTax' | 'maintenanceFund'; expected: string; collected: string }[] };
let units: RegisterUnit[];


beforeAll(async () => {
  const r = await anjie('sample', '--out', dir);
  if (r.code !== 0) throw new Error(r.out);
  register = path.join(dir, '按揭台账.xlsx');
  truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8'));
  units = (await readRegister(register)).units;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the sample register', () => {
  it('reads all 240 units and validates without errors', async () => {
    expect(units).toHaveLength(240);
    const v = await anjie('validate', register, '--today', '2026-11-30');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/共 240 条房屋记录：0 个错误/);
  });

  it('fees: the underpaid list is exactly the shortfalls the sample injected, with their amounts', async () => {
    const fees = await writeFees(register, path.join(dir, 'F.xlsx'), { city: 'guangzhou' });
    expect(fees.ledger.underpaid.map((b) => b.unit.unitKey).sort()).toEqual(truth.feeShortfalls.map((s) => s.unitKey).sort());
    for (const s of truth.feeShortfalls) {
      const line = fees.ledger.lines.find((l) => l.unit.unitKey === s.unitKey && l.fee === s.fee)!;
      expect([toFixed2(line.due!), toFixed2(line.collected!)]).toEqual([s.expected, s.collected]);
    }
    expect(fees.ledger.overpaid).toEqual([]);
  });

  it('progress: this week’s disbursements per bank add up to the register’s credits dated in the week', async () => {
    const week = '2026-W48';
    const monday = isoWeekMonday(week);
    const sunday = addDays(monday, 6);
    // Run on the Monday after the week, as the desk does: a credit dated after the day of the run has not happened.
    const p = await writeProgress(register, path.join(dir, 'P.xlsx'), { week, today: '2026-11-30' });
    const m = p.models[0];
    // straight from the register: each part's disbursement dated Monday..Sunday
    const inWeek = (d: string | null) => d !== null && d >= monday && d <= sunday;
    let count = 0;
    const unitsPaid = new Set<string>();
    let amount = new Decimal(0);
    for (const u of units) {
      if (u.commercialDisbursed && inWeek(u.commercialDisbursedDate)) {
        count += 1;
        unitsPaid.add(u.unitKey);
        amount = amount.plus(u.commercialDisbursed);
      }
      if (u.providentDisbursed && inWeek(u.providentDisbursedDate)) {
        count += 1;
        unitsPaid.add(u.unitKey);
        amount = amount.plus(u.providentDisbursed);
      }
    }
    expect(count).toBeGreaterThan(unitsPaid.size); // a 组合贷款 had both credits this week
    expect(m.totals.weekCount).toBe(unitsPaid.size); // 户: counted once
    expect(toFixed2(m.totals.weekAmount)).toBe(toFixed2(amount));
    expect(m.groups.reduce((n, g) => n + g.summary.weekCount, 0)).toBe(count);
  });

  it('title search for a few units by any spelling of their codes', async () => {
    const picked = units.slice(0, 3).map((u) => u.unitKey);
    const spelled = picked.map((k) => k.replace(/^(\w+)-(\w+)-(\w+)$/, '$1栋$2单元$3')).join(',');
    const t = await writeTitleSearch(register, path.join(dir, 'T.xlsx'), { units: spelled });
    expect(t.layouts.map((l) => l.name)).toEqual(['查册汇总', ...picked]);
  });
});
