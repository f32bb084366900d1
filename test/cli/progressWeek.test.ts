import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { writeRegisterFile } from '../templates/registerFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-progress-week-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
// Run as the desk would, after the weeks: a credit dated after the day of the run has not happened (无法判断).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2027-01-11T02:00:00Z'));
});
afterEach(() => vi.useRealTimers());

// Two loans credited on either side of New Year: 2026 has 53 ISO weeks, its last ending Sunday 2027-01-03.
const stages = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10' };
const units = [
  makeUnit({ room: '0101', commercialLoan: '700000.00', stages: { ...stages, disbursed: '2027-01-02' } }),
  makeUnit({ room: '0102', commercialLoan: '500000.00', downPayment: '500000.00', stages: { ...stages, disbursed: '2027-01-04' } }),
];

describe('anjie progress --week across the year boundary', () => {
  it('2026-W53 holds Saturday 2027-01-02, 2027-W01 starts Monday 2027-01-04', async () => {
    const register = path.join(dir, 'R.xlsx');
    await writeRegisterFile(register, units);
    const w53 = await anjie('progress', '--register', register, '--week', '2026-W53', '--out', path.join(dir, 'P53.xlsx'));
    expect(w53.code, w53.err).toBe(0);
    expect(w53.out).toContain('本周放款 1 户 ¥700,000.00');
    const w01 = await anjie('progress', '--register', register, '--week', '2027-W01', '--out', path.join(dir, 'P01.xlsx'));
    expect(w01.out).toContain('本周放款 1 户 ¥500,000.00');
  });

  it('a week the year does not have is a usage error (exit 2) naming the weeks it has, not an internal error', async () => {
    const register = path.join(dir, 'R.xlsx');
    await writeRegisterFile(register, units);
    const r = await anjie('progress', '--register', register, '--week', '2027-W53', '--out', path.join(dir, 'P.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('2027 年没有第 53 周');
    expect(r.err).toContain('2027-W52');
    expect(fs.existsSync(path.join(dir, 'P.xlsx'))).toBe(false);
  });
});

describe('anjie progress --as-of', () => {
  it('a date before the week starts (its Monday) is a usage error (exit 2) naming both, and nothing is written; the Monday itself is fine', async () => {
    const register = path.join(dir, 'R.xlsx');
    await writeRegisterFile(register, units);
    // 2027-W01 runs Monday 2027-01-04 to Sunday 2027-01-10.
    const out = path.join(dir, 'Pbefore.xlsx');
    const r = await anjie('progress', '--register', register, '--week', '2027-W01', '--as-of', '2027-01-03', '--out', out);
    expect(r.code, r.err).toBe(2);
    for (const named of ['2027-W01', '2027-01-03', '2027-01-04']) expect(r.err).toContain(named);
    // Chinese first, then English.
    expect(r.err.indexOf('早于')).toBeGreaterThan(-1);
    expect(r.err.indexOf('早于')).toBeLessThan(r.err.indexOf('before'));
    expect(fs.existsSync(out)).toBe(false);
    const monday = await anjie('progress', '--register', register, '--week', '2027-W01', '--as-of', '2027-01-04', '--out', path.join(dir, 'Pmonday.xlsx'));
    expect(monday.code, monday.err).toBe(0);
    // As of Monday 01-04, the 01-04 credit (¥500,000) is the week's only one.
    expect(monday.out).toContain('本周放款 1 户 ¥500,000.00');
  });
});
