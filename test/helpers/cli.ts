import { vi } from 'vitest';
import { run } from '../../pipeline/cli';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `anjie ARGS` in-process and captures what a person would see on stdout and stderr. */
export async function anjie(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await run(['node', 'anjie', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}
