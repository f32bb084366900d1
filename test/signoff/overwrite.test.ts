import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';


describe('generators and a signed workbook', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('refuse to overwrite it without --force, keep the signed file intact, and overwrite with --force', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-overwrite-'));
    const file = path.join(dir, '空白台账.xlsx');
    expect((await anjie('register', 'new', '--out', file, '--rows', '5')).code).toBe(0);
    expect((await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '制表')).code).toBe(0);
    const signed = await fs.readFile(file);

    const refused = await anjie('register', 'new', '--out', file, '--rows', '5');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('签核');
    expect(refused.err).toMatch(/sign/i);
    expect(refused.err).not.toMatch(/\n\s+at /);
    expect((await fs.readFile(file)).equals(signed)).toBe(true);
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);

    expect((await anjie('register', 'new', '--out', file, '--rows', '5', '--force')).code).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(2); // a fresh, unsigned workbook
    await fs.rm(dir, { recursive: true, force: true });
  });
});
