import Decimal from 'decimal.js';
import { addDays, type LocalDate } from '../../domain/dates';
import type { Bilingual } from '../../domain/text';
import { ACCOUNTS, COMPANY, LEDGER, PROVIDENT_ACCOUNT, accountOf, type AccountId, type SampleAccount } from './accounts';
import { bankTime, businessDays, nextBusinessDay, previousBusinessDay, type Period } from './calendar';
import { bankCardNumber, pad } from './people';
import type { Rng } from './prng';
import { stagesEndingAt, type Credit, type GeneratedUnit } from './register';

/** The flags a reconciler raises; truth.json names one per injected problem. */
export type Flag =
  | 'AMOUNT_MISMATCH'
  | 'MISSING_IN_FINANCE'
  | 'MISSING_IN_BANK'
  | 'DUPLICATE_BANK'
  | 'DUPLICATE_FINANCE'
  | 'WRONG_UNIT'
  | 'WRONG_ACCOUNT'
  | 'LATE_BOOKING'
  | 'DEPOSIT_WITHHELD'
  | 'SPLIT_MATCH'
  | 'REVERSED'
  | 'NOT_MORTGAGE'
  | 'OUT_OF_PERIOD';

/** A statement row before it is laid out in a file. */
export interface PlannedTx {
  id: string;
  account: AccountId;
  date: LocalDate;
  time: string;
  amount: Decimal; // signed: + money in
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  memo: string;
  reference: string;
}

export interface PlannedLine {
  accountCode: string;
  accountName: string;
  debit: Decimal;
  credit: Decimal;
  auxiliary: Record<string, string>;
}

export interface PlannedVoucher {
  id: string;
  date: LocalDate;
  summary: string;
  customer: string | null;
  unitKey: string | null;
  lines: PlannedLine[];
}

export interface PlannedRef {
  tx?: string;
  voucher?: string;
  /** What the row is in the story: credit, booking, refund, reversal, duplicate … */
  role: string;
}

export interface PlannedProblem {
  id: string;
  flag: Flag;
  /** Flags a reconciler may also raise on the same rows without being wrong. */
  mayAlsoRaise: Flag[];
  unitKey: string | null;
  description: Bilingual;
  refs: PlannedRef[];
  amounts: Record<string, string>;
}

export interface CleanPair {
  unitKey: string;
  part: 'commercial' | 'provident';
  tx: string;
  voucher: string;
}

export interface Scenario {
  txs: PlannedTx[];
  vouchers: PlannedVoucher[];
  problems: PlannedProblem[];
  clean: CleanPair[];
  /** Vouchers with no bank line (not part of a bank reconciliation). */
  nonBank: string[];
  /** The statement of each account covers [from, to]; ABC is exported as two files that overlap on `abcSplitDay`. */
  statementFrom: Record<AccountId, LocalDate>;
  abcSplitDay: LocalDate;
  openingBalance: Record<AccountId, Decimal>;
}

const ZERO = new Decimal(0);

/**
 * The period's bank credits and finance's bookings: every in-period disbursement credited and
 * booked the same day, then the known problems injected on chosen units, each recorded.
 */
export function buildScenario(rng: Rng, units: GeneratedUnit[], period: Period): Scenario {
  return new Builder(rng, units, period).build();
}

class Builder {
  private readonly txs: PlannedTx[] = [];
  private readonly vouchers: PlannedVoucher[] = [];
  private readonly problems: PlannedProblem[] = [];
  private readonly clean: CleanPair[] = [];
  private readonly nonBank: string[] = [];
  private readonly claimed = new Set<GeneratedUnit>();
  private readonly refCounter: Record<string, number> = {};
  private readonly days: LocalDate[];
  private readonly stageRng: Rng;
  private readonly memoRng: Rng;
  private readonly pickRng: Rng;
  private readonly abcSplitDay: LocalDate;
  private nextTx = 1;
  private nextVoucher = 1;

  constructor(
    private readonly rng: Rng,
    private readonly units: GeneratedUnit[],
    private readonly period: Period,
  ) {
    this.days = businessDays(period.first, period.last);
    this.stageRng = rng.fork('scenario-stages');
    this.memoRng = rng.fork('scenario-memo');
    this.pickRng = rng.fork('scenario-pick');
    // The two ABC exports meet at the median day of the account's credits, so each file holds about half.
    const abc = units.filter((u) => u.status === 'inPeriod').flatMap((u) => u.credits.filter((c) => c.account === 'abc').map((c) => c.date)).sort();
    const n = this.days.length;
    const median = abc.length >= 4 ? this.days.indexOf(abc[Math.floor(abc.length / 2)]!) : Math.floor(n / 2);
    this.abcSplitDay = this.day(Math.max(3, Math.min(n - 4, median)));
  }

  build(): Scenario {
    const p = this.period;
    const n = this.days.length;
    // ---- choose the units that carry a problem (before the clean credits are laid out)
    const deposit = this.claimCommercial('icbc', this.day(2));
    const wrong = this.claimCommercial('icbc', this.day(this.pickRng.int(4, n - 3)));
    const outOfPeriod = this.claimCommercial('icbc', addDays(p.first, -1));
    outOfPeriod.credits[0]!.time = '15:42:10';
    outOfPeriod.status = 'before';
    const split = this.claimSplit(this.day(this.pickRng.int(3, n - 4)));
    const missingFin = this.claimCommercial('ccb', this.day(this.pickRng.int(3, n - 2)));
    const dupBank = this.claimCommercial('abc', this.abcSplitDay);
    const typo = this.claimCommercial('abc', this.day(this.pickRng.int(1, n - 2)));
    const dupFin = this.claimCommercial('boc', this.day(this.pickRng.int(1, n - 4)));
    const missingBank = this.claimCommercial('boc', this.day(n - 1));
    const late = this.claimCommercial('cmb', this.day(this.pickRng.int(1, n - 6)));
    const reversed = this.claimCommercial('cmb', this.day(this.pickRng.int(2, n - 3)));
    const wrongAccount = this.claimCommercial('icbc', this.day(this.pickRng.int(2, n - 3)));
    // No other ABC row on the overlap day, so the two ABC files share exactly the one injected row.
    for (const u of this.units) {
      if (this.claimed.has(u) || u.status !== 'inPeriod') continue;
      let moved = false;
      for (const c of u.credits) {
        if (c.account === 'abc' && c.date === this.abcSplitDay) {
          c.date = nextBusinessDay(addDays(c.date, 1));
          moved = true;
        }
      }
      if (moved) this.restage(u);
    }

    // ---- every other in-period credit: credited and booked the same day
    for (const u of this.units) {
      if (this.claimed.has(u) || u.status !== 'inPeriod') continue;
      for (const c of u.credits) {
        const tx = this.creditTx(u, c);
        const v = this.bookCredit(u, c, c.date, c.amount);
        this.clean.push({ unitKey: u.reg.unitKey, part: c.part, tx: tx.id, voucher: v.id });
      }
    }

    this.injectDeposit(deposit);
    this.injectWrongUnit(wrong);
    this.injectOutOfPeriod(outOfPeriod);
    this.injectSplit(split);
    this.injectMissingInFinance(missingFin);
    this.injectDuplicateBank(dupBank);
    this.injectAmountTypo(typo);
    this.injectDuplicateFinance(dupFin);
    this.injectMissingInBank(missingBank);
    this.injectLateBooking(late);
    this.injectReversal(reversed);
    this.injectWrongAccount(wrongAccount);
    this.injectNoise();

    const statementFrom = Object.fromEntries(ACCOUNTS.map((a) => [a.id, p.first])) as Record<AccountId, LocalDate>;
    statementFrom.icbc = addDays(p.first, -1);
    const balRng = this.rng.fork('balances');
    const openingBalance = Object.fromEntries(
      ACCOUNTS.map((a) => [a.id, new Decimal(balRng.int(3_000_000, 30_000_000)).plus(new Decimal(balRng.int(0, 99)).div(100))]),
    ) as Record<AccountId, Decimal>;
    return {
      txs: this.txs,
      vouchers: this.vouchers,
      problems: this.problems,
      clean: this.clean,
      nonBank: this.nonBank,
      statementFrom,
      abcSplitDay: this.abcSplitDay,
      openingBalance,
    };
  }

  // ------------------------------------------------------------------ choosing units

  private day(i: number): LocalDate {
    return this.days[Math.max(0, Math.min(this.days.length - 1, i))]!;
  }

  private candidates(pred: (u: GeneratedUnit) => boolean): GeneratedUnit[] {
    const free = this.units.filter((u) => !this.claimed.has(u) && pred(u));
    // In-period units first (their story is already in place), then the rest.
    const rank = (u: GeneratedUnit): number => (u.status === 'inPeriod' ? 0 : u.status === 'open' ? 1 : 2);
    return this.pickRng.shuffle(free).sort((a, b) => rank(a) - rank(b));
  }

  /** A commercial-loan unit disbursed by `bank` on `date` (moved there if needed). */
  private claimCommercial(bank: AccountId, date: LocalDate): GeneratedUnit {
    const pool = this.candidates((u) => u.reg.loanType === 'commercial' && u.reg.commercialLoan !== null);
    const exact = pool.find((u) => u.status === 'inPeriod' && u.credits[0]?.account === bank);
    const u = exact ?? pool[0];
    if (!u) throw new Error('sample: not enough commercial-loan units to inject the known problems');
    this.claimed.add(u);
    this.setBank(u, bank);
    u.status = 'inPeriod';
    u.credits = [{ account: bank, date, time: bankTime(this.stageRng), amount: u.reg.commercialLoan!, part: 'commercial' }];
    this.uniqueAmount(u, u.credits[0]!);
    this.restage(u);
    return u;
  }

  /** A 组合贷 unit whose bank part is at CCB, where the provident fund centre also pays. */
  private claimSplit(date: LocalDate): GeneratedUnit {
    const pool = this.candidates((u) => u.reg.loanType === 'combined');
    let u = pool.find((x) => x.status === 'inPeriod' && x.reg.bank === '中国建设银行') ?? pool[0];
    if (!u) {
      // Tiny sets may have no 组合贷: turn a commercial loan into one.
      u = this.candidates((x) => x.reg.loanType === 'commercial' && x.reg.usage === '住宅' && x.reg.commercialLoan!.gt(600000))[0];
      if (!u) throw new Error('sample: no unit can carry the 组合贷 split');
      u.reg.loanType = 'combined';
      u.reg.providentLoan = new Decimal(300000);
      u.reg.commercialLoan = u.reg.commercialLoan!.minus(300000);
    }
    this.claimed.add(u);
    this.setBank(u, PROVIDENT_ACCOUNT);
    u.status = 'inPeriod';
    u.credits = [
      { account: PROVIDENT_ACCOUNT, date, time: '10:' + pad(this.stageRng.int(0, 59), 2) + ':' + pad(this.stageRng.int(0, 59), 2), amount: u.reg.commercialLoan!, part: 'commercial' },
      { account: PROVIDENT_ACCOUNT, date, time: '14:' + pad(this.stageRng.int(0, 59), 2) + ':' + pad(this.stageRng.int(0, 59), 2), amount: u.reg.providentLoan!, part: 'provident' },
    ];
    for (const c of u.credits) this.uniqueAmount(u, c);
    this.restage(u);
    return u;
  }

  private setBank(u: GeneratedUnit, bank: AccountId): void {
    const a = accountOf(bank);
    if (u.reg.bank !== a.bankName || !u.card) {
      u.reg.bank = a.bankName;
      u.reg.depositRatio = new Decimal(a.depositRatio);
      u.card = bankCardNumber(this.stageRng, a.cardBin);
    }
  }

  /** Keeps credit amounts unique per account (lowering the loan by ¥1,000 and raising the down payment). */
  private uniqueAmount(u: GeneratedUnit, c: Credit): void {
    const taken = (amount: Decimal): boolean =>
      this.units.some((o) => o !== u && o.status === 'inPeriod' && o.credits.some((x) => x.account === c.account && x.amount.eq(amount)));
    while (taken(c.amount)) c.amount = c.amount.minus(1000);
    if (c.part === 'commercial') u.reg.commercialLoan = c.amount;
    else u.reg.providentLoan = c.amount;
    u.reg.downPayment = u.reg.totalPrice!.minus(u.reg.commercialLoan ?? 0).minus(u.reg.providentLoan ?? 0);
  }

  /** Stage dates and the register's disbursement columns from the unit's credits. */
  private restage(u: GeneratedUnit, disbursedOn?: Partial<Record<'commercial' | 'provident', LocalDate>>): void {
    const dates = u.credits.map((c) => disbursedOn?.[c.part] ?? c.date).sort();
    const first = dates[0]!;
    const last = dates[dates.length - 1]!;
    let stages = stagesEndingAt(this.stageRng, 'disbursed', last);
    if (stages.mortgageRegistered! > first) stages = stagesEndingAt(this.stageRng, 'mortgageRegistered', addDays(first, -this.stageRng.int(1, 4)));
    stages.disbursed = last;
    u.reg.stages = stages;
    const r = u.reg;
    const com = u.credits.find((c) => c.part === 'commercial');
    const pro = u.credits.find((c) => c.part === 'provident');
    r.commercialDisbursed = com ? r.commercialLoan : null;
    r.commercialDisbursedDate = com ? (disbursedOn?.commercial ?? com.date) : null;
    r.providentDisbursed = pro ? r.providentLoan : null;
    r.providentDisbursedDate = pro ? (disbursedOn?.provident ?? pro.date) : null;
  }

  // ------------------------------------------------------------------ rows and vouchers

  private reference(account: AccountId, date: LocalDate): string {
    const n = (this.refCounter[account] = (this.refCounter[account] ?? 0) + 1);
    const ymd = date.replace(/-/g, '');
    switch (account) {
      case 'icbc':
        return `${ymd}${pad(n, 6)}${this.memoRng.digits(4)}`;
      case 'ccb':
        return `4405${ymd}${this.memoRng.digits(6)}${pad(n, 4)}`;
      case 'abc':
        return `ABC${ymd}${pad(n, 7)}`;
      case 'boc':
        return `${this.memoRng.digits(4)}${ymd.slice(2)}${pad(n, 6)}`;
      case 'cmb':
        return `K${this.memoRng.digits(4)}${pad(n, 5)}${ymd.slice(4)}`;
    }
  }

  private addTx(t: Omit<PlannedTx, 'id' | 'reference'> & { reference?: string }): PlannedTx {
    const tx: PlannedTx = { ...t, id: `T${pad(this.nextTx++, 5)}`, reference: t.reference ?? this.reference(t.account, t.date) };
    this.txs.push(tx);
    return tx;
  }

  /** The unit code as people write it, in one of the usual forms. */
  private unitText(u: GeneratedUnit, style: number): string {
    const r = u.reg;
    if (style === 1) return r.unitKey;
    if (r.unit === null) return style === 2 ? `${r.building}#${r.room}` : `${r.building}栋${r.room}`;
    return style === 2 ? `${r.building}#${r.unit}-${r.room}` : `${r.building}栋${r.unit}单元${r.room}`;
  }

  private creditTx(u: GeneratedUnit, c: Credit, over: Partial<PlannedTx> = {}): PlannedTx {
    const r = u.reg;
    const m = this.memoRng;
    const unit = this.unitText(u, m.int(0, 2));
    // The memo carries the unit most of the time; always when the borrower is not the contract holder.
    const withUnit = r.mainBorrower !== r.buyers[0]!.name || m.chance(0.75);
    let memo: string;
    let name: string;
    let acct: string | null;
    if (c.part === 'provident') {
      name = COMPANY.providentCentre;
      acct = COMPANY.providentCentreAccount;
      memo = withUnit ? `公积金贷款发放 ${r.mainBorrower} ${unit}` : `公积金贷款发放 ${r.mainBorrower}`;
    } else {
      name = r.mainBorrower;
      acct = u.card;
      const kind = r.usage === '商业' ? '商业用房贷款' : '个人住房贷款';
      memo = withUnit ? m.pick([`${kind}放款 ${unit}`, `按揭款 ${unit} ${r.mainBorrower}`, `${unit}${r.mainBorrower}按揭贷款`]) : m.pick([`${kind}放款`, '贷款发放', '按揭款']);
    }
    return this.addTx({ account: c.account, date: c.date, time: c.time, amount: c.amount, counterpartyName: name, counterpartyAccount: acct, memo, ...over });
  }

  private addVoucher(date: LocalDate, summary: string, lines: PlannedLine[], customer: string | null, unitKey: string | null): PlannedVoucher {
    const v: PlannedVoucher = { id: `V${pad(this.nextVoucher++, 5)}`, date, summary, customer, unitKey, lines };
    this.vouchers.push(v);
    return v;
  }

  private bankLine(account: AccountId, debit: Decimal, credit: Decimal = ZERO): PlannedLine {
    const a = accountOf(account);
    return { accountCode: a.ledgerCode, accountName: a.ledgerName, debit, credit, auxiliary: {} };
  }

  private advanceLine(u: GeneratedUnit, credit: Decimal, unitKey = u.reg.unitKey): PlannedLine {
    return { accountCode: LEDGER.advance.code, accountName: LEDGER.advance.name, debit: ZERO, credit, auxiliary: { 客户: u.reg.buyers[0]!.name, 房号: unitKey } };
  }

  private bookingSummary(u: GeneratedUnit, part: 'commercial' | 'provident', unitKey = u.reg.unitKey): string {
    return `收${unitKey}${u.reg.buyers[0]!.name}${part === 'provident' ? '公积金贷款' : '按揭款'}`;
  }

  /** Dr 银行存款 / Cr 预收账款 (辅助核算 客户, 房号). */
  private bookCredit(u: GeneratedUnit, c: Credit, date: LocalDate, amount: Decimal, unitKey = u.reg.unitKey, summary?: string): PlannedVoucher {
    const s = summary ?? this.bookingSummary(u, c.part, unitKey);
    return this.addVoucher(date, s, [this.bankLine(c.account, amount), this.advanceLine(u, amount, unitKey)], u.reg.buyers[0]!.name, unitKey);
  }

  private problem(flag: Flag, u: GeneratedUnit | null, description: Bilingual, refs: PlannedRef[], amounts: Record<string, string> = {}, mayAlsoRaise: Flag[] = []): void {
    this.problems.push({ id: `P${pad(this.problems.length + 1, 2)}`, flag, mayAlsoRaise, unitKey: u ? u.reg.unitKey : null, description, refs, amounts });
  }

  // ------------------------------------------------------------------ the known problems

  /** The bank keeps the guarantee deposit: credit = loan × (1 − ratio); the deposit comes back later as its own credit. */
  private injectDeposit(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const loan = c.amount;
    const ratio = u.reg.depositRatio!;
    const deposit = loan.mul(ratio).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const net = loan.minus(deposit);
    const tx = this.creditTx(u, c, { amount: net });
    const a = accountOf(c.account);
    const v = this.addVoucher(
      c.date,
      `收${u.reg.unitKey}${u.reg.buyers[0]!.name}按揭款(扣保证金)`,
      [
        this.bankLine(c.account, net),
        { accountCode: LEDGER.deposit.code, accountName: LEDGER.deposit.name, debit: deposit, credit: ZERO, auxiliary: { 客户: u.reg.buyers[0]!.name, 房号: u.reg.unitKey } },
        this.advanceLine(u, loan),
      ],
      u.reg.buyers[0]!.name,
      u.reg.unitKey,
    );
    // The certificate reaches the bank, the bank refunds the deposit near month end.
    const refundDay = this.day(this.days.length - 3);
    u.reg.stages.certificateHandedOver = addDays(refundDay, -3) >= c.date ? addDays(refundDay, -3) : c.date;
    u.reg.stages.depositRefunded = refundDay;
    const refund = this.addTx({
      account: c.account, date: refundDay, time: bankTime(this.stageRng), amount: deposit, counterpartyName: a.branch, counterpartyAccount: null,
      memo: `退还按揭保证金 ${u.reg.mainBorrower} ${u.reg.unitKey}`,
    });
    const rv = this.addVoucher(
      refundDay,
      `收回${u.reg.unitKey}${u.reg.buyers[0]!.name}按揭保证金`,
      [this.bankLine(c.account, deposit), { accountCode: LEDGER.deposit.code, accountName: LEDGER.deposit.name, debit: ZERO, credit: deposit, auxiliary: { 客户: u.reg.buyers[0]!.name, 房号: u.reg.unitKey } }],
      u.reg.buyers[0]!.name,
      u.reg.unitKey,
    );
    this.problem(
      'DEPOSIT_WITHHELD', u,
      { zh: `${a.short}放款时扣留${ratio.mul(100).toString()}%按揭保证金：到账${net.toFixed(2)}，贷款${loan.toFixed(2)}；保证金${deposit.toFixed(2)}于${refundDay}退回`, en: `${a.bankCode} kept a ${ratio.mul(100).toString()}% guarantee deposit: credited ${net.toFixed(2)} of a ${loan.toFixed(2)} loan; the deposit ${deposit.toFixed(2)} came back on ${refundDay}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }, { tx: refund.id, role: 'refund' }, { voucher: rv.id, role: 'refund-booking' }],
      { loan: loan.toFixed(2), credited: net.toFixed(2), deposit: deposit.toFixed(2), ratio: ratio.toFixed(2) },
    );
  }

  /** 串户: booked to the neighbouring unit (the customer name is right, the 房号 is not). */
  private injectWrongUnit(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const r = u.reg;
    const same = (o: GeneratedUnit): boolean => o !== u && !this.claimed.has(o) && o.reg.building === r.building && o.reg.unit === r.unit && o.status !== 'inPeriod';
    const near = this.units.filter(same).sort((a, b) => Math.abs(Number(a.reg.room) - Number(r.room)) - Math.abs(Number(b.reg.room) - Number(r.room)));
    const other = near[0] ?? this.units.find((o) => o !== u && o.status !== 'inPeriod' && !this.claimed.has(o));
    if (!other) throw new Error('sample: no unit to book the 串户 to');
    this.claimed.add(other);
    const tx = this.creditTx(u, c);
    const v = this.bookCredit(u, c, c.date, c.amount, other.reg.unitKey);
    this.problem(
      'WRONG_UNIT', u,
      { zh: `串户：${r.unitKey}的放款记到了${other.reg.unitKey}`, en: `Booked to the wrong unit: the loan of ${r.unitKey} was booked to ${other.reg.unitKey}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }],
      { amount: c.amount.toFixed(2), bookedUnit: other.reg.unitKey },
    );
  }

  /** Credited to the ICBC account, booked to the CCB account's 科目: each account's book balance is off by it. */
  private injectWrongAccount(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    const wrong = accountOf('ccb');
    const v = this.bookCredit(u, { ...c, account: 'ccb' }, c.date, c.amount);
    this.problem(
      'WRONG_ACCOUNT', u,
      { zh: `记错银行科目：${accountOf(c.account).short}${c.date}到账，财务记入${wrong.ledgerCode} ${wrong.ledgerName}`, en: `Booked to the wrong bank account: credited to ${accountOf(c.account).bankCode} on ${c.date}, booked to ${wrong.ledgerCode} ${wrong.ledgerName}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }],
      { amount: c.amount.toFixed(2), bookedTo: wrong.ledgerCode },
    );
  }

  /** Credited on the last day of the previous month, booked on the 2nd. */
  private injectOutOfPeriod(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    const bookDay = addDays(this.period.first, 1);
    const v = this.bookCredit(u, c, bookDay, c.amount);
    this.problem(
      'OUT_OF_PERIOD', u,
      { zh: `跨月：${c.date}到账（上月），${bookDay}入账`, en: `Across month end: credited ${c.date} (previous month), booked ${bookDay}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }],
      { amount: c.amount.toFixed(2), credited: c.date, booked: bookDay },
      ['LATE_BOOKING'],
    );
  }

  /** 组合贷: the bank part and the provident fund part arrive as two credits; finance books one voucher for both. */
  private injectSplit(u: GeneratedUnit): void {
    const [com, pro] = u.credits as [Credit, Credit];
    const t1 = this.creditTx(u, com);
    const t2 = this.creditTx(u, pro);
    const total = com.amount.plus(pro.amount);
    const v = this.addVoucher(
      pro.date,
      `收${u.reg.unitKey}${u.reg.buyers[0]!.name}组合贷款(商贷+公积金)`,
      [this.bankLine(com.account, total), this.advanceLine(u, total)],
      u.reg.buyers[0]!.name,
      u.reg.unitKey,
    );
    this.problem(
      'SPLIT_MATCH', u,
      { zh: `组合贷分两笔到账（商贷${com.amount.toFixed(2)} + 公积金${pro.amount.toFixed(2)}），财务合并一笔入账${total.toFixed(2)}`, en: `Combined loan credited in two parts (bank ${com.amount.toFixed(2)} + provident fund ${pro.amount.toFixed(2)}), booked as one ${total.toFixed(2)}` },
      [{ tx: t1.id, role: 'credit-commercial' }, { tx: t2.id, role: 'credit-provident' }, { voucher: v.id, role: 'booking' }],
      { commercial: com.amount.toFixed(2), provident: pro.amount.toFixed(2), booked: total.toFixed(2) },
    );
  }

  private injectMissingInFinance(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    this.problem(
      'MISSING_IN_FINANCE', u,
      { zh: `未入账：银行${c.date}已到账${c.amount.toFixed(2)}，财务未记账`, en: `Not booked: credited ${c.amount.toFixed(2)} on ${c.date}, no booking` },
      [{ tx: tx.id, role: 'credit' }],
      { amount: c.amount.toFixed(2) },
    );
  }

  /** The ABC account was exported as two files that overlap on one day: its one row appears in both. */
  private injectDuplicateBank(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    const v = this.bookCredit(u, c, c.date, c.amount);
    this.problem(
      'DUPLICATE_BANK', u,
      { zh: `同一笔流水出现在两个导出文件中（农行两次导出在${c.date}重叠）`, en: `The same statement row is in two export files (the two ABC exports overlap on ${c.date})` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }],
      { amount: c.amount.toFixed(2) },
    );
  }

  /** A typing error: two digits swapped in the booked amount. */
  private injectAmountTypo(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    const booked = swapDigits(c.amount);
    const v = this.bookCredit(u, c, c.date, booked);
    this.problem(
      'AMOUNT_MISMATCH', u,
      { zh: `金额录入错误：到账${c.amount.toFixed(2)}，入账${booked.toFixed(2)}`, en: `Amount typed wrong: credited ${c.amount.toFixed(2)}, booked ${booked.toFixed(2)}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }],
      { credited: c.amount.toFixed(2), booked: booked.toFixed(2), difference: booked.minus(c.amount).toFixed(2) },
    );
  }

  /** Booked twice: the second voucher two working days later. */
  private injectDuplicateFinance(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    const v1 = this.bookCredit(u, c, c.date, c.amount);
    const again = this.day(this.days.indexOf(c.date) + 2);
    const v2 = this.bookCredit(u, c, again, c.amount, u.reg.unitKey, `补记：${this.bookingSummary(u, c.part)}`);
    this.problem(
      'DUPLICATE_FINANCE', u,
      { zh: `重复入账：${c.date}与${again}两次记账`, en: `Booked twice: on ${c.date} and again on ${again}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v1.id, role: 'booking' }, { voucher: v2.id, role: 'duplicate-booking' }],
      { amount: c.amount.toFixed(2) },
    );
  }

  /** 银行未达: finance booked on the bank's notice on the last working day; the money arrives next month. */
  private injectMissingInBank(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const v = this.bookCredit(u, c, c.date, c.amount);
    const arrives = nextBusinessDay(addDays(this.period.last, 1));
    this.restage(u, { commercial: c.date });
    this.problem(
      'MISSING_IN_BANK', u,
      { zh: `银行未达：财务${c.date}已入账，银行次月${arrives}才到账`, en: `In transit: booked on ${c.date}, the bank credits it next month (${arrives})` },
      [{ voucher: v.id, role: 'booking' }],
      { amount: c.amount.toFixed(2) },
    );
  }

  private injectLateBooking(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const tx = this.creditTx(u, c);
    const booked = addDays(c.date, 4) <= this.period.last ? addDays(c.date, 4) : this.period.last;
    const v = this.bookCredit(u, c, booked, c.amount);
    this.problem(
      'LATE_BOOKING', u,
      { zh: `超过24小时入账：${c.date} ${c.time}到账，${booked}入账`, en: `Booked more than 24 h after the credit: credited ${c.date} ${c.time}, booked ${booked}` },
      [{ tx: tx.id, role: 'credit' }, { voucher: v.id, role: 'booking' }],
      { amount: c.amount.toFixed(2), credited: `${c.date} ${c.time}`, booked },
    );
  }

  /** The bank credits, reverses the credit the same afternoon (冲正), and credits again the next working day. */
  private injectReversal(u: GeneratedUnit): void {
    const c = u.credits[0]!;
    const redo = this.day(this.days.indexOf(c.date) + 1);
    c.time = `10:${pad(this.stageRng.int(0, 59), 2)}:${pad(this.stageRng.int(0, 59), 2)}`;
    const original = this.creditTx(u, c);
    const rev = this.addTx({
      account: c.account, date: c.date, time: `15:${pad(this.stageRng.int(0, 59), 2)}:${pad(this.stageRng.int(0, 59), 2)}`, amount: c.amount.neg(),
      counterpartyName: u.reg.mainBorrower, counterpartyAccount: u.card, memo: `冲正 原流水号${original.reference}`,
    });
    const again: Credit = { ...c, date: redo, time: `09:${pad(this.stageRng.int(10, 59), 2)}:${pad(this.stageRng.int(0, 59), 2)}` };
    u.credits = [again];
    this.restage(u);
    const redoTx = this.creditTx(u, again);
    const v = this.bookCredit(u, again, redo, again.amount);
    this.problem(
      'REVERSED', u,
      { zh: `${c.date}到账后当日冲正，${redo}重新放款并入账`, en: `Credited on ${c.date} and reversed the same day; credited again and booked on ${redo}` },
      [{ tx: original.id, role: 'credit' }, { tx: rev.id, role: 'reversal' }],
      { amount: c.amount.toFixed(2) },
    );
    this.clean.push({ unitKey: u.reg.unitKey, part: 'commercial', tx: redoTx.id, voucher: v.id });
  }

  /** Statement rows that are not disbursements, each booked as finance would. */
  private injectNoise(): void {
    const r = this.memoRng;
    const n = this.days.length;
    const near21 = previousBusinessDay(`${this.period.key}-21`);
    for (const id of ['icbc', 'ccb'] as const) {
      const a = accountOf(id);
      const amt = new Decimal(r.int(80000, 900000)).div(100);
      const tx = this.addTx({ account: id, date: near21, time: '00:00:00', amount: amt, counterpartyName: null, counterpartyAccount: null, memo: id === 'icbc' ? '结息 利息收入' : '结息' });
      const v = this.addVoucher(near21, `${a.short}结息`, [this.bankLine(id, amt), { accountCode: LEDGER.interest.code, accountName: LEDGER.interest.name, debit: ZERO, credit: amt, auxiliary: {} }], null, null);
      this.problem('NOT_MORTGAGE', null, { zh: `${a.short}结息，不是按揭放款`, en: `${a.bankCode} interest, not a disbursement` }, [{ tx: tx.id, role: 'interest' }, { voucher: v.id, role: 'booking' }], { amount: amt.toFixed(2) });
    }
    {
      let d = this.day(r.int(1, n - 2));
      if (d === this.abcSplitDay) d = this.day(this.days.indexOf(d) + 1);
      const a = accountOf('abc');
      const amt = new Decimal(r.pick([1550, 2000, 2500])).div(100);
      const tx = this.addTx({ account: 'abc', date: d, time: bankTime(r), amount: amt.neg(), counterpartyName: null, counterpartyAccount: null, memo: '电子汇划费 手续费' });
      const v = this.addVoucher(d, '农行汇划手续费', [{ accountCode: LEDGER.fees.code, accountName: LEDGER.fees.name, debit: amt, credit: ZERO, auxiliary: {} }, this.bankLine('abc', ZERO, amt)], null, null);
      this.problem('NOT_MORTGAGE', null, { zh: `${a.short}手续费，不是按揭放款`, en: `${a.bankCode} bank fee, not a disbursement` }, [{ tx: tx.id, role: 'fee' }, { voucher: v.id, role: 'booking' }], { amount: amt.neg().toFixed(2) });
    }
    {
      // A buyer pays (part of) a down payment into the BOC account.
      const buyer = this.units.find((u) => u.status === 'open' && !this.claimed.has(u) && u.reg.usage === '住宅') ?? this.units.find((u) => !this.claimed.has(u))!;
      this.claimed.add(buyer);
      const d = this.day(r.int(1, n - 2));
      const amt = new Decimal(r.int(5, 30) * 10000);
      const card = bankCardNumber(r, '621661');
      const tx = this.addTx({ account: 'boc', date: d, time: bankTime(r), amount: amt, counterpartyName: buyer.reg.buyers[0]!.name, counterpartyAccount: card, memo: `首付款 ${buyer.reg.unitKey}` });
      const v = this.addVoucher(d, `收${buyer.reg.unitKey}${buyer.reg.buyers[0]!.name}首付款`, [this.bankLine('boc', amt), this.advanceLine(buyer, amt)], buyer.reg.buyers[0]!.name, buyer.reg.unitKey);
      this.problem('NOT_MORTGAGE', buyer, { zh: '购房人交首付款，不是按揭放款', en: 'A buyer paying a down payment, not a loan disbursement' }, [{ tx: tx.id, role: 'down-payment' }, { voucher: v.id, role: 'booking' }], { amount: amt.toFixed(2) });
    }
    {
      const d = previousBusinessDay(`${this.period.key}-10`);
      const amt = new Decimal(r.int(30_000_000, 60_000_000)).div(100);
      const tx = this.addTx({ account: 'cmb', date: d, time: bankTime(r), amount: amt.neg(), counterpartyName: '代发工资', counterpartyAccount: null, memo: `代发工资 ${prevMonthLabel(this.period)}` });
      const v = this.addVoucher(d, `发放${prevMonthLabel(this.period)}工资`, [{ accountCode: LEDGER.payroll.code, accountName: LEDGER.payroll.name, debit: amt, credit: ZERO, auxiliary: {} }, this.bankLine('cmb', ZERO, amt)], null, null);
      this.problem('NOT_MORTGAGE', null, { zh: '代发工资（转出），不是按揭放款', en: 'Payroll paid out, not a disbursement' }, [{ tx: tx.id, role: 'payroll' }, { voucher: v.id, role: 'booking' }], { amount: amt.neg().toFixed(2) });
      // The month's salary accrual: a voucher without a bank line, which a bank reconciliation ignores.
      const accrual = new Decimal(r.int(30_000_000, 60_000_000)).div(100);
      const acc = this.addVoucher(this.period.last, `计提${this.period.key.slice(5).replace(/^0/, '')}月工资`, [
        { accountCode: LEDGER.salaryExpense.code, accountName: LEDGER.salaryExpense.name, debit: accrual, credit: ZERO, auxiliary: {} },
        { accountCode: LEDGER.payroll.code, accountName: LEDGER.payroll.name, debit: ZERO, credit: accrual, auxiliary: {} },
      ], null, null);
      this.nonBank.push(acc.id);
    }
  }
}

function prevMonthLabel(p: Period): string {
  const m = Number(p.key.slice(5, 7));
  const y = Number(p.key.slice(0, 4));
  return m === 1 ? `${y - 1}年12月` : `${y}年${m - 1}月`;
}

/** Swaps the first two different neighbouring digits of the whole-yuan part (1,286,000.00 → 1,826,000.00). */
export function swapDigits(amount: Decimal): Decimal {
  const [int, frac] = amount.toFixed(2).split('.') as [string, string];
  const d = int.split('');
  // Swap from the second digit on when there is one, so the error stays plausible (2,860,000 → 2,680,000).
  for (let i = d.length > 3 ? 1 : 0; i + 1 < d.length; i++) {
    if (d[i] !== d[i + 1] && !(i === 0 && d[i + 1] === '0')) {
      [d[i], d[i + 1]] = [d[i + 1]!, d[i]!];
      return new Decimal(`${d.join('')}.${frac}`);
    }
  }
  return amount.plus(9000);
}

export type { SampleAccount };
