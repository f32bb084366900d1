import type { ReconcileConfig } from './types';
import { Item, includesAny } from './item';
import type { RegisterIndex } from './registerIndex';

/** 串户 by buyer: a pair whose booking names another buyer than the register or the payer (WRONG_UNIT). */

/**
 * Why a pair whose units agree (or one side has none) was still booked to the wrong buyer (串户;
 * the name on the credit is the 主借款人, DOMAIN.md), or null when nothing says so:
 * - `register`: the register lists the unit, and the booking's customer is none of its buyers or
 *   its 主借款人 (a co-buyer or the contract holder booked instead of the borrower is not 串户);
 * - `payer`: the unit is not in the register (or there is none), the credit's payer is a person and
 *   the booking names another person. Payers that are not people (the provident-fund centre, a bank,
 *   a company), names that are not plainly Chinese personal names, and lists that share a name
 *   ("张三、李四" against "李四") are never a clash: a missed 串户 is better than a false one.
 * Called only for pairs whose names differ (rare): the common pair costs one string comparison.
 */
export type BuyerClash = { kind: 'register'; unit: string; buyers: string[] } | { kind: 'payer'; payer: string; customer: string };

export function buyerClash(b: Item, f: Item, reg: RegisterIndex, config: ReconcileConfig): BuyerClash | null {
  const customer = f.name;
  if (!customer || b.name === customer) return null;
  const unit = f.unit ?? b.unit;
  if (unit && reg.byUnit.size) {
    if (reg.nameToUnit.get(customer) === unit) return null;
    const buyers = reg.buyersOf.get(unit);
    if (buyers) {
      // The customer cell may hold more than the name ("张三、李四", "张三(主贷)"): any buyer in it will do.
      for (const n of buyers) if (customer.includes(n) || n.includes(customer)) return null;
      return { kind: 'register', unit, buyers };
    }
  }
  return payerClash(b, f, config) ? { kind: 'payer', payer: b.name!, customer } : null;
}

/**
 * The credit's payer and the booking's customer are both plainly people (personNames) and share no
 * name. A payer that is not a person — a bank's loan centre paying out a loan, a bank refunding a
 * deposit, the provident-fund centre, a company — never clashes: it is not "the buyer on the credit".
 */
export function payerClash(b: Item, f: Item, config: ReconcileConfig): boolean {
  if (!b.name || !f.name || b.name === f.name) return false;
  const payers = personNames(b.name, config);
  const customers = payers && personNames(f.name, config);
  if (!payers || !customers) return false;
  for (const p of payers) if (customers.includes(p)) return false;
  return true;
}

const HAN_NAME = /^[\u4e00-\u9fff]{2,4}$/;
/** A name with a middle dot (阿依古丽·买买提), as normaliseName writes it. */
const DOTTED_NAME = /^[\u4e00-\u9fff]{1,10}(?:·[\u4e00-\u9fff]{1,10})+$/;
const NAME_SEPARATORS = /[、,;/&+]/;
/** Words of organisations, not people: a payer holding one is never compared as a person. */
const ORG_WORDS = ['银行', '公司', '中心', '管理', '支行', '分行', '分理处', '营业', '有限', '集团', '公积金', '基金', '财政', '政府', '委员会', '信用社', '合作社', '事务所', '储蓄', '邮政', '证券', '保险', '信托', '农商', '农信', '医院', '学校', '大学', '协会', '商会', '工会'];
const ORG_ENDINGS = '局厅署处所站院部社厂店行司';

/**
 * Whether a payer is an organisation — a bank or its loan centre paying out a loan, the provident-fund
 * centre, a company — rather than a buyer: every part of the name holds a word of ORG_WORDS, or is
 * longer than a personal name and ends as organisations' names do (…局, …所). Such a payer cannot
 * agree or disagree with the booking's customer, so the buyer factor is unknown. (A payer holding
 * config.providentKeywords is no name at all by then: buildItems drops it, or puts the buyer the memo
 * names in its place.) Asked only of a pair whose names differ.
 */
export function isOrganisation(name: string): boolean {
  const parts = name.split(NAME_SEPARATORS).filter(Boolean);
  if (!parts.length) return false;
  for (const p of parts) if (includesAny(p, ORG_WORDS) === null && !(p.length > 4 && ORG_ENDINGS.includes(p[p.length - 1]))) return false;
  return true;
}

/**
 * The buyer factor of a payer name and a customer name: unknown when either is missing or the payer is
 * an organisation (isOrganisation), else agree or differ. A company payer that is itself the customer
 * (a company buying a shop) still agrees: equal names are compared first.
 */
export function buyerFactor(payer: string | null, customer: string | null): 'agree' | 'differ' | 'unknown' {
  if (!payer || !customer) return 'unknown';
  if (payer === customer) return 'agree';
  return isOrganisation(payer) ? 'unknown' : 'differ';
}

/** The personal names in a normalised name text ("张三、李四" → [张三, 李四]), or null when any part is not plainly one. */
function personNames(text: string, config: ReconcileConfig): string[] | null {
  const parts = text.split(NAME_SEPARATORS).filter(Boolean);
  if (!parts.length) return null;
  for (const p of parts) {
    if (!HAN_NAME.test(p) && !DOTTED_NAME.test(p)) return null;
    if (ORG_ENDINGS.includes(p[p.length - 1]) || includesAny(p, ORG_WORDS) || includesAny(p, config.providentKeywords)) return null;
  }
  return parts;
}
