import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleSet, type SampleTruth } from '../../pipeline/sample';
import { writeSampleSet } from '../../pipeline/sample/write';
import { tempDir } from './files';

/**
 * A big month's files are read on worker threads (pipeline/reconcile/parallelRead.ts). Threads need
 * compiled JavaScript, so this test compiles the CLI into test-artifacts/ and runs it as finance
 * would, with the threads forced on (ANJIE_READ_THREADS=2) and off (0): the reports must be the
 * same to the byte, and a file that cannot be read must fail the same way.
 */
const repo = path.resolve(__dirname, '../..');
const lib = path.join(repo, 'test-artifacts', 'threads-lib');
const run = promisify(execFile);
let dir = '';
let truth: SampleTruth;

async function anjie(threads: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const code = `require(${JSON.stringify(path.join(lib, 'pipeline', 'cli.js'))}).main(process.argv)`;
  try {
    const r = await run(process.execPath, ['-e', code, 'anjie', ...args], { env: { ...process.env, ANJIE_READ_THREADS: threads }, maxBuffer: 1 << 24 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

beforeAll(async () => {
  await run(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'tsconfig.build.json'), '--outDir', lib]);
  dir = await tempDir();
  await writeSampleSet(dir, generateSampleSet({}));
  truth = JSON.parse(await fs.readFile(path.join(dir, 'truth.json'), 'utf8')) as SampleTruth;
}, 180_000);

function reconcileArgs(out: string, bank = truth.files.statements.map((s) => path.join(dir, s.file))): string[] {
  return ['reconcile', '--bank', ...bank, '--finance', path.join(dir, truth.files.journal), '--register', path.join(dir, truth.files.register), '--period', truth.period, '--out', path.join(dir, `${out}.xlsx`), '--json', path.join(dir, `${out}.json`)];
}

describe('reading on worker threads', () => {
  it('gives the same report, byte for byte, as reading on one thread', async () => {
    const one = await anjie('0', reconcileArgs('one'));
    const two = await anjie('2', reconcileArgs('two'));
    expect(one.code, one.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    const a = await fs.readFile(path.join(dir, 'one.json'), 'utf8');
    const b = await fs.readFile(path.join(dir, 'two.json'), 'utf8');
    expect(JSON.parse(a).rows.length).toBeGreaterThan(100);
    expect(b).toBe(a);
    expect(two.out.replaceAll('two.', 'one.')).toBe(one.out);
  }, 120_000);

  it('a file that cannot be read stops the run with the same bilingual message, or is left out with --keep-going', async () => {
    const bad = path.join(dir, 'not-a-statement.csv');
    await fs.writeFile(bad, '这不是对账单\nnot a statement\n1,2,3\n');
    const bank = [...truth.files.statements.map((s) => path.join(dir, s.file)), bad];
    const one = await anjie('0', reconcileArgs('bad1', bank));
    const two = await anjie('2', reconcileArgs('bad2', bank));
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(two.err).toContain('not-a-statement.csv');
    expect(two.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(two.err).toBe(one.err);
    const kept = await anjie('2', [...reconcileArgs('kept', bank), '--keep-going']);
    // Like make -k: the report is written without the file, and the exit code says the run was incomplete.
    expect(kept.code).toBe(2);
    expect(kept.err).toContain('已跳过，其余文件已对账');
    expect(kept.out).toContain('招行_基本户_2026-11.csv');
    await expect(fs.stat(path.join(dir, 'kept.xlsx'))).resolves.toBeTruthy();
  }, 120_000);
});
