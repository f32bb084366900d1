import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../pipeline/errors';
import { currentLimits, DEFAULT_LIMITS, setLimits } from '../../pipeline/io/limits';
import { readBankFile } from '../../pipeline/read';
import { anjie, CORPUS, freshDir, stackLines } from './helpers';

/**
 * Limits: the largest input, the largest uncompressed sheet and the most rows are configurable
 * (environment variables, or setLimits for programs), and a file over one stops with a UserError
 * (exit 2) naming the file, the limit and how to raise it — before memory is spent on it.
 */
const H = (f: string) => path.join(CORPUS, f);

afterEach(() => setLimits({}));

describe('input limits', () => {
  it('has defaults and takes ANJIE_MAX_INPUT_MB / ANJIE_MAX_SHEET_MB / ANJIE_MAX_ROWS from the environment', async () => {
    expect(currentLimits()).toEqual(DEFAULT_LIMITS);
    const r = await anjie(['inspect', H('good-statement.csv')], { ANJIE_MAX_ROWS: '4' });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toContain('行数超过上限 4 行');
    expect(r.out + r.err).toContain('more than 4 rows');
    expect(r.out + r.err).toContain('ANJIE_MAX_ROWS');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const r = await anjie(['inspect', H('cell-1mb.csv')], { ANJIE_MAX_INPUT_MB: '0.5' });
    const seen = r.out + r.err;
    expect(r.code).toBe(2);
    expect(seen).toContain('cell-1mb.csv');
    expect(seen).toContain('超过上限 512 KiB');
    expect(seen).toContain('over the limit of 512 KiB');
    expect(seen).toContain('ANJIE_MAX_INPUT_MB');
    expect(stackLines(seen)).toEqual([]);
  });

  it('refuses a workbook whose sheet expands past the sheet limit, judged from the zip directory', async () => {
    setLimits({ maxSheetBytes: 4096 });
    await expect(readBankFile(H('good-statement.xlsx'))).rejects.toThrow(/解压后为 .* 超过上限 4 KiB|over the limit of 4 KiB/);
  });

  it('counts rows across every sheet read, and names the sheet and row where it stopped', async () => {
    setLimits({ maxRows: 6 });
    const err = await readBankFile(H('good-statement.xlsx')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const u = err as UserError;
    expect(u.exitCode).toBe(2);
    expect(u.where).toMatchObject({ file: 'good-statement.xlsx', sheet: '交易明细', row: 7 });
    setLimits({ maxRows: 9 }); // title 3 + header 1 + 5 rows: exactly at the limit is fine
    expect((await readBankFile(H('good-statement.xlsx'))).transactionCount).toBe(5);
  });

  it('refuses a limit that is not a positive number, saying which variable', async () => {
    const r = await anjie(['inspect', H('good-statement.csv')], { ANJIE_MAX_ROWS: 'lots' });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toContain('ANJIE_MAX_ROWS');
    expect(r.out + r.err).toContain('positive number');
  });

  it('leaves no output behind when reconcile stops at a limit', async () => {
    const dir = freshDir('limit');
    const r = await anjie(['reconcile', '--bank', H('good-statement.csv'), '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'r.xlsx'), '--json', path.join(dir, 'r.json')], { ANJIE_MAX_ROWS: '4' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('good-statement.csv');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
