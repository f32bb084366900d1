import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';


const dirs: string[] = [];
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('anjie sample', () => {
  it('explains itself in Chinese and English', async () => {
    const r = await anjie('sample', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('示例数据');
    expect(r.out).toContain('write the sample data');
    expect(r.out).toContain('--units');
    expect(r.out).toContain('随机种子 / random seed');
  });

  it('writes the set and says where', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-sample-cli-'));
    dirs.push(dir);
    const r = await anjie('sample', '--out', dir, '--units', '60', '--seed', '3', '--period', '2026-12');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(dir);
    const truth = JSON.parse(await fs.readFile(path.join(dir, 'truth.json'), 'utf8')) as { units: number; seed: number; period: string };
    expect(truth).toMatchObject({ units: 60, seed: 3, period: '2026-12' });
    expect(await fs.readdir(dir)).toContain('按揭台账.xlsx');
    // As of the period's last day the register is clean: no missing field, bad ID, stage or amount error.
    const v = await anjie('validate', '--today', '2026-12-31', path.join(dir, '按揭台账.xlsx'));
    expect(v.out).toContain('0 error(s), 0 warning(s)');
    expect(v.code).toBe(0);
  });

  it('a second run in the same folder removes the files the first wrote and it does not (statement names depend on the period, and 农行’s on the seed), and no other file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-sample-again-'));
    dirs.push(dir);
    await fs.writeFile(path.join(dir, '备注.txt'), 'mine');
    await fs.writeFile(path.join(dir, '农行_监管户_我的.xlsx'), 'mine too');
    const listed = async (d: string) => {
      const truth = JSON.parse(await fs.readFile(path.join(d, 'truth.json'), 'utf8')) as { files: { register: string; statements: { file: string }[]; journal: string } };
      return [truth.files.register, ...truth.files.statements.map((s) => s.file), truth.files.journal, 'truth.json'];
    };
    expect((await anjie('sample', '--out', dir, '--units', '50', '--seed', '7', '--period', '2026-10')).code).toBe(0);
    const first = await listed(dir);
    expect((await anjie('sample', '--out', dir, '--units', '50')).code).toBe(0);
    const second = await listed(dir);
    // October's exports are named _2026-10: reconciling the folder's 行 files would read both months.
    expect(first.filter((f) => !second.includes(f)).length).toBeGreaterThan(0);
    expect((await fs.readdir(dir)).filter((f) => !f.startsWith('.')).sort()).toEqual([...second, '备注.txt', '农行_监管户_我的.xlsx'].sort());
    expect(await fs.readFile(path.join(dir, '备注.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a unit count out of range, a bad seed and a bad period with exit 2', async () => {
    for (const args of [['--units', '5'], ['--units', 'many'], ['--seed', '1.5'], ['--period', '2026-13'], ['--period', 'November']]) {
      const r = await anjie('sample', '--out', path.join(os.tmpdir(), 'anjie-never-written'), ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/[\u4e00-\u9fff]/);
      expect(r.err).toMatch(/must|units|seed|period/);
    }
  });

  it('needs --out', async () => {
    const r = await anjie('sample');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out');
  });
});
