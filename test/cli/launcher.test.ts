import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';

// bin/anjie.js as finance starts it: a separate node process running the compiled CLI in lib/
// (`npm test` builds it first). `anjie reconcile` re-launches itself with bin/node-flags.json.
const root = path.resolve(__dirname, '..', '..');
const launcher = path.join(root, 'bin', 'anjie.js');
const { reconcile: flags, reconcileEnv } = JSON.parse(fs.readFileSync(path.join(root, 'bin', 'node-flags.json'), 'utf8')) as { reconcile: string[]; reconcileEnv: Record<string, string> };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-launcher-'));
const dir = path.join(tmp, 'sample');
beforeAll(async () => {
  const r = await anjie('sample', '--out', dir, '--units', '60', '--seed', '11');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function launch(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function reconcileArgs(out: string, ...more: string[]): string[] {
  return ['reconcile', '--bank', '工行_监管户_2026-11.csv', '建行_监管户_2026-11.xlsx', '--finance', '序时账_2026-11.xlsx', '--register', '按揭台账.xlsx', '--period', '2026-11', '--out', out, '--json', `${out}.json`, ...more];
}

describe('bin/anjie.js reconcile (re-launched with a larger young generation)', () => {
  it('prints the same summary and writes the same JSON as a run without the re-launch, exit 0', () => {
    const relaunched = launch(reconcileArgs('a.xlsx'));
    const direct = launch(reconcileArgs('b.xlsx'), { ANJIE_NO_RELAUNCH: '1' });
    expect(relaunched.err).toBe('');
    expect(relaunched.code).toBe(0);
    expect(direct.code).toBe(0);
    expect(relaunched.out).toContain('已匹配 Matched');
    expect(relaunched.out.replace(/a\.xlsx/g, 'b.xlsx')).toBe(direct.out);
    expect(fs.readFileSync(path.join(dir, 'a.xlsx.json'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'b.xlsx.json'), 'utf8'));
  });

  it('passes on exit code 1 for --fail-on-mismatch when the sample month has findings', () => {
    const r = launch(reconcileArgs('c.xlsx', '--fail-on-mismatch'));
    expect(r.out).toContain('MISSING_IN_BANK');
    expect(r.code).toBe(1);
  });

  it('passes on exit code 2 and the bilingual message for a missing file, without a stack trace', () => {
    const r = launch(['reconcile', '--bank', 'nope.csv', '--finance', '序时账_2026-11.xlsx', '--period', '2026-11', '--out', 'd.xlsx']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('文件不存在');
    expect(r.err).toContain('No such file');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'd.xlsx'))).toBe(false);
  });

  it('stops quietly when the reader of its output has gone (anjie validate … | head), without a stack trace', () => {
    for (const args of [['validate', '按揭台账.xlsx'], ['signoff', '--help']]) {
      // `true` exits without reading: everything the CLI prints goes to a closed pipe.
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${launcher}" ${args.join(' ')} | true; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
      expect(r.stderr).toMatch(/status=[01]\n$/);
    }
  });

  it('re-launches with the environment of node-flags.json, keeping a value the user set', () => {
    // A preload in both processes (NODE_OPTIONS is inherited): the re-launched one, known by its
    // flags, records the environment it was given.
    const preload = path.join(tmp, 'record-env.js');
    const seen = path.join(tmp, 'env.json');
    fs.writeFileSync(preload, `if (process.execArgv.includes(${JSON.stringify(flags[0])})) require('fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.env));`);
    const names = Object.keys(reconcileEnv);
    expect(names.length).toBeGreaterThan(0);
    const childEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
      fs.rmSync(seen, { force: true });
      const clean: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${preload}` };
      for (const n of names) delete clean[n];
      const r = spawnSync(process.execPath, [launcher, ...reconcileArgs('e.xlsx')], { cwd: dir, encoding: 'utf8', env: { ...clean, ...env } });
      expect(r.status).toBe(0);
      return JSON.parse(fs.readFileSync(seen, 'utf8')) as NodeJS.ProcessEnv;
    };
    const given = childEnv({});
    for (const n of names) expect(given[n]).toBe(reconcileEnv[n]);
    const own = childEnv(Object.fromEntries(names.map((n) => [n, '65536'])));
    for (const n of names) expect(own[n]).toBe('65536');
  });

  it('stopping the launcher (SIGTERM, SIGINT) stops reconcile too: exit 143/130, and no report is written afterwards', async () => {
    // A preload in the re-launched process (known by its flags) records its pid, then holds it for
    // a while before reconcile starts: the signal reaches the launcher while the child is running.
    const preload = path.join(tmp, 'hold-child.js');
    const pidFile = path.join(tmp, 'child.pid');
    fs.writeFileSync(
      preload,
      `if (process.execArgv.includes(${JSON.stringify(flags[0])})) { require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); }`,
    );
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      fs.rmSync(pidFile, { force: true });
      const out = `stopped-${signal}.xlsx`;
      const launcherProcess = spawn(process.execPath, [launcher, ...reconcileArgs(out)], { cwd: dir, stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: `--require ${preload}` } });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => launcherProcess.on('exit', (c, s) => resolve({ code: c, signal: s })));
      await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '');
      const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
      launcherProcess.kill(signal);
      expect(await exited).toEqual({ code, signal: null });
      // Give an orphaned child the time to finish reconciling (it would write the report then).
      await waitFor(() => !isRunning(childPid), 10_000).catch(() => undefined);
      expect(isRunning(childPid), `reconcile (pid ${childPid}) still running after the launcher was stopped`).toBe(false);
      expect(fs.existsSync(path.join(dir, out))).toBe(false);
      expect(fs.existsSync(path.join(dir, `${out}.json`))).toBe(false);
    }
  });

  it('stopped while writing (Ctrl-C, SIGTERM, SIGHUP), reconcile removes its half-written temporary files: exit 130/143/129, no report, no .tmp file', async () => {
    // A preload holds each output at its rename, when both temporary files are on disk, and records that.
    const preload = path.join(tmp, 'hold-rename.js');
    const held = path.join(tmp, 'held');
    fs.writeFileSync(
      preload,
      `const fs = require('fs'); fs.promises.rename = (from) => { fs.appendFileSync(${JSON.stringify(held)}, from + '\\n'); if (!process.env.LET_IT_END) setInterval(() => undefined, 1000); return new Promise(() => undefined); };`,
    );
    const cases = [
      { signal: 'SIGINT', code: 130, env: {} }, // through the launcher, as a person runs it
      { signal: 'SIGTERM', code: 143, env: { ANJIE_NO_RELAUNCH: '1' } },
      { signal: 'SIGHUP', code: 129, env: { ANJIE_NO_RELAUNCH: '1' } },
      { signal: null, code: 0, env: { ANJIE_NO_RELAUNCH: '1', LET_IT_END: '1' } }, // the process ends with the outputs unfinished
    ] as const;
    for (const c of cases) {
      fs.rmSync(held, { force: true });
      const sub = fs.mkdtempSync(path.join(tmp, 'stop-'));
      const out = path.join(sub, 'r.xlsx');
      const p = spawn(process.execPath, [launcher, ...reconcileArgs(out)], { cwd: dir, stdio: 'ignore', env: { ...process.env, ...c.env, NODE_OPTIONS: `--require ${preload}` } });
      const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
      if (c.signal) {
        await waitFor(() => fs.existsSync(held));
        expect(fs.readdirSync(sub).filter((f) => f.includes('.tmp')).length, 'temporary files written').toBe(2);
        p.kill(c.signal);
      }
      expect(await exited, String(c.signal)).toBe(c.code);
      expect(fs.readdirSync(sub), String(c.signal)).toEqual([]);
    }
  });

  it('the flags it re-launches with give node a larger young generation than the default', () => {
    // The young generation starts small and grows to its maximum under load: compare what each may grow to.
    const grown = (extra: string[]): number => {
      const r = spawnSync(process.execPath, [...extra, '-e', "const keep = []; for (let i = 0; i < 4e6; i++) { const o = { i }; if (i % 4 === 0) keep.push(o); } process.stdout.write(String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))"], { encoding: 'utf8' });
      return Number(r.stdout);
    };
    expect(grown(flags)).toBeGreaterThan(grown([]));
  });
});

async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Is the process alive (a zombie waiting to be reaped is not)? */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: kill(0) said it is there
  }
}
