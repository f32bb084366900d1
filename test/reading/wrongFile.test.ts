import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { tempDir, writeBank, writeFinance } from '../reconcile/files';

describe('the register given where a statement or journal is read', () => {
  it('is named as the register, with the option it goes to, not matched against bank profiles (reconcile --bank or --finance, inspect; exit 2)', async () => {
    const dir = await tempDir();
    const register = path.join(dir, '按揭台账.xlsx');
    expect((await anjie('register', 'new', '--out', register)).code).toBe(0);
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const out = path.join(dir, 'r.xlsx');
    const runs = [
      ['reconcile', '--bank', bank, register, '--finance', fin, '--period', '2026-11', '--out', out],
      ['reconcile', '--bank', bank, '--finance', register, '--period', '2026-11', '--out', out],
      ['inspect', register],
    ];
    for (const args of runs) {
      const r = await anjie(...args);
      const said = r.out + r.err; // inspect reports each file on stdout, reconcile an error on stderr
      const what = args.slice(0, 4).join(' ');
      expect(r.code, what).toBe(2);
      expect(said, what).toContain('按揭台账.xlsx 是按揭台账（表头有 房号、合同编号 等），不是银行流水或财务序时账');
      expect(said, what).toContain('is the mortgage register (its header has 房号, 合同编号 …), not a bank statement or a journal');
      expect(said, what).toContain('--register');
      expect(said, what).not.toContain('最接近的版式');
      expect(said, what).not.toContain('templates/banks/');
    }
  });
});
