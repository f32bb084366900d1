import { describe, expect, it } from 'vitest';
import { unit } from './helpers';
import { scenario } from './files';

describe('anjie reconcile with a register whose projects share unit codes', () => {
  it('warns, in both languages, that reconciliation cannot tell those units apart', async () => {
    const a = unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000', ratio: '0.05' });
    const register = [a, { ...unit({ unitKey: '3-2-1501', buyer: '李四', commercial: '800000', ratio: '0.05' }), project: '翠湖湾' }, unit({ unitKey: '3-2-1502', buyer: '王五', commercial: '600000', ratio: '0.05' })];
    expect(register[0].project).not.toBe('翠湖湾');
    const s = await scenario({ register, bank: [{ ref: 'B1', amount: '1000000', name: '张三', memo: '个人住房贷款放款 3-2-1501', date: '2026-11-05' }], finance: [{ voucher: '记-1', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-05' }] });
    expect(s.stdout).toContain('台账中有多个项目共用的房号（3-2-1501）');
    expect(s.stdout).toContain('Several projects of the register share unit codes (3-2-1501)');
    // One project: nothing said.
    const one = await scenario({ register: [a], bank: [], finance: [] });
    expect(one.stdout).not.toContain('共用的房号');
  });
});
