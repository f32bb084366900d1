import { Money, formatYuan, toFixed2 } from '../money';
import { daysBetween, monthsBetween } from '../dates';
import type { Bilingual } from '../text';
import { outcomeOf, hasFlag, includesAny, mentions, push, textOf, type Item } from './item';
import { sameAccount } from './setAside';
import { amountKey } from './amountKey';
import { depositsOf, loansOf, netOfDeposit, registerUnitOf, type DepositSource } from './registerIndex';
import { buyerClash, isOrganisation } from './buyers';
import { factorsOf, matchGroup, carriesRef } from './finish';
import { bookedLedgerOf, statementAccountOf } from './accounts';
import type { Engine } from './engine';
import type { RegisterRepeat } from './registerRepeats';
import { DIFFERENCE_TEXT, DUPLICATE_TEXT, TIMING_TEXT, WRONG_ACCOUNT_TEXT, FACTORS, RULE_NAMES, type CarriedItem, type Factor, type Factors, type RuleId } from './types';
import { maskPersonalText } from './mask';

const SKIPPED_ZH = '非资金变动行：';
const SKIPPED_EN = ' / Not a money movement: ';

/** The memo of a statement row the reader skipped as no money movement (Alipay 不计收支, WeChat "/"), handed to reconcile as a row of ¥0. */
export function skippedMemo(reason: Bilingual): string {
  return `${SKIPPED_ZH}${reason.zh}${SKIPPED_EN}${reason.en}`;
}

/** The reader's reason back from such a memo; null for any other. */
function skippedReason(memo: string | null | undefined): Bilingual | null {
  if (!memo?.startsWith(SKIPPED_ZH)) return null;
  const at = memo.indexOf(SKIPPED_EN);
  return at < 0 ? { zh: memo.slice(SKIPPED_ZH.length), en: memo.slice(SKIPPED_ZH.length) } : { zh: memo.slice(SKIPPED_ZH.length, at), en: memo.slice(at + SKIPPED_EN.length) };
}

const FACTOR_NAMES: Record<Factor, Bilingual> = {
  reference: { zh: '流水号', en: 'reference' },
  amount: { zh: '金额', en: 'amount' },
  unit: { zh: '房号', en: 'unit' },
  buyer: { zh: '购房人', en: 'buyer' },
  date: { zh: '日期', en: 'date' },
};

export function where(it: Item): Bilingual {
  const sheet = it.sheet ? `[${it.sheet}]` : '';
  return { zh: `${it.file}${sheet} 第${it.row}行`, en: `${it.file}${sheet} row ${it.row}` };
}

/**
 * A plain match — one counterpart, no flag, not carried in — is most rows of a month, and its
 * sentence is `pairedHead(cp) + cp.row + pairedTail(rule, factors, window)`. The head depends only on the
 * counterpart's file and the tail only on the rule and the factors, so the JSON writer escapes each
 * once and caches them (RowJsonEncoder in pipeline/reconcile/json.ts); explain() builds the same sentence from them.
 * Except a plain match of a unit the register repeats on rows that disagree (repeatNoted): its sentence names the rows.
 */
export function isPlainMatch(it: Item): boolean {
  return !it.flags && !it.carried && it.partner !== null;
}

export function pairedHead(cp: { file: string; sheet: string }): Bilingual {
  const sheet = cp.sheet ? `[${cp.sheet}]` : '';
  return { zh: `与${cp.file}${sheet} 第`, en: `Paired with ${cp.file}${sheet} row ` };
}

export function pairedTail(rule: RuleId | null, f: Factors | null, window: number): Bilingual {
  const r = ruleName(rule);
  const fp = factorPhrase(f, window);
  return { zh: `行按"${r.zh}"规则对应，${fp.zh}。`, en: ` by rule "${r.en}"; ${fp.en}.` };
}

function ruleName(rule: RuleId | null): Bilingual {
  return rule ? RULE_NAMES[rule] : { zh: '?', en: '?' };
}

function list(items: Item[]): Bilingual {
  const shown = items.slice(0, 5).map(where);
  const more = items.length > 5 ? { zh: ` 等${items.length}行`, en: ` and ${items.length - 5} more` } : { zh: '', en: '' };
  return { zh: shown.map((s) => s.zh).join('、') + more.zh, en: shown.map((s) => s.en).join(', ') + more.en };
}

function sumOf(items: Item[]): Money {
  return items.reduce((s, x) => s.plus(x.amount), new Money(0));
}

/**
 * What an AMBIGUOUS row could be paired with — its candidates, or for a split the combinations that
 * add up to it — and which rows of its own side could be paired with them just as well (its rivals).
 */
function tiePhrase(it: Item): Bilingual {
  const cands = it.cands ?? [];
  const combos = it.combos;
  let zh: string;
  let en: string;
  if (combos && combos.length) {
    // At most five, as list() shows rows: 24 equal credits of one unit make 2,024 combinations of three.
    const shown = combos.slice(0, 5).map((g) => {
      const w = g.map(where);
      const total = formatYuan(sumOf(g));
      return { zh: `${w.map((x) => x.zh).join('＋')}（合计${total}）`, en: `${w.map((x) => x.en).join(' plus ')} (${total} together)` };
    });
    if (shown.length === 1) {
      zh = `可拆分对应${shown[0].zh}`;
      en = `Could be split against ${shown[0].en}`;
    } else {
      const more = combos.length > shown.length ? { zh: `；等${combos.length}种`, en: `; and ${combos.length - shown.length} more` } : { zh: '', en: '' };
      zh = `有${combos.length}种同样合适的拆分组合（${shown.map((x) => x.zh).join('；')}${more.zh}）`;
      en = `${combos.length} equally good split combinations (${shown.map((x) => x.en).join('; ')}${more.en})`;
    }
  } else if (cands.length === 1) {
    const c = where(cands[0]);
    zh = `候选为${c.zh}`;
    en = `The candidate is ${c.en}`;
  } else {
    const c = list(cands);
    zh = `有多个同样合适的候选（${c.zh}）`;
    en = `Several equally good candidates (${c.en})`;
  }
  const rivals = it.rivals;
  if (rivals && rivals.length) {
    const r = list(rivals);
    const them = combos?.length === 1 || cands.length === 1 ? 'it' : 'them';
    zh += `，但${r.zh}也同样可与其对应，无法唯一配对`;
    en += `, but ${r.en} could be paired with ${them} just as well, so no pairing is unique`;
  }
  return { zh, en };
}

/** For an open row noted by noteEarlyBookings: the booking made long before the credit that is likely its counterpart. */
function earlyPhrase(it: Item): Bilingual {
  const n = it.note;
  if (n?.kind !== 'early') return { zh: '', en: '' };
  const b = it.side === 'bank' ? it : n.other;
  const f = it.side === 'bank' ? n.other : it;
  const days = daysBetween(f.date, b.date);
  const o = where(n.other);
  return it.side === 'bank'
    ? {
        zh: `；${o.zh}在${f.date}已按同一购房人、同一金额入账，比到账早${days}天，超出日期窗口，未自动配对：请核对是否提前入账`,
        en: `; ${o.en} booked the same buyer and amount on ${f.date}, ${days} days before the credit, outside the date window, so it was not paired: check whether it was booked in advance`,
      }
    : {
        zh: `；${o.zh}在${b.date}才到账同一购房人、同一金额，比入账晚${days}天，超出日期窗口，未自动配对：请核对是否提前入账`,
        en: `; ${o.en} credited the same buyer and amount on ${b.date}, ${days} days after this booking, outside the date window, so it was not paired: check whether it was booked in advance`,
      };
}

/**
 * Per run: the paired rows of each unit that has a missing row (built on first use; most months
 * have a few missing rows, and a month of a million pairs is scanned twice, once).
 */
const pairedOfMissingUnits = new WeakMap<Engine, Map<string, Item[]>>();

/**
 * A missing row of the same unit and amount as a row of its own side that paired, within the date
 * window: worded differently (so not a DUPLICATE_*), yet most often the same money entered twice by
 * finance, or paid twice by the bank. Said, not decided: the row stays missing, and the sentence
 * names the row to compare it with.
 */
function twinOf(it: Item, engine: Engine): Item | null {
  if (!it.unit) return null;
  let index = pairedOfMissingUnits.get(engine);
  if (!index) {
    index = new Map();
    const items = engine.items;
    const units = new Set<string>();
    for (let k = 0; k < items.length; k++) if (!items[k].taken && items[k].unit) units.add(items[k].unit!);
    for (let k = 0; k < items.length; k++) {
      const x = items[k];
      if (x.unit !== null && x.hasCps && x.rule !== 'REVERSAL' && units.has(x.unit)) push(index, x.unit, x);
    }
    pairedOfMissingUnits.set(engine, index);
  }
  const window = engine.config.dateWindowDays;
  const cands = index.get(it.unit);
  if (!cands || expectsTwo(it, engine)) return null;
  const provident = isProvident(it, engine);
  for (const x of cands) {
    if (x.side !== it.side || x.key !== it.key || !(Math.abs(x.day - it.day) <= window)) continue;
    // A commercial and a provident-fund row of one 组合贷 are two loans, and two banks' credits
    // (or two accounts') are two payments, whatever their amounts.
    if (isProvident(x, engine) !== provident || !sameAccount(x, it)) continue;
    return x;
  }
  return null;
}

/** The register expects two loans of this amount (gross or net of the deposit) for the row's unit: a 组合贷 of equal parts. */
function expectsTwo(it: Item, engine: Engine): boolean {
  const u = registerUnitOf(engine.register, it);
  if (!u) return false;
  const terms = depositsOf(engine.register, u);
  let n = 0;
  for (const loan of loansOf(u)) {
    const term = terms.find((t) => t.loan.eq(loan));
    if (amountKey(loan) === it.key || (term && amountKey(netOfDeposit(term.loan, term.ratio)) === it.key)) n++;
  }
  return n >= 2;
}

function isProvident(it: Item, engine: Engine): boolean {
  return includesAny(textOf(it), engine.config.providentKeywords) !== null;
}

function twinPhrase(it: Item, engine: Engine): Bilingual {
  const twin = twinOf(it, engine);
  if (!twin) return { zh: '', en: '' };
  const w = where(twin);
  return it.side === 'finance'
    ? { zh: `；同一房号、同一金额已有${w.zh}与银行到账配对，本笔可能重复入账，请核对`, en: `; ${w.en}, of the same unit and amount, is already paired with a credit: this may be the same money booked twice — check it` }
    : { zh: `；同一房号、同一金额已有${w.zh}与财务入账配对，可能重复到账（银行多付），请核对`, en: `; ${w.en}, of the same unit and amount, is already paired with a booking: the bank may have paid twice — check it` };
}

/**
 * Where a carried item comes from, as its line begins: 上期(2026-11) for last month's, and for one
 * open longer its month and age, 2026-11起(已3个月) ("上期" on November's item read in February as a
 * month old). `from` is the month the item was first open, `period` this run's.
 */
export function carriedFrom(from: string, period: string): Bilingual {
  const months = monthsBetween(from, period);
  return months > 1 ? { zh: `${from}起(已${months}个月)`, en: `from ${from} (open ${months} months)` } : { zh: `上期(${from})`, en: `from ${from}` };
}

/**
 * A 记账差错 of last month still in the books (result.ts, errorPart): a booking entered twice not yet
 * 冲销, or the difference of an amount booked wrong; said as such, not as money one side lacks.
 */
function carriedErrorPhrase(c: CarriedItem, amount: string, engine: Engine): Bilingual | null {
  const from = carriedFrom(c.period, engine.period);
  if (c.text.startsWith(WRONG_ACCOUNT_TEXT) && c.ledger && c.belongsTo) {
    const booked = ledgerLabel(c.ledger, engine);
    const belongs = ledgerLabel(c.belongsTo, engine);
    const v = c.voucher ? `（${c.voucher}）` : '';
    return {
      zh: `${from.zh}记错账户，尚未更正：财务${c.date}入账${amount}${v}记入${booked}，款项却到达${belongs}所对应的账户；应调至${belongs}（合并调节不受影响，分户调节两个账户各差此数）。`,
      en: `Carried in ${from.en}: booked to the wrong account last month, not yet corrected: finance booked ${amount}${c.voucher ? ` (${c.voucher})` : ''} on ${c.date} to ${booked}, but the money reached the account of ${belongs}; move it there (the combined statement is not affected; each of the two accounts is off by it).`,
    };
  }
  if (c.text.startsWith(DUPLICATE_TEXT))
    return {
      zh: `${from.zh}重复入账结转：财务${c.date}重复入账${amount}，尚未冲销（账面多记，列为企业已收银行未收）。`,
      en: `Carried in ${from.en}: finance booked ${amount} twice on ${c.date}; the second booking has not been reversed yet (the books hold it once too often).`,
    };
  if (c.text.startsWith(TIMING_TEXT))
    return c.side === 'bank'
      ? {
          zh: `${from.zh}非按揭跨期未达结转：银行${c.date}记录${amount}（手续费/利息），财务本期仍未入账（${c.amount.isNegative() ? '银行已付企业未付' : '银行已收企业未收'}）。`,
          en: `Carried in ${from.en}: the bank recorded ${amount} (a fee or interest) on ${c.date}; finance has not booked it yet.`,
        }
      : {
          zh: `${from.zh}非按揭跨期未达结转：财务${c.date}入账${amount}（手续费/利息），银行本期仍无此笔（${c.amount.isNegative() ? '企业已付银行未付' : '企业已收银行未收'}）。`,
          en: `Carried in ${from.en}: finance booked ${amount} (a fee or interest) on ${c.date}; the bank has not recorded it yet.`,
        };
  if (!c.text.startsWith(DIFFERENCE_TEXT)) return null;
  return c.side === 'bank'
    ? {
        zh: `${from.zh}金额不符差额结转：银行${c.date}到账比财务入账多${amount}，财务尚未更正（银行已收企业未收）。`,
        en: `Carried in ${from.en}: the bank credited ${amount} more on ${c.date} than finance booked; not corrected yet.`,
      }
    : {
        zh: `${from.zh}金额不符差额结转：财务${c.date}入账比银行到账多${amount}，尚未更正（企业已收银行未收）。`,
        en: `Carried in ${from.en}: finance booked ${amount} more on ${c.date} than the bank credited; not corrected yet.`,
      };
}

/** A 科目 as the month's links label it ("1002.01 银行存款-工行监管户"), else as carried. */
function ledgerLabel(ledger: string, engine: Engine): string {
  for (const l of engine.ledgers.values()) if (l.ledger === ledger) return l.label;
  return ledger;
}

/**
 * Last month's WRONG_ACCOUNT booking (`original`) and the two lines of the transfer that moved it to
 * the 科目 it belongs on (setAside.ts, settleWrongAccounts): the three cancel out on each account.
 */
function accountFixPhrase(it: Item, original: boolean, engine: Engine): Bilingual {
  const c = original ? it : it.cps?.[0];
  const carried = c?.carried;
  const amount = formatYuan(it.amount.abs());
  const booked = carried?.ledger ? ledgerLabel(carried.ledger, engine) : '?';
  const belongs = carried?.belongsTo ? ledgerLabel(carried.belongsTo, engine) : '?';
  if (original) {
    const lines = list(it.cps ?? []);
    return {
      zh: `上期(${carried?.period ?? '?'})记错账户的入账${amount}（记入${booked}，款项到达${belongs}所对应的账户），已由本期${lines.zh}调至正确科目更正：三行相抵，不参与匹配。`,
      en: `Booked to the wrong account in ${carried?.period ?? '?'} (${amount} on ${booked}; the money reached the account of ${belongs}); corrected this month by ${lines.en}, moving it to its account: the three rows cancel out and are not matched.`,
    };
  }
  const orig = c ? where(c) : { zh: '?', en: '?' };
  return it.amount.isNegative()
    ? { zh: `更正上期记错账户：从${booked}转出${orig.zh}记错的${amount}，调至${belongs}，与原入账相抵，不参与匹配。`, en: `Corrects a booking to the wrong account last month: moves ${amount} of ${orig.en} off ${booked} to ${belongs}; cancels out with it, not matched.` }
    : { zh: `更正上期记错账户：将${orig.zh}记错的${amount}改记${belongs}（款项到达的账户），与原入账相抵，不参与匹配。`, en: `Corrects a booking to the wrong account last month: books ${amount} of ${orig.en} on ${belongs}, the account the money reached; cancels out with it, not matched.` };
}

/** One sentence, Chinese and English, that says why the row has its outcome. */
export function explain(it: Item, engine: Engine): Bilingual {
  const outcome = outcomeOf(it);
  const from = it.carried ? carriedFrom(it.carried.period, engine.period) : null;
  const carried = from ? { zh: `${from.zh}未达项结转：`, en: `Carried in ${from.en}: ` } : { zh: '', en: '' };
  const s = (zh: string, en: string): Bilingual => ({ zh: carried.zh + zh, en: carried.en + en });
  // Formatted on demand: most rows are plain matches that never show their own amount.
  let amtText: string | null = null;
  const amtOf = () => (amtText ??= formatYuan(it.amount));
  const note = it.note;
  if ((outcome === 'MISSING_IN_FINANCE' || outcome === 'MISSING_IN_BANK') && it.carried) {
    const part = carriedErrorPhrase(it.carried, amtOf(), engine);
    if (part) return part;
  }
  switch (outcome) {
    case 'UNPARSEABLE': {
      const reason = it.rej?.reason ?? { zh: '无法读取', en: 'could not be read' };
      // Reasons may quote the cell (an ID number typed into a date column): never in full here.
      const r = { zh: maskPersonalText(reason.zh), en: maskPersonalText(reason.en) };
      const col = it.rej?.column ? { zh: `（${it.rej.column}列）`, en: ` (column ${it.rej.column})` } : { zh: '', en: '' };
      return s(`该行无法解析${col.zh}：${r.zh}；不参与匹配，其对应行将显示为缺失。`, `This row could not be read${col.en}: ${r.en}; it is never paired, so its counterpart shows as missing.`);
    }
    case 'DUPLICATE_BANK':
    case 'DUPLICATE_FINANCE': {
      const of = note?.kind === 'duplicate' ? where(note.of) : { zh: '前一行', en: 'an earlier row' };
      const shown = it.refAsShown;
      const zeros =
        shown === null
          ? { zh: '', en: '' }
          : {
              zh: `本行的流水号 ${shown} 是 ${it.ref} 去掉了前导零：文件经 Excel 打开另存时，流水号被存成了数字。`,
              en: ` The reference ${shown} here is ${it.ref} without its leading zeros: the file was saved again by Excel, which stored the reference as a number.`,
            };
      return outcome === 'DUPLICATE_BANK'
        ? s(`与${of.zh}是同一笔银行流水${it.ref ? `(流水号 ${it.ref})` : ''}，只按原始行对账，本行不计。${zeros.zh}`, `The same statement row as ${of.en}${it.ref ? ` (reference ${it.ref})` : ''}; only the original is reconciled.${zeros.en}`)
        : s(`与${of.zh}重复入账（同一科目、金额${amtOf()}、房号/客户和摘要），只按第一笔对账。`, `Booked twice: same account, amount ${amtOf()}, unit/customer and description as ${of.en}; only the first is reconciled.`);
    }
    case 'NOT_MORTGAGE': {
      if (note?.kind === 'notMortgage' && note.timing) {
        // Last month's fee or interest on one side only, closed by this month's row of the other side.
        const o = note.timing;
        const w = where(o);
        const what = note.rule?.name ?? { zh: '非按揭收支', en: 'Not a disbursement' };
        // The item is the carried row, or this month's row standing in for it (exported again).
        const item = o.carried ?? o.carriedCopy;
        // Several items booked as one sum: the row names them all, each item the row and the sum.
        const sum = item ? note.timingSum : o.note?.kind === 'notMortgage' ? o.note.timingSum : undefined;
        if (sum && sum.length > 1) {
          const total = formatYuan(sum.reduce((t, x) => t.plus(x.amount), new Money(0)));
          if (!item)
            return s(
              `${what.zh}，本期由${w.zh}（${o.date}）与另${sum.length - 1}笔跨期未达项合并记录，合计${total}，跨期未达项本期核销。`,
              `${what.en}, recorded this month by ${w.en} (${o.date}) as one sum with ${sum.length - 1} other timing item${sum.length > 2 ? 's' : ''}, ${total} in all: the timing item is closed.`,
            );
          const from = carriedFrom((sum[0].carried ?? sum[0].carriedCopy)!.period, engine.period);
          const list = sum.map((x) => ({ zh: `${where(x).zh}（${x.date}）`, en: `${where(x).en} (${x.date})` }));
          return s(
            `${what.zh}，合并核销${from.zh}结转的${sum.length}笔跨期未达项，合计${total}：${list.map((l) => l.zh).join('、')}，单列不参与匹配。`,
            `${what.en}; closes ${sum.length} timing items carried in ${from.en} as one sum, ${total} in all: ${list.map((l) => l.en).join(', ')}; set aside, not matched.`,
          );
        }
        return !item
          ? s(`${what.zh}，本期由${w.zh}（${o.date}）记录，跨期未达项本期核销。`, `${what.en}, recorded by ${w.en} (${o.date}) this month: the timing item is closed.`)
          : s(
              `${what.zh}，核销${carriedFrom(item.period, engine.period).zh}结转的跨期未达项${w.zh}（${o.date}），单列不参与匹配。`,
              `${what.en}; closes the timing item carried in ${carriedFrom(item.period, engine.period).en}, ${w.en} (${o.date}); set aside, not matched.`,
            );
      }
      if (note?.kind === 'notMortgage' && note.timingTie) {
        // The amount is the sum of two different groups of open timing items: none is closed by guess.
        const what = note.rule?.name ?? { zh: '非按揭收支', en: 'Not a disbursement' };
        const groups = note.timingTie.map((g) => ({ zh: g.map((x) => `${where(x).zh}（${x.date}）`).join('、'), en: g.map((x) => `${where(x).en} (${x.date})`).join(', ') }));
        return s(
          `${what.zh}，金额等于${groups.length}组结转的跨期未达项各自之和（${groups.map((g) => `[${g.zh}]`).join('或')}），无法确定核销哪一组，未自动核销，请人工核对；单列不参与匹配。`,
          `${what.en}; its amount is the sum of ${groups.length} different groups of carried timing items (${groups.map((g) => `[${g.en}]`).join(' or ')}), so which it closes cannot be told: none is closed, check by hand; set aside, not matched.`,
        );
      }
      if (note?.kind === 'notMortgage') {
        if (note.reason === 'keyword' && note.rule) return s(`${note.rule.name.zh}，不是按揭放款或保证金退还，单列不参与匹配。`, `${note.rule.name.en}: not a loan disbursement or deposit refund; set aside, not matched.`);
        if (note.reason === 'ownAccount') return s('本单位账户之间的划转，不是按揭放款，单列不参与匹配。', 'A transfer between our own accounts, not a disbursement; set aside, not matched.');
        if (note.reason === 'zero') {
          // A row the statement's reader skips (Alipay 不计收支, WeChat "/"): its memo says why (pipeline/reconcile/load).
          const skipped = skippedReason(it.bank?.memo);
          if (skipped) return s(`非资金变动行（${skipped.zh}），单列不参与匹配。`, `Not a money movement (${skipped.en}); set aside, not matched.`);
          return s('金额为零，单列不参与匹配。', 'A zero amount; set aside, not matched.');
        }
        if (note.reason === 'currency') {
          const cur = it.bank?.currency ?? '?';
          const amt = `${toFixed2(it.amount)} ${cur}`;
          return s(
            `外币（${cur}）交易${amt}，不是人民币按揭放款，单列不参与匹配，不计入人民币（¥）合计。`,
            `A ${cur} transaction of ${amt}, not a yuan disbursement: set aside, not matched, and not in the yuan (¥) totals.`,
          );
        }
      }
      return it.side === 'bank'
        ? s(`银行支出${amtOf()}，不是冲正，也不是按揭放款，单列不参与匹配。`, `A debit of ${amtOf()} that is not a reversal and not a disbursement; set aside, not matched.`)
        : s(`银行存款贷方(付出)${amtOf()}，不是冲销，也不是按揭款入账，单列不参与匹配。`, `Money out of the bank account (${amtOf()}), not a reversal and not a disbursement; set aside, not matched.`);
    }
    case 'REVERSED': {
      if (note?.kind === 'reversal' && note.tie) {
        const c = list(note.tie);
        return s(`冲正/冲销行，可能被冲正的原交易有多笔（${c.zh}），同样合适，未自动配对，请人工核对。`, `A reversal that may cancel any of several equally likely rows (${c.en}); none was paired automatically — decide by hand.`);
      }
      if (note?.kind === 'reversal' && note.account) return accountFixPhrase(it, note.original, engine);
      if (note?.kind === 'reversal' && !note.found) return s('冲正/冲销行，原交易不在本期文件中，请人工核对。', 'A reversal whose original is not in this period\'s files; check it by hand.');
      const cp0 = it.cps?.[0];
      const other = cp0 ? where(cp0) : { zh: '?', en: '?' };
      const abs = formatYuan(it.amount.abs());
      // A reversal reversed in its turn (冲回): a negative original, cancelled by a positive row.
      const reversedReversal = note?.kind === 'reversal' && (note.original ? it.amount.isNegative() : !it.amount.isNegative() && !!cp0?.amount.isNegative());
      if (reversedReversal)
        return note.original
          ? s(`本行冲正/冲销${abs}，已被${other.zh}冲回，两行相互抵销，不参与匹配。`, `This reversal of ${abs} was itself reversed by ${other.en}; the two rows cancel out and are not matched.`)
          : s(`冲回${other.zh}的冲正/冲销（${abs}），两行相互抵销，不参与匹配。`, `Reverses the reversal of ${abs} in ${other.en}; the two rows cancel out and are not matched.`);
      return note?.kind === 'reversal' && note.original
        ? s(`${amtOf()}已被${other.zh}冲正/冲销，两行相互抵销，不参与匹配。`, `${amtOf()} was reversed by ${other.en}; the two rows cancel out and are not matched.`)
        : s(`冲正/冲销${other.zh}的${abs}，两行相互抵销，不参与匹配。`, `Reverses ${abs} of ${other.en}; the two rows cancel out and are not matched.`);
    }
    case 'AMBIGUOUS': {
      const t = tiePhrase(it);
      return s(`${t.zh}，未自动匹配，请人工确认。`, `${t.en}; nothing was matched automatically — decide by hand.`);
    }
    case 'MISSING_IN_FINANCE': {
      const e = earlyPhrase(it);
      const t = twinPhrase(it, engine);
      const d = unknownDepositPhrase(it, engine);
      const r = repeatPhrase([it], engine);
      return s(`银行${it.date}到账${amtOf()}，财务未找到对应入账（银行已收企业未收）${e.zh}${t.zh}${d.zh}${r.zh}。`, `The bank credited ${amtOf()} on ${it.date}; finance has not booked it${e.en}${t.en}${d.en}${r.en}.`);
    }
    case 'MISSING_IN_BANK': {
      const e = earlyPhrase(it);
      const t = twinPhrase(it, engine);
      const d = unknownDepositPhrase(it, engine);
      const r = repeatPhrase([it], engine);
      return s(`财务${it.date}入账${amtOf()}，银行流水中没有对应到账（企业已收银行未收）${e.zh}${t.zh}${d.zh}${r.zh}。`, `Finance booked ${amtOf()} on ${it.date}; the bank statements show no such credit${e.en}${t.en}${d.en}${r.en}.`);
    }
    case 'OUT_OF_PERIOD':
      // Last month's open row exported again: it stands in for the carried one, still open.
      if (!it.cps && it.carriedCopy) {
        const still = it.side === 'bank' ? { zh: '财务仍未入账', en: 'finance has still not booked it' } : { zh: '银行仍未到账', en: 'the bank has still not credited it' };
        return s(
          `${carriedFrom(it.carriedCopy.period, engine.period).zh}未达项在本期导出中再次出现（日期${it.date}），按本行对账：${amtOf()}${still.zh}，继续结转下期。`,
          `Last month's (${it.carriedCopy.period}) open item, exported again in this period's file (dated ${it.date}), reconciled as this row: ${amtOf()}, ${still.en}; carried on to next month.`,
        );
      }
      // Dated last month, but not a row last month's report read (a credit the bank back-dated, a voucher posted, after it was run).
      if (!it.cps && engine.unseen.has(it)) {
        const bank = it.side === 'bank';
        const still = bank ? { zh: '财务未入账', en: 'finance has not booked it' } : { zh: '银行未到账', en: 'the bank has not credited it' };
        const why = bank ? { zh: '如银行倒起息', en: 'e.g. back-dated by the bank' } : { zh: '如上期对账后才录入、日期记在上期的凭证', en: 'e.g. a voucher entered after that run and dated last month' };
        return s(
          `日期${it.date}在对账期间${engine.period}之前，但上期报告未读到此行（上期对账后才出现在导出中，${why.zh}），未在上期对账：${amtOf()}${still.zh}，列为未达，结转下期。`,
          `Dated ${it.date}, before the period ${engine.period}, but not among the rows last month's report read (it reached the export after that run, ${why.en}), so never reconciled: ${amtOf()}, ${still.en}; open, carried on to next month.`,
        );
      }
      if (!it.cps)
        return s(`日期${it.date}不在对账期间${engine.period}内，单列报告，不计入本期差异。`, `Dated ${it.date}, outside the period ${engine.period}; reported, not counted as a difference of this period.`);
      break;
    default:
      break;
  }
  return explainMatch(it, engine, s, outcome === 'OUT_OF_PERIOD' ? { zh: `（日期${it.date}不在对账期间${engine.period}内）`, en: ` (dated ${it.date}, outside the period ${engine.period})` } : null);
}

const STATE_DIGIT = { agree: 0, differ: 1, unknown: 2 } as const;
/** A number for a set of factors, 0 … 3⁵ − 1, or 3⁵ for none: the key of per-factor-set caches. */
export function factorCode(f: Factors | null): number {
  if (!f) return 243;
  let code = 0;
  for (let k = FACTORS.length - 1; k >= 0; k--) code = code * 3 + STATE_DIGIT[f[FACTORS[k]]];
  return code;
}

/** Each factor's place value in factorCode: 3 to the power of its position in FACTORS. */
const WEIGHT = Object.fromEntries(FACTORS.map((k, i) => [k, 3 ** i])) as Record<Factor, number>;
const UNKNOWN = STATE_DIGIT.unknown;
const DIFFER = STATE_DIGIT.differ;

/**
 * factorCode(factorsOf(it, window)), without building the Factors object for the common one
 * credit ↔ one booking pair: the JSON writer asks for every plain match (two million rows for a
 * group's month), and a Factors object per row plus factorCode's lookups by factor name were a
 * good part of its time. Other rows (splits, reversals, unpaired) go through factorsOf itself.
 * The comparisons are factorsOf's, digit by digit (agree 0, differ 1, unknown 2).
 */
export function factorCodeOf(it: Item, window: number): number {
  const cp = it.partner;
  if (!cp || cp.partner === null || cp.side === it.side || it.rule === 'REVERSAL') return factorCode(factorsOf(it, window));
  const b = it.side === 'bank' ? it : cp;
  const f = b === it ? cp : it;
  const reference = !b.ref ? UNKNOWN : mentions(f, b.ref) ? 0 : carriesRef(f) ? DIFFER : UNKNOWN;
  const amount = b.key === f.key ? 0 : DIFFER;
  const date = Math.abs(f.day - b.day) <= window ? 0 : DIFFER;
  return WEIGHT.reference * reference + WEIGHT.amount * amount + WEIGHT.unit * sameText(b.unit, f.unit) + WEIGHT.buyer * sameBuyer(b.name, f.name) + WEIGHT.date * date;
}

/** factorsOf's comparison of a unit, as a digit. */
function sameText(a: string | null, b: string | null): number {
  return !a || !b ? UNKNOWN : a === b ? 0 : DIFFER;
}

/** factorsOf's comparison of the payer and the customer (buyerFactor), as a digit. */
function sameBuyer(payer: string | null, customer: string | null): number {
  return !payer || !customer ? UNKNOWN : payer === customer ? 0 : isOrganisation(payer) ? UNKNOWN : DIFFER;
}

type FactorText = { zh: string; en: string; agreeZh: string };
/** Per date window, the phrase of each factor code. */
const factorTexts = new Map<number, (FactorText | undefined)[]>();

/**
 * How an agreeing factor is named. The date "agrees" when the dates are within the window, not when
 * they are equal: "一致：日期" beside "晚6天，超过24小时" (LATE_BOOKING) read as a contradiction.
 */
function agreeName(k: Factor, window: number): Bilingual {
  return k === 'date' ? { zh: `日期相近（${window}天内）`, en: `date (within ${window} days)` } : FACTOR_NAMES[k];
}

/** "一致：金额、房号；不一致：流水号" for a set of factors (at most 3⁵ of them per date window: cached). */
export function factorPhrase(f: Factors | null, window: number): FactorText {
  const key = factorCode(f);
  let byCode = factorTexts.get(window);
  if (!byCode) factorTexts.set(window, (byCode = []));
  let t = byCode[key];
  if (t) return t;
  const agreeing = f ? FACTORS.filter((k) => f[k] === 'agree').map((k) => agreeName(k, window)) : [];
  const differing = f ? FACTORS.filter((k) => f[k] === 'differ') : [];
  const fz = agreeing.map((n) => n.zh).join('、') || '无';
  const fe = agreeing.map((n) => n.en).join(', ') || 'none';
  const dz = differing.length ? `；不一致：${differing.map((k) => FACTOR_NAMES[k].zh).join('、')}` : '';
  const de = differing.length ? `; differing: ${differing.map((k) => FACTOR_NAMES[k].en).join(', ')}` : '';
  t = { zh: `一致：${fz}${dz}`, en: `agreeing: ${fe}${de}`, agreeZh: agreeing.map((n) => n.zh).join('、') };
  byCode[key] = t;
  return t;
}

/** factorPhrase(factorsOf(it, window), window), without the Factors object once the phrase for the row's code is known. */
export function factorPhraseOf(it: Item, window: number): FactorText {
  return factorTexts.get(window)?.[factorCodeOf(it, window)] ?? factorPhrase(factorsOf(it, window), window);
}

/**
 * The first unit of a match whose commercial loan's deposit ratio is not known (RegisterIndex.unknownRatios),
 * with why: a credit net of a deposit was not recognised on a guessed ratio.
 */
function unknownRatioOf(group: readonly Item[], engine: Engine): { unit: string; why: Bilingual } | null {
  for (const x of group) {
    if (!x.unit) continue;
    const list = engine.register.unknownRatios.get(x.unit);
    if (!list?.length) continue;
    // Of a code two projects share, the unit the row names (else the code's first).
    const u = registerUnitOf(engine.register, x);
    const entry = list.find((e) => e.of === u) ?? list[0];
    return { unit: x.unit, why: entry.why };
  }
  return null;
}

/**
 * For a row left open whose unit's deposit ratio is not known: the deposit rules (a credit net of the
 * deposit, the deposit's refund) were not tried for it, and why. Empty otherwise.
 */
function unknownDepositPhrase(it: Item, engine: Engine): Bilingual {
  const unknown = unknownRatioOf([it], engine);
  if (!unknown) return { zh: '', en: '' };
  return {
    zh: `；${unknown.unit}的${unknown.why.zh}，未按保证金（扣留或退还）核对，请改正台账后重新对账`,
    en: `; for ${unknown.unit}, ${unknown.why.en}: not checked as a deposit withheld or refunded; correct the register and run again`,
  };
}

/** Where a deposit ratio came from, for the sentence. */
function ratioSource(src: DepositSource | { kind: 'voucher' }): Bilingual {
  switch (src.kind) {
    case 'register':
      return { zh: '比例取自台账', en: 'ratio from the register' };
    case 'bank':
      return { zh: `台账未填比例，按${src.bank}的默认比例（templates/fees/deposit.json 规则 ${src.id}）`, en: `no ratio in the register: ${src.bank}'s default ratio (templates/fees/deposit.json rule ${src.id})` };
    case 'default':
      return { zh: `台账未填比例，贷款银行无专门比例，按通用默认比例（templates/fees/deposit.json 规则 ${src.id}）`, en: `no ratio in the register and none for the lending bank: the general default (templates/fees/deposit.json rule ${src.id})` };
    case 'voucher':
      return { zh: '按凭证中的保证金分录计算', en: "from the voucher's deposit line" };
  }
}

/** What was booked to the wrong unit or buyer (串户), and what was expected. */
function wrongUnitPhrase(banks: Item[], fins: Item[], engine: Engine): Bilingual {
  const bu = banks.map((b) => b.unit).filter(Boolean).join('/') || '?';
  const fu = fins.map((x) => x.unit).filter(Boolean).join('/') || '?';
  const unitsDiffer = banks.some((b) => b.unit && fins.some((x) => x.unit && x.unit !== b.unit));
  if (!unitsDiffer) {
    for (const x of fins) {
      for (const b of banks) {
        const c = buyerClash(b, x, engine.register, engine.config);
        if (!c) continue;
        // Names as the journal and the register hold them, which may have an ID or phone typed in:
        // explanations never show those (docs/reconcile-json.md), --show-pii or not.
        const customer = maskPersonalText(x.fin?.customer || x.name || '?');
        if (c.kind === 'register') {
          const u = engine.register.byUnit.get(c.unit);
          const names = maskPersonalText(u ? [...new Set([u.mainBorrower, ...u.buyers.map((y) => y.name)].filter(Boolean))].join('、') : c.buyers.join('、'));
          return {
            zh: `；串户：台账中${c.unit}的购房人为${names}，财务却记在客户${customer}名下`,
            en: `; booked to the wrong buyer: the register has ${names} as the buyer of ${c.unit}, finance booked it to customer ${customer}`,
          };
        }
        return {
          zh: `；串户：到账付款人（主借款人）为${maskPersonalText(c.payer)}，财务却记在客户${customer}名下（无台账可核对共同购房人，请确认）`,
          en: `; booked to the wrong buyer: the credit was paid for ${maskPersonalText(c.payer)} (the main borrower), finance booked it to customer ${customer} (no register to check co-buyers against; please confirm)`,
        };
      }
    }
    // Name keys, without typed-in numbers (nameWithoutNumbers); masked all the same, as above.
    const bn = maskPersonalText(banks.map((b) => b.name).filter(Boolean).join('/'));
    const fn = maskPersonalText(fins.map((x) => x.name).filter(Boolean).join('/'));
    if (bn && fn && bn !== fn) return { zh: `；串户：银行对应购房人${bn}，财务记在${fn}`, en: `; booked to the wrong unit or buyer: the credit is for ${bn}, finance booked ${fn}` };
  }
  return { zh: `；串户：银行对应房号${bu}，财务记在${fu}`, en: `; booked to the wrong unit or buyer: the credit is for ${bu}, finance booked ${fu}` };
}

/** Which account received the money, which 科目 it was booked to, and which the account's other pairs use. */
function wrongAccountPhrase(banks: Item[], fins: Item[], engine: Engine): Bilingual {
  // A row carried in from last month has no statement row or journal line: its 科目 is the one it was carried with.
  const linkOfLedger = (ledger: string | null) => (ledger === null ? undefined : [...engine.ledgers.values()].find((l) => l.ledger === ledger));
  const linkOfCredit = (x: Item) => (x.bank ? engine.ledgers.get(statementAccountOf(x.bank)) : linkOfLedger(x.carried?.ledger ?? null));
  const bookedLedgers = new Set(fins.map((x) => bookedLedgerOf(x) ?? ''));
  // The credit whose account's 科目 was not booked (a 组合贷 part that reached another account), else the first.
  const b = banks.find((x) => !bookedLedgers.has(linkOfCredit(x)?.ledger ?? '')) ?? banks[0];
  const link = linkOfCredit(b);
  const labelOf = (x: Item): string => {
    if (x.fin) return [x.fin.accountCode, x.fin.accountName].filter(Boolean).join(' ');
    const ledger = bookedLedgerOf(x);
    return linkOfLedger(ledger)?.label ?? ledger ?? '';
  };
  const booked = [...new Set(fins.map(labelOf).filter(Boolean))].join('、');
  if (!link) return { zh: `；入账科目${booked}与到账账户不符`, en: `; booked to ${booked}, not the receiving account's ledger account` };
  const others = `${link.pairs}/${link.of}`;
  const when = b.carried ? { zh: `上期（${b.carried.period}）`, en: ` last period (${b.carried.period})` } : { zh: '', en: '' };
  return {
    zh: `；到账账户与入账科目不符：款项${when.zh}到${b.bankCode ?? ''}账户（${b.file}），却记入${booked}；该账户本期${others}笔已匹配款项记入${link.label}，请改记正确科目，否则两个账户的余额调节都不平`,
    en: `; booked to another bank account: the money reached the ${b.bankCode ?? ''} account (${b.file})${when.en} but was booked to ${booked}; ${others} of that account's matched items this period are booked to ${link.label}. Move it to the right ledger account, or both accounts' balances stay off`,
  };
}

function explainMatch(it: Item, engine: Engine, s: (zh: string, en: string) => Bilingual, tail: Bilingual | null): Bilingual {
  const cps = it.cps ?? [];
  const factors = factorsOf(it, engine.config.dateWindowDays);
  if (isPlainMatch(it) && !repeatNoted(it, engine)) {
    const head = pairedHead(cps[0]);
    const end = pairedTail(it.rule, factors, engine.config.dateWindowDays);
    return { zh: head.zh + cps[0].row + end.zh, en: head.en + cps[0].row + end.en };
  }
  const rule = ruleName(it.rule);
  const fp = factorPhrase(factors, engine.config.dateWindowDays);
  const at = cps.length === 1 ? where(cps[0]) : list(cps);
  let zh = `与${at.zh}按"${rule.zh}"规则对应，${fp.zh}`;
  let en = `Paired with ${at.en} by rule "${rule.en}"; ${fp.en}`;
  const group = matchGroup(it);
  const banks = group.filter((x) => x.side === 'bank');
  const fins = group.filter((x) => x.side === 'finance');
  if (hasFlag(it, 'WRONG_UNIT')) {
    const w = wrongUnitPhrase(banks, fins, engine);
    zh += w.zh;
    en += w.en;
  }
  if (hasFlag(it, 'WRONG_ACCOUNT')) {
    const w = wrongAccountPhrase(banks, fins, engine);
    zh += w.zh;
    en += w.en;
  }
  if (hasFlag(it, 'AMOUNT_MISMATCH')) {
    const b = sumOf(banks);
    const fsum = sumOf(fins);
    zh += `；金额不符：银行${formatYuan(b)}，财务${formatYuan(fsum)}，差额${formatYuan(b.minus(fsum))}`;
    en += `; amounts differ: bank ${formatYuan(b)}, finance ${formatYuan(fsum)}, difference ${formatYuan(b.minus(fsum))}`;
    // A credit short of the booking may be net of a withheld deposit: say why it was not taken for one.
    const unknown = b.lt(fsum) ? unknownRatioOf(group, engine) : null;
    if (unknown) {
      zh += `；${unknown.unit}的${unknown.why.zh}，未按扣留保证金核对差额，请改正台账后重新对账`;
      en += `; for ${unknown.unit}, ${unknown.why.en}: the difference was not checked as a withheld deposit; correct the register and run again`;
    }
  }
  if (hasFlag(it, 'SPLIT_MATCH')) {
    zh += banks.length > 1 ? `；组合贷：${banks.length}笔到账合计${formatYuan(sumOf(banks))}对应一笔入账` : `；一笔到账对应${fins.length}笔入账，合计${formatYuan(sumOf(fins))}`;
    en += banks.length > 1 ? `; combined loan: ${banks.length} credits totalling ${formatYuan(sumOf(banks))} against one booking` : `; one credit against ${fins.length} bookings totalling ${formatYuan(sumOf(fins))}`;
  }
  if (hasFlag(it, 'DEPOSIT_WITHHELD') && it.note?.kind === 'deposit') {
    const n = it.note;
    const pct = new Money(n.ratio).times(100).toString();
    const from = ratioSource(n.source);
    zh += `；银行扣留保证金${formatYuan(n.deposit)}（贷款${formatYuan(n.loan)}×${pct}%，${from.zh}）`;
    en += `; the bank withheld a deposit of ${formatYuan(n.deposit)} (loan ${formatYuan(n.loan)} × ${pct}%, ${from.en})`;
  }
  if (it.rule === 'DEPOSIT_REFUND' && it.note?.kind === 'refund') {
    const n = it.note;
    const pct = new Money(n.ratio).times(100).toString();
    const from = ratioSource(n.source);
    zh += `；为${it.unit ?? ''}贷款${formatYuan(n.loan)}的保证金退还（比例${pct}%，${from.zh}）`;
    en += `; the refund of the deposit on the ${formatYuan(n.loan)} loan of ${it.unit ?? ''} (${pct}%, ${from.en})`;
  }
  if (banks.length === 1 && fins.length === 1) {
    if (hasFlag(it, 'LATE_BOOKING')) {
      const credit = banks[0].date;
      const booked = fins[0].date;
      const n = daysBetween(credit, booked);
      zh += `；${credit}到账，${booked}才入账，晚${n}天，超过24小时`;
      en += `; credited ${credit}, booked ${booked}: ${n} days later, more than 24 hours`;
    }
  } else if (banks.length && group.some((x) => hasFlag(x, 'LATE_BOOKING'))) {
    // A split: name each late booking and how long after the group's first credit it came. Every row
    // of the group says so (the 差异 line shows the group's first row, which may be a credit in time).
    const dated = banks.filter((b) => !Number.isNaN(b.day));
    const first = dated.length ? dated.reduce((e, b) => (b.day < e.day ? b : e)) : null;
    const late = first ? fins.filter((x) => hasFlag(x, 'LATE_BOOKING') && x.day - first.day >= 2) : [];
    if (first && late.length) {
      const zs = late.map((x) => `${where(x).zh}于${x.date}入账，比${first.date}的到账晚${daysBetween(first.date, x.date)}天`);
      const es = late.map((x) => `${where(x).en} was booked ${x.date}, ${daysBetween(first.date, x.date)} days after the credit of ${first.date}`);
      zh += `；${zs.join('；')}，超过24小时`;
      en += `; ${es.join('; ')}: more than 24 hours`;
    }
  }
  const r = repeatPhrase(group, engine);
  zh += r.zh;
  en += r.en;
  if (tail) {
    zh += tail.zh;
    en += tail.en;
  }
  return s(`${zh}。`, `${en}.`);
}

/**
 * For the rows of a unit the register repeats on rows that disagree on what matching reads (its loan,
 * bank, ratio, buyers…): that the expectation was its first row's, naming the rows, so a match or a
 * difference is not taken for the register's last word. Empty otherwise (and for a register without
 * repeats, at once). 按户 names the rows of every repeated unit, agreeing or not.
 */
function repeatPhrase(group: readonly Item[], engine: Engine): Bilingual {
  const r = disagreeingRepeat(group, engine);
  if (!r) return { zh: '', en: '' };
  const first = r.first.source?.row ?? '?';
  const later = r.later.map((v) => v.source?.row ?? '?');
  return {
    zh: `；台账第 ${first} 行与第 ${later.join('/')} 行为同一房号${r.unit}，${r.differs.map((d) => d.zh).join('、')}不一致，按第 ${first} 行核对`,
    en: `; register rows ${first} and ${later.join(', ')} are the same unit ${r.unit} and disagree on ${r.differs.map((d) => d.en).join(', ')}: checked against row ${first}`,
  };
}

/** The repeat, on rows that disagree, of the first of the group's units that has one (null at once for a register without repeats); 已匹配's 标记 names it too. */
export function disagreeingRepeat(group: readonly Item[], engine: Engine): RegisterRepeat | null {
  const repeats = engine.register.repeats;
  if (!repeats.size) return null;
  for (const x of group) {
    const list = x.unit ? repeats.get(x.unit) : undefined;
    if (!list) continue;
    // Of a code two projects share, the unit the row names.
    const u = registerUnitOf(engine.register, x);
    const r = list.find((e) => e.first === u);
    if (r?.differs.length) return r;
  }
  return null;
}

/**
 * Whether plain match `it` (isPlainMatch) is of a unit the register repeats on rows that disagree:
 * its sentence is then the long one, ending with repeatPhrase, as a flagged match's does — a clean
 * pair is no sign that the register agrees with itself on the unit. False at once without repeats.
 */
export function repeatNoted(it: Item, engine: Engine): boolean {
  return engine.register.repeats.size !== 0 && disagreeingRepeat([it, it.partner!], engine) !== null;
}

/** Whether the register repeats a unit on rows that disagree: only then may a plain match be repeatNoted (asked once by the writers, not per row). */
export function repeatsDisagree(engine: Engine): boolean {
  for (const list of engine.register.repeats.values()) if (list.some((r) => r.differs.length)) return true;
  return false;
}
