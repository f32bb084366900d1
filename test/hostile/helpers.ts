import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vi } from 'vitest';
import { run } from '../../pipeline/cli';

export const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'hostile');

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the CLI in-process and captures what a person would see. `env` changes environment
 * variables for the run only (null removes one).
 */
export async function anjie(args: string[], env: Record<string, string | null> = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    if (v === null) delete process.env[k];
    else process.env[k] = v;
  }
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await run(['node', 'anjie', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A fresh, empty folder for one run's outputs. */
export function freshDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `anjie-hostile-${tag}-`));
}

/** Lines that look like a JavaScript stack trace. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at\s/.test(l) || /\.ts:\d+:\d+/.test(l) || /node:internal/.test(l));
}
