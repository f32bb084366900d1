import Decimal from 'decimal.js';
import { Money } from '../money';
import type { Factors, Flag, ReconcileConfig } from './types';
import { buyerClash, buyerFactor, isOrganisation, payerClash } from './buyers';
import { Item, type Note, addFlag, hasFlag, mentions, textOf } from './item';
import { days, hasRefToken, sum } from './pairing';
import type { RegisterIndex } from './registerIndex';

/** After matching: the factors each match agreed on, and the flags a match carries (WRONG_UNIT, LATE_BOOKING, DEPOSIT_WITHHELD, SPLIT_MATCH). */

/** The rows of one match: the row, its counterparts and theirs (a split has three). */
export function matchGroup(it: Item): Item[] {
  const set = new Set<Item>([it]);
  for (const c of it.cps ?? []) {
    set.add(c);
    for (const d of c.cps ?? []) set.add(d);
  }
  return [...set].sort((x, y) => x.i - y.i);
}

/**
 * Whether a booking carries a reference at all: a reference-like token (what REFERENCE looks for, see
 * refTokens) in its 摘要 or 辅助核算. A booking without one does not say which 流水号 it is for, so
 * the reference factor is unknown for it, not differ (docs/reconcile-json.md: "one side does not carry it").
 */
export function carriesRef(f: Item): boolean {
  const l = f.fin;
  if (!l) return hasRefToken(textOf(f));
  if (l.summary && hasRefToken(l.summary)) return true;
  const aux = l.auxiliary;
  for (const k in aux) if (hasRefToken(aux[k])) return true;
  return false;
}

function cmpOne(a: string | null, b: string | null): Factors['unit'] {
  return !a || !b ? 'unknown' : a === b ? 'agree' : 'differ';
}

export function factorsOf(it: Item, window: number): Factors | null {
  if (it.cpCount === 0 || it.rule === 'REVERSAL') return null;
  const partner = it.partner;
  if (partner !== null && partner.partner !== null && partner.side !== it.side) {
    const b = it.side === 'bank' ? it : partner;
    const f = it.side === 'bank' ? partner : it;
    return {
      reference: !b.ref ? 'unknown' : mentions(f, b.ref) ? 'agree' : carriesRef(f) ? 'differ' : 'unknown',
      amount: b.key === f.key ? 'agree' : 'differ',
      unit: cmpOne(b.unit, f.unit),
      buyer: buyerFactor(b.name, f.name),
      date: Math.abs(f.day - b.day) <= window ? 'agree' : 'differ',
    };
  }
  const members = matchGroup(it);
  const banks = members.filter((c) => c.side === 'bank');
  const fins = members.filter((c) => c.side === 'finance');
  // For a split, compare the group of the other side with this row's group.
  const bankSum = banks.reduce((s, x) => s.plus(x.amount), new Money(0));
  const finSum = fins.reduce((s, x) => s.plus(x.amount), new Money(0));
  const refs = banks.map((b) => b.ref).filter((r): r is string => !!r);
  const reference: Factors['reference'] =
    refs.length === 0 ? 'unknown' : refs.some((r) => fins.some((f) => textOf(f).includes(r))) ? 'agree' : fins.some(carriesRef) ? 'differ' : 'unknown';
  const amount: Factors['amount'] = bankSum.eq(finSum) ? 'agree' : 'differ';
  const values = (list: Item[], get: (x: Item) => string | null) => list.map(get).filter((v): v is string => !!v);
  const cmp = (get: (x: Item) => string | null): Factors['unit'] => {
    const bv = values(banks, get);
    const fv = values(fins, get);
    if (!bv.length || !fv.length) return 'unknown';
    return bv.some((v) => fv.includes(v)) ? 'agree' : 'differ';
  };
  // A unit agrees only when no member's unit differs from one of the other side: a credit for
  // 3-2-1502 in a group booked to 3-2-1501 is money of another unit, whatever its partner says.
  const bu = values(banks, (x) => x.unit);
  const fu = values(fins, (x) => x.unit);
  const unit: Factors['unit'] = !bu.length || !fu.length ? 'unknown' : bu.every((v) => fu.every((w) => w === v)) ? 'agree' : 'differ';
  // The buyer as for a pair (buyerFactor): a payer that is an organisation (the bank, the provident
  // centre) is no buyer, so it neither agrees nor differs; the group's buyer is unknown when no payer left is a person's.
  let buyer = cmp((x) => x.name);
  if (buyer === 'differ' && values(banks, (x) => x.name).every(isOrganisation)) buyer = 'unknown';
  const maxDays = Math.max(...banks.flatMap((b) => fins.map((f) => days(b, f))));
  return { reference, amount, unit, buyer, date: maxDays <= window ? 'agree' : 'differ' };
}

export function finishMatches(items: Item[], reg: RegisterIndex, config: ReconcileConfig): void {
  const done = new Set<Item>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.hasCps || it.rule === 'REVERSAL') continue;
    // The common case, one credit and one booking, without building the group.
    const partner = it.partner;
    const one = partner !== null && partner.partner !== null;
    if (one) {
      if (it.side !== 'bank') continue; // visited from its bank row
      const b = it;
      const f = partner;
      if (b.unit && f.unit && b.unit !== f.unit) {
        addFlag(b, 'WRONG_UNIT');
        addFlag(f, 'WRONG_UNIT');
      } else if (it.rule === 'NEAR_AMOUNT_DATE' && payerClash(b, f, config)) {
        addFlag(b, 'WRONG_UNIT');
        addFlag(f, 'WRONG_UNIT');
      } else if (f.name && b.name !== f.name && buyerClash(b, f, reg, config)) {
        // Same unit, but the booking's customer is not the unit's buyer (register) or not the payer.
        addFlag(b, 'WRONG_UNIT');
        addFlag(f, 'WRONG_UNIT');
      }
      if (b.key !== f.key && it.rule !== 'DEPOSIT_WITHHELD') {
        addFlag(b, 'AMOUNT_MISMATCH');
        addFlag(f, 'AMOUNT_MISMATCH');
      }
      if (f.day - b.day >= 2) {
        addFlag(b, 'LATE_BOOKING');
        addFlag(f, 'LATE_BOOKING');
      }
      if (!f.voucherDeposit && !reg.netToUnits.size) continue;
    } else if (done.has(it)) continue;
    const members = one ? [it, partner] : matchGroup(it);
    if (!one) for (const m of members) done.add(m);
    const banks = members.filter((x) => x.side === 'bank');
    const fins = members.filter((x) => x.side === 'finance');
    if (!banks.length || !fins.length) continue;
    const raise = (flag: Flag) => members.forEach((m) => addFlag(m, flag));
    if (!one) {
      const f = factorsOf(it, config.dateWindowDays);
      if (!f) continue;
      if (f.unit === 'differ' || (it.rule === 'NEAR_AMOUNT_DATE' && fins.some((x) => banks.some((b) => payerClash(b, x, config))))) raise('WRONG_UNIT');
      else if (f.buyer !== 'agree' && fins.some((x) => banks.every((b) => buyerClash(b, x, reg, config) !== null))) raise('WRONG_UNIT');
      if (f.amount === 'differ' && it.rule !== 'DEPOSIT_WITHHELD') raise('AMOUNT_MISMATCH');
      // The credit's 24-hour booking deadline (docs/reconcile-json.md, LATE_BOOKING), as for a plain pair:
      // each booking of the group against each credit it covers. So the group is late when its latest
      // booking came two or more days after its earliest credit, and, as a late pair does, the late
      // booking and the credit(s) it was late for carry the flag; a booking in time stays unflagged.
      for (const x of fins)
        for (const b of banks)
          if (x.day - b.day >= 2) {
            addFlag(b, 'LATE_BOOKING');
            addFlag(x, 'LATE_BOOKING');
          }
    }
    // The journal itself says the deposit was withheld: the voucher books it on a 保证金 account.
    const vd = fins.find((x) => x.voucherDeposit);
    if (vd && !hasFlag(it, 'DEPOSIT_WITHHELD') && it.rule !== 'DEPOSIT_REFUND') {
      const deposit = vd.voucherDeposit!;
      const loan = sum(banks).plus(deposit);
      const note: Note = { kind: 'deposit', loan, ratio: new Money(deposit).div(loan).toDecimalPlaces(4, Decimal.ROUND_HALF_UP), deposit, source: { kind: 'voucher' } };
      for (const m of members) {
        addFlag(m, 'DEPOSIT_WITHHELD');
        m.note = note;
      }
    }
    // A credit net of the unit's deposit, whatever rule matched it.
    if (!hasFlag(it, 'DEPOSIT_WITHHELD') && it.rule !== 'DEPOSIT_REFUND') {
      for (const b of banks) {
        const unit = b.unit ?? fins[0].unit;
        const net = (reg.netToUnits.get(b.key) ?? []).find((n) => n.unit === unit);
        if (!net) continue;
        const note: Note = { kind: 'deposit', loan: net.loan, ratio: net.ratio, deposit: new Money(net.loan).minus(b.amount), source: net.source };
        addFlag(b, 'DEPOSIT_WITHHELD');
        b.note = note;
        for (const x of fins) {
          addFlag(x, 'DEPOSIT_WITHHELD');
          x.note = note;
        }
      }
    }
  }
}
