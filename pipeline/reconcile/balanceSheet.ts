import type Decimal from 'decimal.js';
import { Money } from '../../domain/money';
import { amountWidth } from '../../domain/sheets/fit';
import { carriedFrom, DIFFERENCE_TEXT, DUPLICATE_TEXT, TIMING_TEXT, timingItems, hasFlag, isForeign, isReexportedLine, isWrongAccountCarry, outcomeOf, refundedUnits, StatementAccounts, type Flag, type Item, type Reconciliation } from '../../domain/reconcile';
import { balanceByAccount, closingRows, type ByAccount } from './balanceByAccount';
import { S, XlsxWriter, type StyleId, type XCell } from './xlsx';
import { OUTCOME_NAMES, amountCell, groupOf, isCleanPair, isLeader, isPlainPair, maskAccount, problemLabel, sum, sumCell } from './reportRows';
import { num } from './reportTable';

/** 余额调节表: each statement's closing balance against the book balance, with every 未达账项 and 记账差错 that explains the difference. */

/**
 * Where a row stands on 余额调节表 (docs/reconcile-json.md, "余额调节表"):
 * - transit: 未达账项, recorded on one side only (MISSING_IN_FINANCE, MISSING_IN_BANK, carried-in
 *   items still open, unpaired OUT_OF_PERIOD rows dated before the period end, a pair whose other
 *   side is dated after it, the part of a matched group one side has more of: a withheld deposit);
 * - error: recorded on both sides, but wrongly or not to be told apart (AMOUNT_MISMATCH and
 *   WRONG_UNIT and WRONG_ACCOUNT pairs, DUPLICATE_FINANCE copies, AMBIGUOUS rows): bank − book, posted to the book side;
 * - unchecked: set aside by matching and never paired across the sides (NOT_MORTGAGE, REVERSED):
 *   each side's rows and total, their difference posted to the book side;
 * - excluded: not in either period-end balance (DUPLICATE_BANK copies, rows dated after the period),
 *   reconciled last month (with --previous, an unpaired row dated before the period not carried in, and
 *   one last month's report read where it records them: Engine.unseen)
 *   or of unknown amount (UNPARSEABLE).
 */
export type TransitKind = 'bankIn' | 'bankOut' | 'bookIn' | 'bookOut';

const TRANSIT_LABELS: Record<TransitKind, string> = {
  bankIn: '银行已收企业未收',
  bankOut: '银行已付企业未付',
  bookIn: '企业已收银行未收',
  bookOut: '企业已付银行未付',
};

export interface BalanceLine {
  /** Transit: the amount its label adds or subtracts (≥ 0); error: bank − book; otherwise null. */
  amount: Decimal | null;
  bank: Item[];
  fin: Item[];
  note: string;
}

export interface BalanceLines {
  transit: Record<TransitKind, BalanceLine[]>;
  errors: BalanceLine[];
  unchecked: { bank: Item[]; fin: Item[] };
  excluded: BalanceLine[];
}

const ERROR_NOTES: [Flag, string][] = [
  ['AMOUNT_MISMATCH', '双方均已记账，只计差额（银行−账面）；待查明哪一方记错并更正'],
  ['WRONG_UNIT', '双方均已记账，房号/购房人不符；金额相同则不影响余额，需更正明细账'],
  ['WRONG_ACCOUNT', '双方均已记账，但记入了另一银行账户的科目；合并调节不影响余额，分户调节时两个账户各差此数，需改记正确科目'],
];

function carriedNote(it: Item, period: string): string {
  const c = it.carried;
  if (!c) return '';
  const from = carriedFrom(c.period, period).zh;
  // Last month's 记账差错 still in the books (a booking entered twice, an amount difference): said as such.
  if (c.text.startsWith(DUPLICATE_TEXT)) return `${from}重复入账，尚未冲销：`;
  if (c.text.startsWith(DIFFERENCE_TEXT)) return `${from}金额不符差额，尚未更正：`;
  if (isWrongAccountCarry(it)) return `${from}记错账户，尚未更正：`;
  if (c.text.startsWith(TIMING_TEXT)) return `${from}非按揭跨期未达，本期仍未达：`;
  return `${from}结转，本期仍未达：`;
}

/**
 * Classifies every row for 余额调节表 (see BalanceLine's sections), in item order within each.
 * `previous`: last month's report was carried in, so what it left open is here as carried rows.
 */
export function balanceLines(rec: Reconciliation, previous = false): BalanceLines {
  const items = rec.engine.items;
  // A date after the period's last day sorts after `${period}\uffff` (dates are YYYY-MM-DD).
  const periodEnd = `${rec.engine.period}\uffff`;
  const periodStart = `${rec.engine.period}-01`;
  // Carried-in rows are from earlier periods: in their side's balance whatever their date.
  const after = (x: Item): boolean => !x.carried && x.date > periodEnd;
  const out: BalanceLines = { transit: { bankIn: [], bankOut: [], bookIn: [], bookOut: [] }, errors: [], unchecked: { bank: [], fin: [] }, excluded: [] };
  const later = (rows: Item[], note: string) => out.excluded.push({ amount: null, bank: rows.filter((x) => x.side === 'bank'), fin: rows.filter((x) => x.side === 'finance'), note });
  // Banks with a statement this month, asked only of credits carried in: one of a bank without one
  // (a forgotten export) is in no statement balance here (load warns on stdout).
  let statementBanks: Set<string> | null = null;
  const noStatement = (x: Item): boolean => {
    if (!x.carried || x.side !== 'bank') return false;
    if (!statementBanks) {
      statementBanks = new Set();
      for (const y of items) if (y.bank) statementBanks.add(y.bank.bank);
    }
    return !statementBanks.has(x.bankCode ?? '');
  };
  let refunded: ReadonlySet<string> | null = null;
  const withheldTwice = (g: Item[]): boolean => g.some((x) => x.side === 'finance' && hasFlag(x, 'DEPOSIT_WITHHELD') && !!x.unit && (refunded ??= refundedUnits(rec.engine)).has(x.unit));
  const oneSided = (rows: Item[], note: string) => {
    const s = sum(rows);
    if (s.isZero()) return;
    const bankSide = rows[0].side === 'bank';
    const kind: TransitKind = bankSide ? (s.gt(0) ? 'bankIn' : 'bankOut') : s.gt(0) ? 'bookIn' : 'bookOut';
    out.transit[kind].push({ amount: s.abs(), bank: bankSide ? rows : [], fin: bankSide ? [] : rows, note });
  };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    // Most rows of a month: a clean pair, both in the period, nothing to list.
    if (isPlainPair(it) && isCleanPair(it)) continue;
    const o = outcomeOf(it);
    if (it.rej) {
      later([it], '无法解析，金额未知：不在本表内；若差额不为零，请先核对这些行');
      continue;
    }
    if (o === 'DUPLICATE_BANK') {
      later([it], '同一笔流水在另一导出文件中重复出现：对账单余额只含一次');
      continue;
    }
    if (o === 'NOT_MORTGAGE' && isForeign(it)) {
      later([it], `外币（${it.bank?.currency ?? '?'}）流水 ${it.fen}：不计入人民币余额`);
      continue;
    }
    // An export that starts before the 1st (a January statement from 12-28) repeats rows last month's
    // report reconciled: not among its open items, they are in both balances already, not 未达.
    // Not a row last month's report read (it records them): never reconciled, so 未达 here (below).
    if (previous && !it.hasCps && !it.carried && !it.carriedCopy && it.date < periodStart && (o === 'OUT_OF_PERIOD' || o === 'NOT_MORTGAGE') && !rec.engine.unseen.has(it)) {
      later([it], `${OUTCOME_NAMES[o].zh}，上期及以前的记录，上期报告未列为未达项：已在上期对账，对账单余额与账面余额均已含，不计入本期`);
      continue;
    }
    if (isWrongAccountCarry(it)) {
      // Last month's booking to the wrong account: corrected this month (REVERSED with the transfer's
      // two lines), the three cancel out on each account, and are not listed; not yet corrected, it
      // is listed again as the WRONG_ACCOUNT pair was (0 here; 分户调节 splits it by account).
      if (o === 'REVERSED') continue;
      if (o === 'MISSING_IN_BANK') {
        const c = it.carried!;
        const label = (ledger: string) => [...rec.engine.ledgers.values()].find((l) => l.ledger === ledger)?.label ?? ledger;
        const note = `款项已到达${label(c.belongsTo!)}所对应的账户，财务却记入${label(c.ledger!)}；合并调节不影响余额，分户调节时两个账户各差此数，需调至正确科目`;
        out.errors.push({ amount: new Money(0), bank: [], fin: [it], note: carriedNote(it, rec.engine.period) + note });
        continue;
      }
    }
    if (o === 'REVERSED' && it.note?.kind === 'reversal' && it.note.account) continue;
    if (o === 'NOT_MORTGAGE' || o === 'REVERSED') {
      if (after(it)) later([it], `${OUTCOME_NAMES[o].zh}，期后记录：不计入本期余额`);
      else (it.side === 'bank' ? out.unchecked.bank : out.unchecked.fin).push(it);
      continue;
    }
    if (o === 'DUPLICATE_FINANCE' && isReexportedLine(it)) {
      later([it], '同一笔凭证在另一导出文件中重复出现（上期的凭证）：账面余额只含一次');
      continue;
    }
    if (o === 'DUPLICATE_FINANCE' || o === 'AMBIGUOUS') {
      if (after(it)) later([it], `${OUTCOME_NAMES[o].zh}，期后记录：不计入本期余额`);
      else {
        const bankSide = it.side === 'bank';
        const note = o === 'AMBIGUOUS' ? '多个候选，无法确定与哪一笔对应：待查，按单方记录计入' : '重复入账：银行只到账一次，应冲销重复的一笔';
        out.errors.push({ amount: bankSide ? it.amount : new Money(it.amount).neg(), bank: bankSide ? [it] : [], fin: bankSide ? [] : [it], note: carriedNote(it, rec.engine.period) + note });
      }
      continue;
    }
    if (it.hasCps && !isLeader(it)) continue;
    const g = it.hasCps ? groupOf(it) : [it];
    const bank: Item[] = [];
    const fin: Item[] = [];
    const post: Item[] = [];
    for (const x of g) (after(x) ? post : x.side === 'bank' ? bank : fin).push(x);
    const label = problemLabel(g);
    if (post.length) later(post, `${label ? label + '，' : ''}期后记录：不计入本期余额${bank.length || fin.length ? '；本期一方列为未达账项' : ''}`);
    if (bank.length && fin.length) {
      const d = sum(bank).minus(sum(fin));
      const error = ERROR_NOTES.find(([f]) => g.some((x) => hasFlag(x, f)));
      if (error) out.errors.push({ amount: d, bank, fin, note: `${label}：${error[1]}` });
      else if (!d.isZero() && d.lt(0) && withheldTwice(g)) {
        out.errors.push({ amount: d, bank, fin, note: '扣留保证金已由银行本期退还，退还款也已入账，但放款时企业已按贷款全额入账：保证金重复入账，应冲销其一' });
      } else if (!d.isZero()) {
        const note = g.some((x) => hasFlag(x, 'DEPOSIT_WITHHELD')) ? '扣留保证金：企业按贷款全额入账，银行按净额到账，差额待银行退还' : `${label || '已匹配'}：双方金额不等，差额为单方记录`;
        if (d.gt(0)) out.transit.bankIn.push({ amount: d, bank, fin, note });
        else out.transit.bookIn.push({ amount: d.neg(), bank, fin, note });
      }
    } else if (bank.length || fin.length) {
      const rows = bank.length ? bank : fin;
      if (rows.every(noStatement)) {
        later(rows, `${carriedNote(rows[0], rec.engine.period)}本期没有该银行的对账单，不在本期对账单余额内（请补充其对账单）`);
        continue;
      }
      const note = post.length ? `对方期后才${bank.length ? '入账' : '到账'}（${post[0].date}）` : rec.engine.unseen.has(rows[0]) ? `${OUTCOME_NAMES[outcomeOf(rows[0])].zh}，上期报告未读到此行（上期对账后才出现在导出中），未在上期对账` : OUTCOME_NAMES[outcomeOf(rows[0])].zh;
      oneSided(rows, carriedNote(rows[0], rec.engine.period) + note);
    }
  }
  return out;
}

/** The highest and lowest amount a column shows, for its width: amountWidth once per column, not once per line. */
class AmountRange {
  private high = 0;
  private low = 0;
  add(n: number | null): void {
    if (n === null) return;
    if (n > this.high) this.high = n;
    if (n < this.low) this.low = n;
  }
  /** At least `least` wide (the column's width for ordinary amounts). */
  width(least: number): number {
    return Math.max(least, amountWidth(this.high), amountWidth(this.low));
  }
}

/**
 * Writes 余额调节表 when the statements carry balances, and returns the per-account split for 分户调节
 * (written after it by the caller: sheets are written one after the other); null when no statement
 * has a balance.
 */
export async function writeBalanceSheet(wb: XlsxWriter, rec: Reconciliation, pii: boolean, maxRows: number, previous = false): Promise<ByAccount | null> {
  const items = rec.engine.items;
  const period = rec.engine.period;
  const accounts = new StatementAccounts();
  // Each account's first row, for its label.
  const firstRow = new Map<string, Item>();
  // Accounts with a yuan row up to the period's end but no balance on it (a statement without a balance column).
  const noBalance = new Set<string>();
  const periodEnd = `${period}\uffff`;
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const b = it.bank;
    if (!b) continue;
    const key = accounts.keyOf(b);
    if (accounts.changed && !firstRow.has(key)) firstRow.set(key, it);
    if (!b.balance && !isForeign(it) && !hasFlag(it, 'DUPLICATE_BANK') && it.date <= periodEnd) noBalance.add(key);
  }
  // A row in another currency carries that currency's balance, not the yuan one (closingRows leaves it out).
  const last = closingRows(items, period);
  // "ICBC ****0128"; two accounts of one bank whose numbers end alike also name their file.
  const accountLabels = new Map<string, string>();
  const masked = (it: Item) => (it.bank!.account ? `${it.bankCode ?? ''} ${maskAccount(it.bank!.account, pii)}` : `${it.bankCode ?? ''} ${it.file}`);
  const seen = new Map<string, number>();
  for (const it of firstRow.values()) seen.set(masked(it), (seen.get(masked(it)) ?? 0) + 1);
  for (const [key, it] of firstRow) accountLabels.set(key, seen.get(masked(it))! > 1 ? `${masked(it)}（${it.file}）` : masked(it));
  if (!last.size) return null;
  let statement = new Money(0);
  for (const it of last.values()) statement = statement.plus(it.bank!.balance!);
  const lines = balanceLines(rec, previous);
  const total = (ls: BalanceLine[]) => ls.reduce<Decimal>((s, l) => s.plus(l.amount ?? 0), new Money(0));
  const bankIn = total(lines.transit.bankIn);
  const bankOut = total(lines.transit.bankOut);
  const bookIn = total(lines.transit.bookIn);
  const bookOut = total(lines.transit.bookOut);
  const errors = total(lines.errors);
  const uncheckedBank = sum(lines.unchecked.bank);
  const uncheckedFin = sum(lines.unchecked.fin);
  const unchecked = uncheckedBank.minus(uncheckedFin);

  const adjStatement = statement.plus(bookIn).minus(bookOut);
  const inferredBook = adjStatement.minus(bankIn).plus(bankOut).minus(errors).minus(unchecked);
  const amountOf = (xs: Item[]): number | null => (xs.length && !xs.some((x) => x.rej || isForeign(x)) ? sumCell(xs) : null);

  // Column A is wide enough for the bold "未解释差额（应为零） Unexplained difference"; the longest label wraps (below).
  // A column of amounts is as wide as its widest, as on 汇总 and 分户调节: a group's escrow account over
  // ¥10 billion showed its bold 调节后余额 as ### in a column of 18, and a ¥1.2 billion payment only the
  // books had, and 账面方合计, as ### in 财务金额's 16. The book balance finance types into B4 is of the statement's size.
  const book = new AmountRange();
  const bankSide = new AmountRange();
  const finSide = new AmountRange();
  for (const d of [statement, adjStatement, bankIn, bankOut, errors, unchecked, inferredBook]) book.add(num(d));
  for (const d of [statement, adjStatement, bookIn, bookOut, uncheckedBank]) bankSide.add(num(d));
  finSide.add(num(uncheckedFin));
  for (const sub of [...Object.values(lines.transit), lines.errors, lines.excluded]) {
    book.add(num(total(sub)));
    for (let k = 0; k < sub.length; k++) {
      const l = sub[k];
      if (l.amount !== null) book.add(num(l.amount));
      bankSide.add(amountOf(l.bank));
      finSide.add(amountOf(l.fin));
    }
  }
  for (let k = 0; k < lines.unchecked.bank.length; k++) bankSide.add(amountCell(lines.unchecked.bank[k]));
  for (let k = 0; k < lines.unchecked.fin.length; k++) finSide.add(amountCell(lines.unchecked.fin[k]));
  const widths = [46, book.width(18), 4, 34, bankSide.width(18), 34, finSide.width(16), 48];
  const ws = await wb.sheet({ name: '余额调节表', cols: widths.map((w) => ({ width: w })), orientation: 'landscape' });
  const put = async (values: XCell[], money: number[] = [], bold = false) => {
    const styles: StyleId[] = values.map(() => (bold ? S.bold : S.text));
    for (const c of money) styles[c - 1] = bold ? S.boldMoney : S.money;
    await ws.row(values, styles);
  };
  await ws.row([`银行存款余额调节表 ${period}`], S.title);
  // On the accounts' row: the top block's formulas refer to fixed rows below it (B4 …).
  const split = balanceByAccount(rec, lines, (key) => accountLabels.get(key)!, last);
  const splitNote = split.accounts
    ? `（本表为 ${split.accounts.filter((a) => a.ledger).length} 个账户的合并调节；各账户对其明细科目的调节见“分户调节”表）`
    : split.why !== '只有一个账户'
      ? `（本表为多个账户的合并调节，未能分户调节：${split.why}）`
      : '';
  // Its lines hold every account's rows: without each account's closing balance the book balance cannot be inferred.
  const unknown = [...noBalance].filter((k) => !last.has(k)).map((k) => accountLabels.get(k)!);
  const unknownNote = unknown.length ? `；${unknown.join('、')}的对账单无余额列：对账单余额未含该账户，未达账项却含其款项，合并数无法调节，也无法推算账面余额（请向银行取得其期末余额${split.accounts ? '；其他账户见“分户调节”' : ''}）` : '';
  // Statements that give no account number are told apart by file: two files of one bank may be two
  // parts of one account's month, whose closing balance is then counted twice.
  const byFileOnly = new Map<string, string[]>();
  for (const it of last.values()) if (!it.bank!.account) byFileOnly.set(it.bankCode ?? '', [...(byFileOnly.get(it.bankCode ?? '') ?? []), it.file]);
  const twice = [...byFileOnly].filter(([, fs]) => fs.length > 1);
  const twiceNote = twice.length ? `；${twice.map(([b, fs]) => `${b} 的 ${fs.length} 个对账单（${fs.join('、')}）没有账号，按不同账户各取期末余额相加：若是同一账户的几段导出，对账单余额重复计算了，请合并为一个文件后重新对账`).join('；')}` : '';
  await put(['对账单账户：' + [...last.keys()].map((k) => accountLabels.get(k)).join('；') + splitNote + unknownNote + twiceNote]);
  await put(['企业账面 Book', '', '', '银行对账单 Statement', ''], [], true);
  await ws.row(['账面余额（请财务填写）', null, '', '对账单余额', num(statement)], [S.text, S.input, S.text, S.text, S.money]);
  await put(['加：银行已收企业未收', num(bankIn), '', '加：企业已收银行未收', num(bookIn)], [2, 5]);
  await put(['减：银行已付企业未付', num(bankOut), '', '减：企业已付银行未付', num(bookOut)], [2, 5]);
  await put(['加/减：记账差错/待查（银行−账面，见二）', num(errors)], [2]);
  await ws.row(['加/减：非按揭收支及冲正差额（银行−账面，未逐笔核对，见三）', num(unchecked)], [S.wrap, S.money]);
  // Until finance fills in B4 these show a visible, cached text: an empty cached result cannot be
  // told from "never calculated" by readers (and sign-off refuses formulas without a value).
  // Short enough for column B (the whole "待填账面余额 / enter book balance" was cut off there).
  const pending = '待填B4 / fill B4';
  await put(['调节后余额', { formula: `IF(ISNUMBER(B4),B4+B5-B6+B7+B8,"${pending}")`, result: pending }, '', '调节后余额', { formula: 'E4+E5-E6', result: num(adjStatement) }], [2, 5], true);
  const noStatement = `缺${unknown.join('、')}的对账单余额 / a statement has no balance`;
  if (unknown.length) {
    await put(['未解释差额（应为零） Unexplained difference', noStatement], [], true);
    await put(['按本表推算的账面余额', noStatement]);
  } else {
    await put(['未解释差额（应为零） Unexplained difference', { formula: `IF(ISNUMBER(B4),B9-E9,"${pending}")`, result: pending }], [2], true);
    await put(['按本表推算的账面余额', num(inferredBook)], [2]);
  }
  await put(['公式：账面余额 + 银行已收企业未收 − 银行已付企业未付 ± 记账差错 ± 未逐笔核对差额 = 对账单余额 + 企业已收银行未收 − 企业已付银行未付']);
  await put(['未达账项只列一方已记账、另一方尚未记账的款项；双方都已记账但记错的，列在"记账差错/待查"，只计其差额；账面余额填入后，调节后余额仍不相等的部分即未解释差额。']);

  const where = (xs: Item[]): string | null => (xs.length ? xs.map((x) => `${x.file} ${x.sheet ? x.sheet + '!' : ''}${x.row}（${x.date}）`).join('；') : null);
  const detailStyles: StyleId[] = [S.text, S.money, S.text, S.wrap, S.money, S.wrap, S.money, S.wrap];
  // The sheet stays within Excel's rows (a month whose rows are nearly all open, a mistyped
  // --period): past this many detail lines the rest are counted, not listed, and every subtotal
  // still includes them (the fixed rows of the statement need fewer than 60).
  const room = maxRows - 60;
  let omitted = 0;
  const fits = (): boolean => {
    if (ws.rows < room) return true;
    omitted++;
    return false;
  };
  const notListed = async () => {
    if (!omitted) return;
    await put([`另有 ${omitted} 项未逐行列出（超出 Excel 每表行数上限；上下合计已含这些项），逐项见“差异”表和 JSON / ${omitted} more not listed one by one (Excel's row limit; the totals include them): see 差异 and the JSON`]);
    omitted = 0;
  };
  const line = async (label: string, l: BalanceLine) => {
    if (!fits()) return;
    const p = ws.row([label, l.amount === null ? null : num(l.amount), '', where(l.bank), amountOf(l.bank), where(l.fin), amountOf(l.fin), l.note], detailStyles);
    if (p) await p;
  };
  const head = async (title: string) => {
    await put([]);
    await ws.row([title], S.bold);
    await ws.row(['项目', '调节金额', '', '银行记录（文件 行号 日期）', '银行金额', '财务记录（文件 行号 日期）', '财务金额', '说明'], S.header);
  };

  await head('一、未达账项（一方已记账、另一方尚未记账）');
  for (const [kind, sub] of Object.entries(lines.transit) as [TransitKind, BalanceLine[]][]) {
    for (const l of sub) await line(TRANSIT_LABELS[kind], l);
    await notListed();
    await put([`${TRANSIT_LABELS[kind]} 小计（${sub.length} 笔）`, num(total(sub))], [2], true);
  }

  await head('二、记账差错/待查（双方均已记账但有误，或无法确定对应；按"银行−账面"调整账面，须更正）');
  for (const l of lines.errors) await line('记账差错/待查', l);
  await notListed();
  await put([`记账差错/待查 小计（${lines.errors.length} 项）`, num(errors)], [2], true);

  await head('三、非按揭收支及冲正（匹配时剔除，未逐笔核对：两方各自合计，差额计入账面方）');
  const setAside = async (x: Item) => {
    if (!fits()) return;
    const bankSide = x.side === 'bank';
    const n = x.note;
    const why = n?.kind === 'notMortgage' ? (n.rule?.name.zh ?? { debit: '支出', ownAccount: '本单位账户间划转', zero: '零金额', keyword: '', currency: '外币' }[n.reason]) : n?.kind === 'reversal' ? (n.found ? '冲正及被冲正的原笔' : n.tie ? '冲正，原笔有多笔同样可能，未配对' : '冲正，原笔不在本期文件中') : '';
    // A carried-in row reversed this month is no longer open: not "本期仍未达".
    const carried = x.carried ? (n?.kind === 'reversal' ? `${carriedFrom(x.carried.period, rec.engine.period).zh}结转，本期冲正/冲销：` : carriedNote(x, rec.engine.period)) : '';
    // A fee or interest on one side across the month's end: carried, or last month's closed by this row.
    // The item is the carried row, or this month's row standing in for it (exported again).
    const o = n?.kind === 'notMortgage' ? n.timing : undefined;
    const item = o ? (x.carried ?? x.carriedCopy) : undefined;
    const timing = o && item ? `${carriedFrom(item.period, rec.engine.period).zh}跨期未达结转，本期核销：对应 ${where([o])}；` : '';
    const sum = n?.kind === 'notMortgage' && !item ? n.timingSum : undefined;
    const closes = o ? (item ? '' : `；${sum && sum.length > 1 ? `合并核销${sum.length}笔` : '核销'}${carriedFrom((o.carried ?? o.carriedCopy)!.period, rec.engine.period).zh}跨期未达 ${where(sum ? [...sum] : [o])}`) : timingItems(rec.engine).has(x) ? `；${x.carriedCopy ? '上期跨期未达，本期仍未达' : '另一方本月无同额记录：跨期未达'}，结转下期核对` : '';
    const p = ws.row([OUTCOME_NAMES[outcomeOf(x)].zh, null, '', bankSide ? where([x]) : null, bankSide ? amountCell(x) : null, bankSide ? null : where([x]), bankSide ? null : amountCell(x), (timing || carried) + why + closes || null], detailStyles);
    if (p) await p;
  };
  for (const x of lines.unchecked.bank) await setAside(x);
  for (const x of lines.unchecked.fin) await setAside(x);
  await notListed();
  await put([`银行方合计（${lines.unchecked.bank.length} 笔）`, null, '', '', num(uncheckedBank)], [5], true);
  await put([`账面方合计（${lines.unchecked.fin.length} 笔）`, null, '', '', null, '', num(uncheckedFin)], [7], true);
  await put(['差额（银行−账面）', num(unchecked)], [2], true);

  await head('四、不计入本表（期后记录、重复导出的流水、无法解析的行）');
  for (const l of lines.excluded) await line('不计入', l);
  await notListed();
  await put([`不计入 合计（${lines.excluded.length} 项）`], [], true);

  await put([]);
  // One row, as on 汇总 and 分户调节: signing finds the block by its three labels on a row and fills it.
  await put(['制表：', '', '', '审核：', '', '日期：', ''], [], true);
  await ws.end();
  return split;
}
