import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';

describe('anjie demo', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('runs every step with exit 0; the progress sheet is signed by a desk member as 制表 and by the manager as 审核, as the README shows', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-demo-'));
    const r = await anjie('demo', '--out', dir);
    expect(r.code, r.err).toBe(0);
    // The verify step lists the records in order: prepared by a desk member, reviewed by the manager.
    const verified = r.out.slice(r.out.indexOf('核验签核 / verify'));
    expect(verified).toMatch(/#1 第1轮 round 1 {2}制表 prepared by {2}陈静 [\s\S]*#2 第1轮 round 1 {2}审核 reviewed by {2}王经理 /);
  }, 180_000);
});
