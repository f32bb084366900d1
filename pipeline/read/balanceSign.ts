import type Decimal from 'decimal.js';
import type { BankTransaction } from '../../domain/records';
import type { Bilingual } from '../../domain/text';

/**
 * A row whose amount was printed with a minus in a column that holds amounts without a sign: the
 * money-out column (借方发生额 / 支出), the money-in column (贷方发生额 / 收入), or the amount next
 * to a 借/贷 flag. It reads two ways:
 *  - by its column (the rule): the column says the direction, the minus is the bank's way of
 *    printing it — 借方 −1,000.00 is money out, −1,000;
 *  - as red ink (红字冲正): the minus reverses the column's direction — 借方 −1,000.00 takes back a
 *    debit, money in, +1,000.
 * tx.amount holds the first reading, `alt` the second. The running balance decides (SignByBalance).
 */
export interface DoubtfulSign {
  alt: Decimal;
  /** The column as the user sees it: header text and letter. */
  column: string;
  letter: string;
  /** The cell as printed ("-1,000.00"). */
  printed: string;
  /** 'column': split money-in / money-out columns; 'flag': an amount with a 借/贷 flag (the flag's text). */
  by: 'column' | 'flag';
  flag?: string;
}

interface Pending {
  tx: BankTransaction;
  doubt: DoubtfulSign;
  /** The transaction row before it in the file, or null. */
  prev: BankTransaction | null;
}

/**
 * Pairs of clear rows compared to learn whether the file runs oldest-first or newest-first: the
 * first ones with balances settle it; a big file pays no Decimal arithmetic per row after them.
 */
const PAIRS_COMPARED = 64;

/**
 * +1 when `to` = `from` + m, −1 when `to` = `from` − m, 0 when neither (or a balance is missing).
 */
function balanceSays(from: Decimal | null, to: Decimal | null, m: Decimal): number {
  if (from === null || to === null) return 0;
  if (from.plus(m).eq(to)) return 1;
  if (from.minus(m).eq(to)) return -1;
  return 0;
}

/** <0 when a happened before b, >0 after, 0 when the date (and time, when both have one) is the same. */
function compareWhen(a: BankTransaction, b: BankTransaction): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.time === null || b.time === null || a.time === b.time) return 0;
  return a.time < b.time ? -1 : 1;
}

function sameCurrency(a: BankTransaction | null, b: BankTransaction): BankTransaction | null {
  return a !== null && a.currency === b.currency ? a : null;
}

/**
 * Decides the sign of doubtful rows (DoubtfulSign) by the statement's running balance, and passes
 * every transaction on in file order.
 *
 * A statement that runs oldest-first has balance = previous row's balance + amount; one that runs
 * newest-first has balance = next row's balance + amount. A doubtful row is held until the next
 * transaction row is read, then checked against the neighbour the file's order points to (the
 * dates, else the clear rows read so far, else the previous row). When the balance agrees with one
 * reading, that reading is kept; when it agrees with neither (first row, a balance missing, rows
 * left out of the export) or there is no balance column, the column's reading stays and the row is
 * listed in a warning.
 */
export class SignByBalance {
  private pending: Pending | null = null;
  private prev: BankTransaction | null = null;
  /** Pairs of clear rows whose balances fit oldest-first (asc) or newest-first (desc). */
  private asc = 0;
  private desc = 0;
  private compared = 0;
  /** Rows whose balance showed the red-ink reading: the amount was turned. */
  private readonly turned: { tx: BankTransaction; doubt: DoubtfulSign }[] = [];
  /** Rows the balance could not confirm either way: read by their column. */
  private readonly unconfirmed: { tx: BankTransaction; doubt: DoubtfulSign }[] = [];

  constructor(
    private readonly hasBalance: boolean,
    private readonly emit: (tx: BankTransaction) => void,
  ) {}

  /** A transaction row in file order; `doubt` when its printed sign disagrees with its column. */
  add(tx: BankTransaction, doubt: DoubtfulSign | null): void {
    const pending = this.pending;
    if (pending !== null) {
      this.pending = null;
      this.resolve(pending, tx);
    }
    const prev = this.prev;
    if (doubt === null && prev !== null && this.compared < PAIRS_COMPARED && prev.currency === tx.currency && prev.balance !== null && tx.balance !== null && !prev.amount.isZero() && !tx.amount.isZero()) {
      // prev's amount is final here: it was clear, or resolved just above.
      this.compared++;
      if (tx.balance.minus(prev.balance).eq(tx.amount)) this.asc++;
      else if (prev.balance.minus(tx.balance).eq(prev.amount)) this.desc++;
    }
    this.prev = tx;
    if (doubt === null) this.emit(tx);
    else if (!this.hasBalance) this.keep(tx, doubt, 0);
    else this.pending = { tx, doubt, prev };
  }

  /** The last doubtful row, when the file ends with one. */
  end(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.resolve(pending, null);
  }

  private resolve(p: Pending, next: BankTransaction | null): void {
    const x = p.tx;
    const m = x.amount.abs();
    const prev = sameCurrency(p.prev, x);
    const nxt = next === null ? null : sameCurrency(next, x);
    const up = prev ? balanceSays(prev.balance, x.balance, m) : 0; // oldest-first: balance = prev + amount
    const down = nxt ? balanceSays(nxt.balance, x.balance, m) : 0; // newest-first: balance = next + amount
    const order = this.order(prev, x, nxt);
    const says = order === 'asc' ? up : order === 'desc' ? down : up || down;
    this.keep(x, p.doubt, says);
  }

  /** Which way the file runs around x: by the dates, else by the clear rows so far. */
  private order(prev: BankTransaction | null, x: BankTransaction, next: BankTransaction | null): 'asc' | 'desc' | null {
    const before = prev ? compareWhen(prev, x) : 0;
    const after = next ? compareWhen(x, next) : 0;
    const ascDates = before < 0 || after < 0;
    const descDates = before > 0 || after > 0;
    if (ascDates !== descDates) return ascDates ? 'asc' : 'desc';
    if (this.asc !== this.desc) return this.asc > this.desc ? 'asc' : 'desc';
    return null;
  }

  /** Keeps the column's reading unless the balance says the other (`says`: the balance's sign, 0 = no answer). */
  private keep(tx: BankTransaction, doubt: DoubtfulSign, says: number): void {
    if (says === 0) this.unconfirmed.push({ tx, doubt });
    else if (says !== tx.amount.s) {
      tx.amount = doubt.alt;
      this.turned.push({ tx, doubt });
    }
    this.emit(tx);
  }

  /** The warnings about doubtful rows, naming file, sheet and rows. */
  warnings(file: string, sheet: string): Bilingual[] {
    const out: Bilingual[] = [];
    const where = sheet ? { zh: `文件 ${file} 工作表“${sheet}”`, en: `File ${file}, sheet "${sheet}"` } : { zh: `文件 ${file}`, en: `File ${file}` };
    if (this.turned.length) {
      const d = details(this.turned);
      out.push({
        zh: `${where.zh}：${this.turned.length} 行的负数金额按余额变化是红字冲正（与所在列或借贷标志的方向相反），已按余额读取：${d.zh}`,
        en: `${where.en}: ${this.turned.length} row(s) with a negative amount are red-ink reversals by the running balance (against their column's or flag's direction) and were read as the balance shows: ${d.en}`,
      });
    }
    if (this.unconfirmed.length) {
      const d = details(this.unconfirmed);
      const why = this.hasBalance
        ? { zh: '余额无法核对其方向（首行、余额为空或前后余额不连续）', en: 'the running balance cannot confirm their direction (first row, a balance missing, or balances that do not follow on)' }
        : { zh: '对账单没有余额列，无法用余额核对', en: 'the statement has no balance column to check them against' };
      out.push({
        zh: `${where.zh}：${this.unconfirmed.length} 行的金额印为负数，${why.zh}；已按所在列或借贷标志读取（借方/支出为转出，贷方/收入为转入），如其中有红字冲正请人工核对：${d.zh}`,
        en: `${where.en}: ${this.unconfirmed.length} row(s) have an amount printed negative and ${why.en}; they were read by their column or 借/贷 flag (debit/out = money out, credit/in = money in) — check by hand whether any is a red-ink reversal: ${d.en}`,
      });
    }
    return out;
  }
}

function signed(x: Decimal): string {
  return `${x.isNegative() ? '-' : '+'}${x.abs().toFixed(2)}`;
}

/** "第 3 行 F 列 借方发生额 -1,000.00 读作 -1000.00；…" for the first ten rows. */
function details(rows: { tx: BankTransaction; doubt: DoubtfulSign }[]): Bilingual {
  const shown = rows.slice(0, 10);
  const more = rows.length > shown.length ? { zh: ' …', en: ' …' } : { zh: '', en: '' };
  const flagZh = (d: DoubtfulSign): string => (d.by === 'flag' ? `（借贷标志“${d.flag ?? ''}”）` : '');
  const flagEn = (d: DoubtfulSign): string => (d.by === 'flag' ? ` (flag "${d.flag ?? ''}")` : '');
  return {
    zh: shown.map(({ tx, doubt }) => `第 ${tx.source.row} 行 ${doubt.letter} 列 ${doubt.column} ${doubt.printed}${flagZh(doubt)} 读作 ${signed(tx.amount)}`).join('；') + more.zh,
    en: shown.map(({ tx, doubt }) => `row ${tx.source.row} column ${doubt.letter} ${doubt.column} ${doubt.printed}${flagEn(doubt)} read as ${signed(tx.amount)}`).join('; ') + more.en,
  };
}
