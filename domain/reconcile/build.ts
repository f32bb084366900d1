import Decimal from 'decimal.js';
import { Money } from '../money';
import { findUnitCode, normaliseName } from '../units';
import { StringIds } from './stringIds';
import { voucherIdentity } from './voucher';
import type { ReconcileInput } from './types';
import { Item, KIND_BANK, KIND_CARRIED, KIND_FIN, KIND_REJ, type Note, ZERO, addFlag, compareKey, includesAny, nameKey } from './item';
import type { RegisterIndex } from './registerIndex';

/** Input records (bank, journal, carried, rejected) become Items: unit and buyer read from memo, journal and register; foreign-currency rows set aside. */

/** The longest register buyer name inside a text (names are 2–6 characters), or null when none or several. */
function nameIn(text: string, names: StringIds): string | null {
  let found: string | null = null;
  for (let len = Math.min(6, text.length); len >= 2 && !found; len--) {
    for (let k = 0; k + len <= text.length; k++) {
      const sub = text.slice(k, k + len);
      if (names.has(sub)) {
        if (found && found !== sub) return null;
        found = sub;
      }
    }
  }
  return found;
}

const CNY = 'CNY';
const FOREIGN_NOTE: Note = { kind: 'notMortgage', rule: null, reason: 'currency' };

/**
 * A statement row in another currency than CNY (BankTransaction.currency): set aside as NOT_MORTGAGE
 * before anything else (duplicates, reversals, rules never see it); its row counts, its amount is in
 * no ¥ total or sheet cell (computeTotals keeps it per currency).
 */
export function isForeign(it: Item): boolean {
  const n = it.note;
  return n !== null && n.kind === 'notMortgage' && n.reason === 'currency';
}

export function buildItems(input: ReconcileInput, reg: RegisterIndex): Item[] {
  const items: Item[] = [];
  const providentWords = input.config.providentKeywords;
  // Buyer names the run knows: the register's, and the customers finance booked.
  const names = new StringIds(input.finance.length);
  for (const n of reg.nameToUnit.keys()) if (n) names.add(n);
  for (let at = 0; at < input.finance.length; at++) {
    const l = input.finance[at];
    if (!l.isBankLine || !l.customer) continue;
    const n = nameKey(l.customer);
    if (n) names.add(n);
  }
  // And the buyers of bookings still open from last month: a provident credit "公积金放款 张三" this month is theirs.
  for (const c of input.carried ?? []) if (c.side === 'finance' && c.name) names.add(c.name);
  // A voucher that books a withheld deposit on a 保证金 account next to its bank line: by file and date,
  // then by voucherIdentity (the lines may spell the 凭证字号 apart: 记-0001, 记-1), asked only of the
  // bank lines of a file and date that has such a deposit.
  const depositOfVoucher = new Map<string, Map<string, Decimal>>();
  for (let at = 0; at < input.finance.length; at++) {
    const l = input.finance[at];
    if (l.isBankLine || !l.debit.gt(0) || !includesAny(l.accountName ?? '', input.config.depositKeywords)) continue;
    const day = `${l.source.file}|${l.date}`;
    let byVoucher = depositOfVoucher.get(day);
    if (!byVoucher) depositOfVoucher.set(day, (byVoucher = new Map()));
    const v = voucherIdentity(l.voucher);
    byVoucher.set(v, (byVoucher.get(v) ?? new Money(0)).plus(l.debit));
  }
  for (let at = 0; at < input.bank.length; at++) {
    const t = input.bank[at];
    const it = new Item(KIND_BANK, 'bank', t, t.amount);
    if (t.currency !== CNY && t.currency) {
      // Not yuan: never a disbursement to match against ¥ bookings, nor part of any ¥ total (see isForeign).
      addFlag(it, 'NOT_MORTGAGE');
      it.note = FOREIGN_NOTE;
      it.aside = true;
      it.taken = true;
      items.push(it);
      continue;
    }
    it.name = t.counterpartyName ? nameKey(t.counterpartyName) || null : null;
    // A provident-fund centre (or any payer the register does not know) is not the buyer: look for a
    // register buyer named in the memo ("公积金贷款发放 张三").
    if (t.memo && names.size && (!it.name || !names.has(it.name))) {
      const inMemo = nameIn(normaliseName(t.memo), names);
      if (inMemo) it.name = inMemo;
      else if (it.name && includesAny(it.name, providentWords)) it.name = null;
    } else if (it.name && includesAny(it.name, providentWords)) it.name = null;
    const memoUnit = t.memo ? findUnitCode(t.memo) : null;
    if (memoUnit) {
      it.unit = memoUnit;
      it.unitFrom = 'memo';
    } else if (it.name) {
      const u = reg.nameToUnit.get(it.name);
      if (u) {
        it.unit = u;
        it.unitFrom = 'register';
      }
    }
    items.push(it);
  }
  for (let at = 0; at < input.finance.length; at++) {
    const l = input.finance[at];
    if (!l.isBankLine) continue;
    const it = new Item(KIND_FIN, 'finance', l, l.credit.isZero() ? l.debit : new Money(l.debit).minus(l.credit));
    it.name = l.customer ? nameKey(l.customer) || null : null;
    it.unit = l.unitKey || null;
    if (it.unit) it.unitFrom = 'journal';
    const dep = depositOfVoucher.size && l.debit.gt(0) ? depositOfVoucher.get(`${l.source.file}|${l.date}`)?.get(voucherIdentity(l.voucher)) : undefined;
    if (dep) it.voucherDeposit = dep;
    items.push(it);
  }
  for (const c of input.carried ?? []) {
    const it = new Item(KIND_CARRIED, c.side, c, c.amount);
    it.unit = c.unit;
    if (c.unit) it.unitFrom = c.side === 'bank' ? 'memo' : 'journal';
    it.name = c.name ? nameKey(c.name) || null : null;
    items.push(it);
  }
  for (const r of input.rejected) {
    // No amount it can be trusted for: zero, as before.
    const it = new Item(KIND_REJ, r.side, r.row, ZERO);
    it.aside = true;
    it.taken = true;
    addFlag(it, 'UNPARSEABLE');
    items.push(it);
  }
  items.sort(compareKey);
  for (let k = 0; k < items.length; k++) items[k].i = k;
  return items;
}
