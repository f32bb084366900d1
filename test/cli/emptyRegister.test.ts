import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';

/**
 * A new project's blank register (anjie register new) has no units. progress, fees and title-search
 * refuse it alike (exit 2, no --out written), as the add-in's 生成进度表 / 计算费用 / 创建查册表 do,
 * saying the register has no units yet and to fill them in: fees wrote four empty sheets and said
 * only "应收 ¥0.00", and title-search an empty 查册汇总 of "0 户".
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-empty-register-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('generating from a register with no units yet', () => {
  const runs: Record<string, (register: string, out: string) => string[]> = {
    progress: (register, out) => ['progress', '--register', register, '--week', '2026-W48', '--out', out],
    fees: (register, out) => ['fees', '--register', register, '--city', 'beijing', '--out', out],
    'title-search': (register, out) => ['title-search', '--register', register, '--out', out],
  };
  for (const [command, args] of Object.entries(runs)) {
    it(`anjie ${command}: refused (exit 2), nothing written, saying the register has no units yet and what to do`, async () => {
      const register = path.join(dir, `blank-${command}.xlsx`);
      expect((await anjie('register', 'new', '--out', register, '--rows', '5')).code).toBe(0);
      const out = path.join(dir, `out-${command}.xlsx`);
      const r = await anjie(...args(register, out));
      expect(r.code, r.out).toBe(2);
      expect(r.err).toContain('台账“按揭台账”里还没有房屋');
      expect(r.err).toContain('the register "按揭台账" has no units yet');
      expect(r.err).toMatch(/处理办法: .*填写房屋/);
      expect(fs.existsSync(out)).toBe(false);
    });
  }
});
