import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, tempDir } from './helpers';

/**
 * Putting the column page breaks back (colBreaks.ts) rewrites the workbook through a second
 * temporary file, `<temp>.breaks`. A Ctrl-C while it was written left it beside the signed
 * workbook. Runs the compiled lib/ (npx tsc -p tsconfig.build.json first).
 */
const lib = path.resolve(__dirname, '../../lib/pipeline/signoff/colBreaks.js');

describe('the .breaks temporary file of a page-break repair', () => {
  it('is removed when the run is stopped by Ctrl-C while it is written', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.按揭进度表.123.456.tmp.xlsx');
    await buildReport(file);
    const script = `
      const fs = require('fs'), crypto = require('crypto');
      const { restoreColBreaks } = require(${JSON.stringify(lib)});
      const breaks = ${JSON.stringify(file)} + '.breaks';
      const seen = setInterval(() => {
        if (!fs.existsSync(breaks)) return;
        clearInterval(seen);
        crypto.pbkdf2('x', 'salt', 5e6, 32, 'sha256', () => undefined); // the pool's one thread is busy: the rewrite waits
        process.stdout.write('writing\\n');
      }, 1);
      restoreColBreaks(${JSON.stringify(file)}, new Map(), '<font><sz val="10"/><name val="Microsoft YaHei"/></font>');`;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(readdirSync(dir).filter((f) => f.endsWith('.breaks'))).toEqual([]);
    expect(code).toBe(130); // the shell's code for Ctrl-C, as writeAtomically's own temporary file

  }, 60_000);
});
