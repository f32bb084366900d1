import Decimal from 'decimal.js';
import type { RegisterUnit } from '../register';
import type { Bilingual } from '../text';
import type { FeeRules } from './rules';

/**
 * The deposit ratio of templates/fees/deposit.json for a unit's lending bank, else the file's default:
 * what applies when the register row has no ratio of its own (computeDeposit; the reconciliation
 * uses the same rule for a unit without one, and refuses it where unknownDepositRatio says why). `bank` is the matching bank entry's name, null for the default.
 */
export function bankDepositRatio(unit: Pick<RegisterUnit, 'bank'>, deposit: Pick<FeeRules['deposit'], 'default' | 'banks'>): { ratio: Decimal; ruleId: string; bank: string | null } {
  const bank = deposit.banks.find((b) => b.bank === unit.bank);
  return bank ? { ratio: new Decimal(bank.ratio), ruleId: bank.id, bank: bank.bank } : { ratio: new Decimal(deposit.default.ratio), ruleId: deposit.default.id, bank: null };
}

/**
 * Why no deposit ratio can be taken for a unit, or null when its own (else its bank's, else the default)
 * applies: its 保证金比例 is below 0 (a slipped minus, DEPOSIT_RATIO: no bank holds a negative deposit), is
 * 100% or more (no bank holds the whole loan: the credit would be nothing), or could not be read (the row meant another ratio than the bank's), or, with no ratio of its own, its
 * 贷款银行 is off the register's bank list (建设银行 for 中国建设银行: no bank's agreement goes by that name,
 * and the general default is not its ratio; validateRegister marks it, BANK_UNKNOWN) or blank (BANK_MISSING), or the register has no
 * 贷款银行 column (validateRegister marks the unit, bankColumnMissing). The 按揭保证金 is
 * then 无法计算 (computeDeposit), and the reconciliation recognises no credit net of it.
 */
export function unknownDepositRatio(unit: Pick<RegisterUnit, 'bank' | 'unreadable' | 'depositRatio' | 'bankColumnMissing'>): Bilingual | null {
  if (unit.depositRatio?.isNeg() && !unit.depositRatio.isZero()) {
    const shown = `${unit.depositRatio.times(100).toString()}%`;
    return { zh: `保证金比例 ${shown} 不能为负数`, en: `the deposit ratio ${shown} cannot be negative` };
  }
  // 100% or more would hold the whole loan or more: the credit would be nothing (a 1000 typed for 10%).
  if (unit.depositRatio?.gte(1)) {
    const shown = `${unit.depositRatio.times(100).toString()}%`;
    return { zh: `保证金比例 ${shown} 不小于 100%，保证金不会等于或超过贷款本身`, en: `the deposit ratio ${shown} is 100% or more; a deposit is never the whole loan or more` };
  }
  if (unit.depositRatio) return null;
  if (unit.unreadable?.includes('depositRatio')) return { zh: '保证金比例无法识别', en: 'the deposit ratio cannot be read' };
  if (unit.unreadable?.includes('bank')) {
    return { zh: `贷款银行「${unit.bank ?? ''}」不在银行列表中，无法确定保证金比例`, en: `the lending bank "${unit.bank ?? ''}" is not in the bank list, so the deposit ratio is not known` };
  }
  // No bank at all (BANK_MISSING, or no 贷款银行 column: COLUMN_MISSING) is no agreement either: the general default is a guess.
  if (!unit.bank && unit.bankColumnMissing) return { zh: '贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例', en: 'the register has no lending bank column, so the deposit ratio is not known' };
  if (!unit.bank) return { zh: '未填贷款银行，无法确定保证金比例', en: 'no lending bank is given, so the deposit ratio is not known' };
  return null;
}
