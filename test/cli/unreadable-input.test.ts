import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError, describeUserError } from '../../pipeline/errors';
import { inputFileError } from '../../pipeline/read/guards';
import { anjie } from '../helpers/cli';

// A bank file or journal the user may not read: a bilingual message naming it and exit 2 (never
// "Internal error", exit 3); --keep-going leaves such a bank file out like any other unreadable one.
const root = path.resolve(__dirname, '..', '..');
const launcher = path.join(root, 'bin', 'anjie.js');

describe('a file-system failure reading an input', () => {
  it('is a UserError naming the file, for each failure a person meets', () => {
    const file = path.join(os.tmpdir(), '工行.csv');
    const fail = (code: string, at = file) => Object.assign(new Error(`${code}: x, open '${at}'`), { code, syscall: 'open', path: at });
    const cases: [string, string, string][] = [
      ['EACCES', '无法读取文件 工行.csv：没有读取权限', 'Cannot read the file 工行.csv: permission denied'],
      ['EPERM', '无法读取文件 工行.csv：没有读取权限', 'Cannot read the file 工行.csv: permission denied'],
      ['EBUSY', '无法读取文件 工行.csv：文件正被其他程序占用（是否在 Excel 中打开？）', 'the file is in use (is it open in Excel?)'],
      ['EIO', '无法读取文件 工行.csv：读取时发生输入/输出错误', 'an input/output error while reading'],
      ['EWHATEVER', '无法读取文件 工行.csv：系统错误 EWHATEVER', 'system error EWHATEVER'],
    ];
    for (const [code, zh, en] of cases) {
      const err = inputFileError(file, fail(code));
      expect(err, code).toBeInstanceOf(UserError);
      const text = describeUserError(err as UserError);
      expect(text).toContain(zh);
      expect(text).toContain(en);
      expect(text).toContain('文件 file: 工行.csv');
      expect((err as UserError).exitCode).toBe(2);
    }
    // Not about the input: unchanged (still reported as a bug).
    const other = fail('EACCES', path.join(os.tmpdir(), 'anjie-xls-1'));
    expect(inputFileError(file, other)).toBe(other);
    const bug = new TypeError('x is undefined');
    expect(inputFileError(file, bug)).toBe(bug);
  });

  describe.skipIf(process.platform === 'win32')('end to end, as a user without read permission', () => {
    // As root, permissions do not stop a read: the CLI runs without root's power to override them
    // (setpriv drops CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH), so it can still read the checkout wherever
    // it is (a clone under /root is closed to "nobody"); without setpriv, as "nobody".
    const asRoot = process.getuid?.() === 0;
    const setpriv = asRoot && fs.existsSync('/usr/bin/setpriv');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-unreadable-'));
    const sample = path.join(tmp, 'sample');
    const out = path.join(tmp, 'out');
    beforeAll(async () => {
      const r = await anjie('sample', '--out', sample, '--units', '50', '--seed', '5');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      fs.mkdirSync(out);
      fs.chmodSync(tmp, 0o755);
      fs.chmodSync(sample, 0o755);
      fs.chmodSync(out, 0o777);
      for (const f of fs.readdirSync(sample)) fs.chmodSync(path.join(sample, f), 0o644);
      fs.chmodSync(path.join(sample, '工行_监管户_2026-11.csv'), 0o000);
    });
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    const reconcile = (...more: string[]) => {
      const args = [launcher, 'reconcile', '--period', '2026-11', ...more];
      const dropDac = ['--bounding-set', '-dac_override,-dac_read_search', '--inh-caps', '-dac_override,-dac_read_search', process.execPath];
      const r = spawnSync(setpriv ? '/usr/bin/setpriv' : process.execPath, setpriv ? [...dropDac, ...args] : args, {
        cwd: sample,
        encoding: 'utf8',
        ...(asRoot && !setpriv ? { uid: 65534, gid: 65534 } : {}),
      });
      return { code: r.status, err: r.stderr, out: r.stdout };
    };

    it('an unreadable bank file: exit 2, the file and "permission denied" in both languages, no report', () => {
      const report = path.join(out, 'a.xlsx');
      const r = reconcile('--bank', '工行_监管户_2026-11.csv', '建行_监管户_2026-11.xlsx', '--finance', '序时账_2026-11.xlsx', '--out', report);
      expect(r.err).toContain('错误: 无法读取文件 工行_监管户_2026-11.csv：没有读取权限');
      expect(r.err).toContain('Error: Cannot read the file 工行_监管户_2026-11.csv: permission denied');
      expect(r.err).not.toContain('Internal error');
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(2);
      expect(fs.readdirSync(out).filter((f) => f.startsWith('a.'))).toEqual([]);
    });

    it('with --keep-going, the unreadable bank file is left out and the others are reconciled (exit 2)', () => {
      const report = path.join(out, 'b.xlsx');
      const r = reconcile('--bank', '工行_监管户_2026-11.csv', '建行_监管户_2026-11.xlsx', '--finance', '序时账_2026-11.xlsx', '--out', report, '--keep-going');
      expect(r.err).toContain('无法读取文件 工行_监管户_2026-11.csv：没有读取权限');
      expect(r.err).toContain('skipped; the other files were reconciled');
      expect(r.out).toContain('建行_监管户_2026-11.xlsx');
      expect(r.code).toBe(2);
      expect(fs.existsSync(report)).toBe(true);
    });

    it('an unreadable finance journal: exit 2 and the file named', () => {
      fs.chmodSync(path.join(sample, '序时账_2026-11.xlsx'), 0o000);
      try {
        const r = reconcile('--bank', '建行_监管户_2026-11.xlsx', '--finance', '序时账_2026-11.xlsx', '--out', path.join(out, 'c.xlsx'));
        expect(r.err).toContain('无法读取文件 序时账_2026-11.xlsx：没有读取权限');
        expect(r.err).not.toContain('Internal error');
        expect(r.code).toBe(2);
      } finally {
        fs.chmodSync(path.join(sample, '序时账_2026-11.xlsx'), 0o644);
      }
    });
  });
});
