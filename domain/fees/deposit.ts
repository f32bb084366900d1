import Decimal from 'decimal.js';
import type { RegisterUnit } from '../register';
import type { FeeRules } from './rules';

/**
 * The deposit ratio of templates/fees/deposit.json for a unit's lending bank, else the file's default:
 * what applies when the register row has no ratio of its own (computeDeposit; the reconciliation
 * uses the same rule for a unit without one). `bank` is the matching bank entry's name, null for the default.
 */
export function bankDepositRatio(unit: Pick<RegisterUnit, 'bank'>, deposit: Pick<FeeRules['deposit'], 'default' | 'banks'>): { ratio: Decimal; ruleId: string; bank: string | null } {
  const bank = deposit.banks.find((b) => b.bank === unit.bank);
  return bank ? { ratio: new Decimal(bank.ratio), ruleId: bank.id, bank: bank.bank } : { ratio: new Decimal(deposit.default.ratio), ruleId: deposit.default.id, bank: null };
}
