import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const lib = path.resolve(__dirname, '../../lib/pipeline/io/atomicWrite.js');

describe('writeAtomically stopped by Ctrl-C', () => {
  it('leaves no temporary file even when the temporary file was still being opened (thread pool busy, as while zipping a big workbook)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'anjie-atomic-'));
    const script = `
      const fs = require('fs'), crypto = require('crypto');
      const { writeAtomically } = require(${JSON.stringify(lib)});
      writeAtomically(${JSON.stringify(path.join(dir, '对账报告.xlsx'))}, async (temp) => {
        crypto.pbkdf2('x', 'salt', 2e6, 32, 'sha256', () => undefined); // the one pool thread is busy
        const s = fs.createWriteStream(temp); // its open waits behind it
        process.stdout.write('writing\\n');
        await new Promise((r) => setTimeout(r, 10000));
        await new Promise((r) => s.end('x', r));
      });`;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });
});
