import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';

const H = (name: string) => path.resolve(__dirname, '../fixtures/hostile', name);

describe('a statement with no rows', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('still appears in the totals and the summary, with 0 rows, beside the files that had rows', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-empty-file-'));
    const json = path.join(dir, 'r.json');
    const r = await anjie('reconcile', '--bank', H('good-statement.csv'), H('header-only.xlsx'), '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'r.xlsx'), '--json', json);
    expect(r.code, r.err).toBe(0);
    const files = (JSON.parse(await fs.readFile(json, 'utf8')) as { totals: { files: { side: string; file: string; rows: number }[] } }).totals.files;
    expect(files).toContainEqual(expect.objectContaining({ side: 'bank', file: 'header-only.xlsx', rows: 0 }));
    expect(files).toContainEqual(expect.objectContaining({ side: 'bank', file: 'good-statement.csv', rows: 5 }));
    expect(files).toContainEqual(expect.objectContaining({ side: 'finance', file: 'good-journal.xlsx' }));
  });
});
