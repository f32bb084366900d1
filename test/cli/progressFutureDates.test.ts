import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { registerCellOf as cellOf, writeRegisterFile } from '../templates/registerFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-progress-future-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Week 2026-W48 (11-23 to 11-29). 0101's 放款日期 is 2027-11-24, a slip for 2026-11-24; 0102 is credited 11-24;
// 0103 waits at 抵押登记, its 房号编码 3-2-0109 naming another room than its 房号 0103.
const stages = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10' };
const slipped = makeUnit({ room: '0101', commercialLoan: '700000.00', stages: { ...stages, disbursed: '2027-11-24' } });
const credited = makeUnit({ room: '0102', commercialLoan: '500000.00', downPayment: '500000.00', stages: { ...stages, disbursed: '2026-11-24' } });
const miscoded = { ...makeUnit({ room: '0103', commercialLoan: '600000.00', downPayment: '400000.00', stages }), unitKey: '3-2-0109' };

describe('anjie progress on a register with a 放款日期 after today (2027 typed for 2026)', () => {
  it('lists the unit as 无法判断, not 在途 with its loan to disburse, prints the DATE_FUTURE error at the cell, Chinese first; exit 1 with --fail-on-problems', async () => {
    const register = path.join(dir, 'R.xlsx');
    await writeRegisterFile(register, [slipped, credited, miscoded]);
    const at = await cellOf(register, '0101', '放款日期');
    const out = path.join(dir, 'P.xlsx');
    const r = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', out);
    expect(r.code, r.err).toBe(0);
    // By hand: 0102 at 放款 (500,000 this week) and 0103 at 抵押登记 are open; 0101 read as not yet credited was open too, with 700,000 to disburse.
    expect(r.out).toContain('在途 2 户 2 笔，本周放款 1 户 ¥500,000.00，无法判断 1 户');
    expect(r.out).toMatch(new RegExp(`错误 error\\s+按揭台账!${at} \\[放款日期\\] DATE_FUTURE: 日期 2027-11-24 晚于今天`));
    expect(r.out).toMatch(new RegExp(`错误 error\\s+按揭台账!${at} \\[放款日期\\] PROGRESS_UNDECIDED: 滨江花园 3-2-101 无法判断进度：「放款日期」2027-11-24 晚于今天（\\d{4}-\\d{2}-\\d{2}）`));
    expect(r.out).toMatch(/its progress cannot be told, the "放款日期" date 2027-11-24 is after today/);

    const strict = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', out, '--force', '--fail-on-problems');
    expect(strict.code).toBe(1);
  }, 60_000);

  it('--today says the day of the run, as for anjie validate: the same register and week read the same whatever the clock (the demo pins it)', async () => {
    const register = path.join(dir, 'T.xlsx');
    await writeRegisterFile(register, [credited]);
    const before = await anjie('progress', '--register', register, '--week', '2026-W48', '--today', '2026-11-23', '--out', path.join(dir, 'T-23.xlsx'));
    expect(before.code, before.err).toBe(0);
    // On Monday the 24th's credit has not happened yet: 无法判断, named against the day given.
    expect(before.out).toContain('无法判断 1 户');
    expect(before.out).toContain('「放款日期」2026-11-24 晚于今天（2026-11-23）');
    const after = await anjie('progress', '--register', register, '--week', '2026-W48', '--today', '2026-11-30', '--out', path.join(dir, 'T-30.xlsx'));
    expect(after.code, after.err).toBe(0);
    expect(after.out).toContain('本周放款 1 户 ¥500,000.00');
    expect(after.out).not.toContain('无法判断');
    const bad = await anjie('progress', '--register', register, '--week', '2026-W48', '--today', '2026-13-01', '--out', path.join(dir, 'T-bad.xlsx'));
    expect(bad.code).toBe(2);
  }, 60_000);

  it('prints a warning in a column the sheet reads (a 房号编码 naming another room) by row and column, Chinese first, and exits 0 with --fail-on-problems', async () => {
    const register = path.join(dir, 'W.xlsx');
    await writeRegisterFile(register, [credited, miscoded]);
    const at = await cellOf(register, '0103', '房号编码');
    const r = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', path.join(dir, 'W-P.xlsx'), '--fail-on-problems');
    expect(r.code, r.err).toBe(0);
    const zh = r.out.indexOf('台账中进度表所用的列有 1 处警告');
    expect(zh).toBeGreaterThan(-1);
    expect(zh).toBeLessThan(r.out.indexOf('1 register warning(s) in the columns the progress sheet reads'));
    expect(r.out).toMatch(new RegExp(`提示 warning 按揭台账!${at} \\[房号编码\\] UNIT_CODE_MISMATCH: 房号编码 3-2-0109`));
    expect(r.out).not.toContain('错误 error');
  }, 60_000);
});
