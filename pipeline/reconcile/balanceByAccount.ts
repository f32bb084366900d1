import type Decimal from 'decimal.js';
import { Money, roundFen, toFixed2 } from '../../domain/money';
import { amountWidth } from '../../domain/sheets/fit';
import { hasFlag, isForeign, isWrongAccountCarry, ledgerOf, matchGroup, statementAccountOf, StatementAccounts, type Item, type Reconciliation } from '../../domain/reconcile';
import type { BalanceLines } from './balanceSheet';
import { S, type StyleId, type XCell, type XlsxWriter } from './xlsx';

/**
 * 分户调节: 余额调节表 per bank account. An accountant signs one statement per account (its
 * statement balance against its own 银行存款 sub-account), not the sum of five; and a credit booked
 * to another account's 科目 (WRONG_ACCOUNT) leaves both accounts off by it while the sum still agrees.
 * The combined sheet's lines are split by account: a bank row belongs to its statement account, a
 * journal line to the account its 科目 is linked to (Engine.ledgers). Possible only when each linked
 * 科目 belongs to one account and every account with rows is linked; otherwise null (the combined
 * sheet says why).
 */
export interface AccountBalance {
  /** "ICBC ****0128", or 未分户 for rows no account could be found for (carried-in rows of an unknown account). */
  label: string;
  /** The linked 科目 ("1002.01 银行存款-工行监管户"), null for 未分户. */
  ledger: string | null;
  /** The balance on the account's last statement row of the period; null when its statement has no balance column. */
  statement: Decimal | null;
  bankIn: Decimal;
  bankOut: Decimal;
  bookIn: Decimal;
  bookOut: Decimal;
  /** 记账差错/待查, bank − book; a WRONG_ACCOUNT pair is bank-only on one account and book-only on the other. */
  errors: Decimal;
  /** Non-mortgage and reversal rows, bank total − book total. */
  unchecked: Decimal;
}

export type ByAccount = { accounts: AccountBalance[] } | { accounts: null; why: string };

const UNASSIGNED = '\u0000未分户';

/** Compares two statement rows by date, then time (a row without one counts as the day's start). */
function statementOrder(a: Item, b: Item): number {
  if (a.date !== b.date) return a.date > b.date ? 1 : -1;
  const ta = a.time ?? '';
  const tb = b.time ?? '';
  return ta === tb ? 0 : ta > tb ? 1 : -1;
}

/**
 * Each statement account's closing row of the period (by statementAccountOf): its last yuan row in the
 * period with a balance, not a duplicate copy. Rows of that last day and time (a statement without
 * times) may come from two overlapping files of the account, or newest first: the closing row is then
 * the one whose balance no other of them started from (balance − amount), not the last row read.
 */
export function closingRows(items: readonly Item[], period: string): Map<string, Item> {
  const latest = new Map<string, Item[]>();
  const accounts = new StatementAccounts();
  let rows: Item[] | undefined;
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const b = it.bank;
    if (!b || !b.balance || hasFlag(it, 'DUPLICATE_BANK') || !it.date.startsWith(period) || isForeign(it)) continue;
    const key = accounts.keyOf(b);
    if (accounts.changed) {
      rows = latest.get(key);
      if (!rows) latest.set(key, (rows = []));
    }
    const order = rows!.length ? statementOrder(it, rows![0]) : 1;
    if (order > 0) rows!.length = 0;
    if (order >= 0) rows!.push(it);
  }
  const out = new Map<string, Item>();
  for (const [key, day] of latest) out.set(key, closingOf(day));
  return out;
}

function closingOf(rows: Item[]): Item {
  if (rows.length === 1) return rows[0];
  const fen = (d: Decimal) => toFixed2(d);
  const startedFrom = new Set(rows.map((r) => fen(r.bank!.balance!.minus(r.amount))));
  const ends = rows.filter((r) => !startedFrom.has(fen(r.bank!.balance!)));
  if (ends.length && ends.every((r) => r.bank!.balance!.eq(ends[0].bank!.balance!))) return ends[0];
  // No single end (a day that nets to nothing): the last row of the first file.
  return rows.reduce((a, b) => (b.file === a.file && b.row > a.row ? b : a));
}

export function balanceByAccount(rec: Reconciliation, lines: BalanceLines, label: (key: string, it: Item) => string, closing?: Map<string, Item>): ByAccount {
  const { items, period, ledgers } = rec.engine;
  const accountOfLedger = new Map<string, string | null>();
  for (const [key, link] of ledgers) accountOfLedger.set(link.ledger, accountOfLedger.has(link.ledger) ? null : key);
  const keysByBank = new Map<string, Set<string>>();
  const labels = new Map<string, string>();
  const statement = closing ?? closingRows(items, period);
  const accounts = new StatementAccounts();
  for (const it of items) {
    const b = it.bank;
    if (!b) continue;
    const key = accounts.keyOf(b);
    if (accounts.changed) {
      if (!labels.has(key)) labels.set(key, label(key, it));
      let keys = keysByBank.get(b.bank);
      if (!keys) keysByBank.set(b.bank, (keys = new Set()));
      keys.add(key);
    }
  }
  if (labels.size < 2) return { accounts: null, why: '只有一个账户' };
  const unlinked = [...labels.keys()].filter((k) => !ledgers.has(k));
  if (unlinked.length) return { accounts: null, why: `${unlinked.map((k) => labels.get(k)).join('、')}的入账科目无法从本期已匹配款项确定（需至少4笔、其中八成记入同一科目）` };
  const shared = [...ledgers.values()].filter((l) => accountOfLedger.get(l.ledger) === null);
  if (shared.length) return { accounts: null, why: `科目${[...new Set(shared.map((l) => l.label))].join('、')}同时记录多个银行账户` };

  const accountOf = (x: Item): string => {
    if (x.bank) return statementAccountOf(x.bank);
    if (x.fin) return accountOfLedger.get(ledgerOf(x.fin)) ?? UNASSIGNED;
    // A carried-in row: by the 科目 it was carried with, else by its bank when that bank has one account.
    const ledger = x.carried?.ledger;
    const byLedger = ledger ? accountOfLedger.get(ledger) : undefined;
    if (byLedger) return byLedger;
    const keys = x.side === 'bank' && x.bankCode ? keysByBank.get(x.bankCode) : undefined;
    return keys && keys.size === 1 ? [...keys][0] : UNASSIGNED;
  };
  const zero = new Money(0);
  const rows = new Map<string, AccountBalance>();
  for (const key of [...labels.keys(), UNASSIGNED]) {
    const bal = statement.get(key)?.bank?.balance ?? null;
    rows.set(key, { label: key === UNASSIGNED ? '未分户' : labels.get(key)!, ledger: ledgers.get(key)?.label ?? null, statement: bal, bankIn: zero, bankOut: zero, bookIn: zero, bookOut: zero, errors: zero, unchecked: zero });
  }
  const add = (key: string, field: 'bankIn' | 'bankOut' | 'bookIn' | 'bookOut' | 'errors' | 'unchecked', amount: Decimal) => {
    const r = rows.get(key)!;
    r[field] = r[field].plus(amount);
  };

  // Rows of one line on several accounts (a credit booked to another account's 科目, a 组合贷 whose
  // credits reached two accounts): on each account, its own bank rows − its own booked rows, as a
  // 记账差错 — what that account's books lack or have too much. They add up to the line's effect.
  // Last month's booking to the wrong account, still in the books: it stands for the pair, the
  // credit on the account whose 科目 it belongs on, the booking on the account whose 科目 holds it.
  const belongsOf = (x: Item): string | null => {
    if (!isWrongAccountCarry(x)) return null;
    return accountOfLedger.get(x.carried!.belongsTo!) ?? UNASSIGNED;
  };
  const acrossAccounts = (rows: Item[]): boolean => {
    const first = accountOf(rows[0]);
    return rows.some((x) => accountOf(x) !== first || belongsOf(x) !== null);
  };
  const perAccount = (rows: Item[]) => {
    for (const x of rows) {
      add(accountOf(x), 'errors', x.side === 'bank' ? x.amount : new Money(x.amount).neg());
      const belongs = belongsOf(x);
      if (belongs !== null) add(belongs, 'errors', x.amount);
    }
  };
  const listed = new Set<Item>();
  for (const [kind, sub] of Object.entries(lines.transit) as [keyof BalanceLines['transit'], BalanceLines['transit']['bankIn']][])
    for (const l of sub) {
      const rows = [...l.bank, ...l.fin];
      for (const x of rows) listed.add(x);
      if (acrossAccounts(rows)) perAccount(rows);
      else add(accountOf(rows[0]), kind, l.amount!);
    }
  for (const l of lines.errors) {
    const rows = [...l.bank, ...l.fin];
    for (const x of rows) listed.add(x);
    if (acrossAccounts(rows)) perAccount(rows);
    else add(accountOf(rows[0]), 'errors', l.amount!);
  }
  for (const l of lines.excluded) for (const x of [...l.bank, ...l.fin]) listed.add(x);
  // A matched group equal on both sides is on no line of the combined sheet; split across accounts
  // it still leaves each account off. Plain pairs across accounts are WRONG_ACCOUNT (listed above).
  const seen = new Set<Item>();
  for (const it of items) {
    if (!it.hasCps || it.rule === 'REVERSAL' || listed.has(it) || seen.has(it)) continue;
    const p = it.partner;
    if (p && p.partner === it) continue;
    const group = matchGroup(it);
    for (const x of group) seen.add(x);
    if (group.some((x) => listed.has(x))) continue;
    const inBalance = group.filter((x) => x.carried || x.date <= `${period}\uffff`);
    if (inBalance.length && acrossAccounts(inBalance)) perAccount(inBalance);
  }
  for (const b of lines.unchecked.bank) add(accountOf(b), 'unchecked', b.amount);
  for (const f of lines.unchecked.fin) add(accountOf(f), 'unchecked', new Money(f.amount).neg());

  const out = [...rows.values()].sort((a, b) => (a.label === '未分户' ? 1 : b.label === '未分户' ? -1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const last = out[out.length - 1];
  if (last.label === '未分户' && [last.bankIn, last.bankOut, last.bookIn, last.bookOut, last.errors, last.unchecked].every((d) => d.isZero())) out.pop();
  return { accounts: out };
}

/** The book balance the account's lines imply: statement + 企业已收银行未收 − 企业已付银行未付 − 银行已收企业未收 + 银行已付企业未付 − 差错 − 未逐笔核对. */
export function impliedBook(a: AccountBalance): Decimal | null {
  if (!a.statement) return null;
  return roundFen(a.statement.plus(a.bookIn).minus(a.bookOut).minus(a.bankIn).plus(a.bankOut).minus(a.errors).minus(a.unchecked));
}

/** The 分户调节 sheet: one line per account, the combined sheet's figures split by account, and their total. */
export async function writeAccountSheet(wb: XlsxWriter, period: string, accounts: AccountBalance[]): Promise<void> {
  const lines = accounts.map(figures);
  const sums = Array.from({ length: FIGURES }, (_, i) => lines.reduce<Decimal>((s, l) => s.plus(l[i] ?? 0), new Money(0)));
  // A column of figures is as wide as its widest, the 合计 included: escrow accounts of ¥2.4 billion
  // each showed the 合计 of 对账单余额 (¥4,799,999,999.60) as ### in a column of 16.
  const widths = [22, 26, 16, 16, 16, 16, 16, 16, 16, 16, 18, 18, 16];
  for (const l of [...lines, sums])
    l.forEach((d, i) => {
      if (d) widths[i + 2] = Math.max(widths[i + 2], amountWidth(d));
    });
  const ws = await wb.sheet({
    name: '分户调节',
    cols: widths.map((width, i) => ({ width, style: i >= 2 ? S.money : S.text })),
    freezeRows: 3,
    orientation: 'landscape',
  });
  const pending = '待填 / enter';
  await ws.row([`银行存款余额调节表（分户） ${period}`], S.title);
  await ws.row(['每个银行账户对其银行存款明细科目单独调节：账面余额（L 列）请财务按科目填写；未解释差额应为零。合计行等于“余额调节表”的合并数。'], S.text);
  await ws.row(['账户', '对账科目', '对账单余额', '加：企业已收银行未收', '减：企业已付银行未付', '调节后余额（银行方）', '银行已收企业未收', '银行已付企业未付', '记账差错/待查（银行−账面）', '非按揭收支及冲正差额', '按本表推算的账面余额', '账面余额（请财务填写）', '未解释差额'], S.header);
  const num = (d: Decimal | null): number | null => (d === null ? null : roundFen(d).toNumber());
  const first = ws.rows + 1;
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k];
    const r = ws.rows + 1;
    const implied = lines[k][FIGURES - 1];
    await ws.row(
      [a.label, a.ledger, ...lines[k].map(num), null, implied === null ? null : { formula: `IF(ISNUMBER(L${r}),L${r}-K${r},"${pending}")`, result: pending }],
      // The account wraps too: a label named by its file ("BOC 中行_监管户_2026-11.csv") is wider than the column.
      [S.wrap, S.wrap, S.money, S.money, S.money, S.money, S.money, S.money, S.money, S.money, S.money, S.input, S.money],
    );
  }
  const last = ws.rows;
  const totals: XCell[] = ['合计', null];
  // An account without a statement balance has lines but no inferred book balance: a sum of the others' is no total.
  const partial = accounts.some((a) => !a.statement);
  for (let i = 0; i < FIGURES; i++) {
    const c = String.fromCharCode(67 + i); // C … K
    totals.push(partial && i === FIGURES - 1 ? null : { formula: `SUM(${c}${first}:${c}${last})`, result: num(sums[i]) ?? 0 });
  }
  await ws.row(totals, [S.bold, S.bold, ...Array<StyleId>(9).fill(S.boldMoney)]);
  await ws.row([]);
  await ws.row(['公式：账面余额 + 银行已收企业未收 − 银行已付企业未付 ± 记账差错 ± 未逐笔核对差额 = 对账单余额 + 企业已收银行未收 − 企业已付银行未付；逐项明细见“余额调节表”和“差异”。'], S.text);
  await ws.row([]);
  await ws.row(['制表：', '', '审核：', '', '日期：', ''], S.bold);
  await ws.end();
}

/** Columns C … K of an account's line: statement, 企业已收/已付银行未收/未付, adjusted, 银行已收/已付企业未收/未付, 差错, 未逐笔核对, inferred book. */
const FIGURES = 9;
function figures(a: AccountBalance): (Decimal | null)[] {
  const adjusted = a.statement ? a.statement.plus(a.bookIn).minus(a.bookOut) : null;
  return [a.statement, a.bookIn, a.bookOut, adjusted, a.bankIn, a.bankOut, a.errors, a.unchecked, impliedBook(a)];
}
