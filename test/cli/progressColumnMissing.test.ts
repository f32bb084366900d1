import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { removeRegisterColumns, writeRegisterFile } from '../templates/registerFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-progress-colmissing-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stages = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10' };

/** A register written from the template, then the named header columns taken out, as a desk's own copy may lack them. */
async function registerWithout(file: string, headers: readonly string[]): Promise<void> {
  await writeRegisterFile(file, [makeUnit({ room: '0102', commercialLoan: '500000.00', downPayment: '500000.00', stages: { ...stages, disbursed: '2026-11-24' } })]);
  await removeRegisterColumns(file, headers);
}

describe('anjie progress on a register whose header lacks a column the sheet reads', () => {
  it('lists COLUMN_MISSING for 楼栋 (the sheet names units by it), not for 建筑面积 (it reads none), also with --project; exit 1 with --fail-on-problems', async () => {
    const register = path.join(dir, 'R.xlsx');
    await registerWithout(register, ['楼栋', '建筑面积(㎡)']);
    const args = ['progress', '--register', register, '--week', '2026-W48', '--today', '2026-11-30'];
    const r = await anjie(...args, '--out', path.join(dir, 'P.xlsx'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('台账中进度表所用的列有 1 处错误');
    expect(r.out).toMatch(/按揭台账!\d+ .*COLUMN_MISSING: 表头中没有必填列「楼栋」/);
    expect(r.out).not.toContain('建筑面积');
    const one = await anjie(...args, '--project', '滨江花园', '--out', path.join(dir, 'P1.xlsx'), '--fail-on-problems');
    expect(one.out).toContain('COLUMN_MISSING: 表头中没有必填列「楼栋」');
    expect(one.code).toBe(1);
  }, 60_000);
});
