import { afterEach, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';

describe('anjie CLI shell', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints usage in Chinese and English with exit 0', async () => {
    const r = await anjie('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('显示帮助');
    expect(r.out).toContain('show help');
    expect(r.out).toMatch(/reconciliation/);
  });

  it('gives every command a bilingual description', async () => {
    const { buildProgram } = await import('../../pipeline/cli');
    for (const cmd of buildProgram().commands) {
      if (cmd.name() === 'help') continue;
      // Chinese first, then English (after " / " or on the next line).
      expect(cmd.description(), cmd.name()).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][\s\S]*[A-Za-z]{3,}/);
    }
  });

  it('rejects an unknown command with a bilingual message and exit 2', async () => {
    const r = await anjie('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('未知命令');
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  it('rejects an unknown flag with exit 2', async () => {
    const r = await anjie('demo', '--no-such-flag');
    expect(r.code).toBe(2);
    expect(r.err).toContain('未知选项');
  });

  it('a missing subcommand is a usage error: help on stderr, exit 2; asking for help is exit 0', async () => {
    for (const args of [[], ['register'], ['signoff']]) {
      const r = await anjie(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain('显示帮助 / show help');
      expect(r.err, args.join(' ')).toContain('缺少子命令');
    }
    for (const args of [['--help'], ['help'], ['signoff', '--help'], ['help', 'signoff'], ['signoff', 'help'], ['register', 'new', '--help']]) {
      const r = await anjie(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out + r.err, args.join(' ')).toContain('Usage: anjie');
    }
  });

  it('prints the version', async () => {
    const r = await anjie('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
