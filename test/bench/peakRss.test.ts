import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// The benchmark's children report their own peak memory (lib/, which `npm test` builds first).
const compiled = path.resolve(__dirname, '..', '..', 'lib', 'bench', 'peakRss.js');

describe('peak RSS of a benchmark child', () => {
  it.runIf(process.platform === 'linux')("is the child's own, not the size of the parent it was forked from", () => {
    const parent = Buffer.alloc(300 * 1024 * 1024, 1); // resident: every page written
    const script = `const { peakRssBytes } = require(${JSON.stringify(compiled)}); process.stdout.write(JSON.stringify({ own: peakRssBytes(), getrusage: process.resourceUsage().maxRSS * 1024 }))`;
    const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { own: number; getrusage: number };
    expect(parent.length).toBeGreaterThan(0);
    // getrusage counts the forked parent's 300 MB; the child itself is a bare node of a few dozen MB.
    expect(r.getrusage).toBeGreaterThan(300 * 1024 * 1024);
    expect(r.own).toBeLessThan(150 * 1024 * 1024);
    expect(r.own).toBeGreaterThan(10 * 1024 * 1024);
  });
});
