import type { BankTransaction, JournalLine } from '../records';
import type { RuleId } from './types';
import { matchGroup } from './finish';
import { Item, addFlag } from './item';

/** WRONG_ACCOUNT: which 科目 each statement account is booked to, learnt from the month's exact pairs, and the pairs booked to another account's 科目. */

/** The ledger account (科目) a statement account's money is booked to, and how many of its pairs show it. */
export interface LedgerLink {
  /** accountCode, or the 科目名称 when the journal has no code. */
  ledger: string;
  /** "1002.01 银行存款-工行监管户", for sentences. */
  label: string;
  pairs: number;
  /** Pairs of the statement account counted (by rules that are not near matches). */
  of: number;
}

/** A statement account must show this many pairs, this share of them on one 科目, before it is linked. */
const LINK_MIN_PAIRS = 4;
const LINK_SHARE = 0.8;
const LINKING_RULES = new Set<RuleId>(['REFERENCE', 'UNIT_AMOUNT', 'BUYER_AMOUNT_DATE', 'SPLIT', 'DEPOSIT_WITHHELD', 'DEPOSIT_REFUND']);

/** A statement row's account: bank code and account number (the file's name when the statement gives no number). */
export function statementAccountOf(b: BankTransaction): string {
  return `${b.bank}\u0000${b.account ?? `\u0001${b.source.file}`}`;
}

/**
 * statementAccountOf over rows in file order: rows of one account follow each other, so the key is
 * built again (a string and a Map look-up per row at a million rows) only when the account changes;
 * `changed` says whether it did on the last call.
 */
export class StatementAccounts {
  changed = false;
  private account: string | null | undefined;
  private bank = '';
  private file = '';
  private key = '';
  keyOf(b: BankTransaction): string {
    this.changed = b.account !== this.account || b.bank !== this.bank || (b.account === null && b.source.file !== this.file);
    if (this.changed) {
      this.key = statementAccountOf(b);
      this.account = b.account;
      this.bank = b.bank;
      this.file = b.source.file;
    }
    return this.key;
  }
}

/** A journal line's 科目: its code, or its name when the journal has no code. */
export function ledgerOf(l: JournalLine): string {
  return l.accountCode || l.accountName;
}

/** The 科目 a booking is on: its journal line's, or for a booking carried in from last month the one it was carried with (null in reports before it was). */
export function bookedLedgerOf(x: Item): string | null {
  const l = x.fin;
  return l ? ledgerOf(l) : (x.carried?.ledger ?? null);
}

/**
 * Which 科目 each statement account is booked to, learnt from the month's pairs: the journal keeps
 * one 银行存款 sub-account per bank account, so nearly all of an account's credits are booked to
 * one 科目. Only accounts with LINK_MIN_PAIRS pairs or more made by exact rules, LINK_SHARE of them
 * on one 科目, are linked; an account booked to several 科目 alike is left unlinked (nothing to flag).
 */
export function linkLedgers(items: Item[]): Map<string, LedgerLink> {
  const count = (byLedger: Map<string, { n: number; label: string }>, c: Item) => {
    const l = c.fin;
    if (!l) return;
    const ledger = ledgerOf(l);
    const e = byLedger.get(ledger);
    if (e) e.n++;
    else byLedger.set(ledger, { n: 1, label: [l.accountCode, l.accountName].filter(Boolean).join(' ') });
  };
  const counts = new Map<string, Map<string, { n: number; label: string }>>();
  const accounts = new StatementAccounts();
  let byLedger: Map<string, { n: number; label: string }> | undefined;
  for (let at = 0; at < items.length; at++) {
    const b = items[at].bank;
    const rule = items[at].rule;
    if (!b || !rule || !LINKING_RULES.has(rule)) continue;
    const key = accounts.keyOf(b);
    if (accounts.changed) {
      byLedger = counts.get(key);
      if (!byLedger) counts.set(key, (byLedger = new Map()));
    }
    const p = items[at].partner;
    if (p) count(byLedger!, p);
    else for (const c of items[at].cps ?? []) count(byLedger!, c);
  }
  const links = new Map<string, LedgerLink>();
  for (const [key, byL] of counts) {
    let of = 0;
    let top: [string, { n: number; label: string }] | null = null;
    for (const e of byL) {
      of += e[1].n;
      if (!top || e[1].n > top[1].n) top = e;
    }
    if (top && of >= LINK_MIN_PAIRS && top[1].n >= of * LINK_SHARE) links.set(key, { ledger: top[0], label: top[1].label, pairs: top[1].n, of });
  }
  return links;
}

/**
 * WRONG_ACCOUNT on a paired group when its bookings' 科目 are not those its credits' accounts are
 * linked to: money in one bank account booked to another's 科目 (or a 组合贷 whose two credits
 * reached two accounts booked on one), so each account's book balance is off by it. A group with a
 * credit from an unlinked account is left alone.
 */
export function flagWrongAccounts(items: Item[], links: Map<string, LedgerLink>): void {
  if (!links.size) return;
  // Its link is looked up again only when the account changes.
  const accounts = new StatementAccounts();
  let lastLink: LedgerLink | undefined;
  const linkOf = (b: BankTransaction): LedgerLink | undefined => {
    const key = accounts.keyOf(b);
    if (accounts.changed) lastLink = links.get(key);
    return lastLink;
  };
  // A credit carried in from last month has no statement row: its account's 科目 is the one it was carried with.
  const creditLedger = (x: Item): string | null => {
    const b = x.bank;
    return b ? (linkOf(b)?.ledger ?? null) : (x.carried?.ledger ?? null);
  };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if ((!it.bank && !it.carried) || it.side !== 'bank' || !it.hasCps || it.rule === 'REVERSAL') continue;
    const p = it.partner;
    if (p && p.partner) {
      // A plain pair, most of a month: no group to build.
      const credited = creditLedger(it);
      const booked = credited === null ? null : bookedLedgerOf(p);
      if (booked !== null && booked !== credited) {
        addFlag(it, 'WRONG_ACCOUNT');
        addFlag(p, 'WRONG_ACCOUNT');
      }
      continue;
    }
    const group = matchGroup(it);
    if (group.some((x) => x.side === 'bank' && x.i < it.i)) continue; // judged once, from its first credit
    const linked = new Set<string>();
    let unlinked = false;
    for (const x of group) {
      if (x.side !== 'bank') continue;
      const ledger = creditLedger(x);
      if (ledger !== null) linked.add(ledger);
      else unlinked = true;
    }
    if (unlinked) continue;
    const booked = new Set<string>();
    for (const x of group) {
      const ledger = x.side === 'finance' ? bookedLedgerOf(x) : null;
      if (ledger !== null) booked.add(ledger);
    }
    // Each account's money on its own 科目: a 组合贷 whose provident part reached another account but
    // was booked with the bank part leaves both accounts off, as a plain misbooking does.
    const same = booked.size === linked.size && [...booked].every((l) => linked.has(l));
    if (booked.size && !same) for (const x of group) addFlag(x, 'WRONG_ACCOUNT');
  }
}