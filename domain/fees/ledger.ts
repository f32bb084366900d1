import Decimal from 'decimal.js';
import { maskPhone } from '../identifiers';
import { formatYuan } from '../money';
import type { RegisterUnit } from '../register';
import type { Lang, SheetDescription } from '../sheets/description';
import type { SheetLayout } from '../sheets/layout';
import { layoutSheet, type SheetRow } from '../sheets/layoutSheet';
import type { Bilingual } from '../text';
import { computeDeposit, computeUnitFees, FEE_NAMES, type ComputedFee, type FeeKind, type FeeOptions } from './compute';
import { findCity, type FeeRules } from './rules';

/**
 * The fee ledger (代收代缴费用台账): per unit, each buyer fee computed from the rules (amount and
 * rule id) against what the register says was collected; outstanding = due − collected. The
 * register has one collected column per fee: 已收契税, 已收维修资金, 已收登记费 (登记费 + 工本费
 * together). 印花税 lines appear only when not exempt; the desk does not collect it (no register
 * column), so they are shown for information (不代收) and left out of outstanding and the lists.
 * Fees fall due when the contract is filed (网签备案): a unit not yet filed with nothing collected
 * at all is 未到收取 (not yet due) and stays off the underpaid list.
 * Buyers who underpaid (to notify) and who overpaid (to refund) are listed per unit.
 */
export type LedgerFee = 'deedTax' | 'maintenanceFund' | 'registration' | 'stampDuty';
export type LineStatus = 'settled' | 'underpaid' | 'overpaid' | 'unknown' | 'notCollected' | 'notYetDue';

export const LEDGER_FEE_NAMES: Record<LedgerFee, Bilingual> = {
  deedTax: FEE_NAMES.deedTax,
  maintenanceFund: FEE_NAMES.maintenanceFund,
  registration: { zh: '登记费（含工本费）', en: 'Registration + certificate fee' },
  stampDuty: FEE_NAMES.stampDuty,
};
export const STATUS_TEXT: Record<LineStatus, Bilingual> = {
  settled: { zh: '相符', en: 'Settled' },
  underpaid: { zh: '少收', en: 'Underpaid' },
  overpaid: { zh: '多收', en: 'Overpaid' },
  unknown: { zh: '无法计算', en: 'Cannot compute' },
  notCollected: { zh: '不代收', en: 'Not collected' },
  notYetDue: { zh: '未到收取', en: 'Not yet due' },
};

export interface LedgerLine {
  unit: RegisterUnit;
  fee: LedgerFee;
  /** The computed fee(s) behind this line (registration: 登记费 and 工本费). */
  computed: ComputedFee[];
  due: Decimal | null;
  ruleIds: string[];
  /** null: not collected by the desk (印花税). */
  collected: Decimal | null;
  /** due − collected (positive: the buyer still owes). */
  outstanding: Decimal | null;
  status: LineStatus;
}

export interface UnitBalance {
  unit: RegisterUnit;
  lines: LedgerLine[];
  due: Decimal;
  collected: Decimal;
  /** Underpaid: Σ(due − collected) of the short lines; overpaid: Σ(collected − due) of the over lines. */
  difference: Decimal;
}

export interface FeeLedger {
  city: string;
  lines: LedgerLine[];
  underpaid: UnitBalance[];
  overpaid: UnitBalance[];
  totals: { due: Decimal; collected: Decimal; outstanding: Decimal; underpaid: Decimal; overpaid: Decimal };
  /** Lines whose fee could not be computed, with the reason. */
  problems: { unit: RegisterUnit; fee: LedgerFee; problem: Bilingual }[];
}

const ZERO = new Decimal(0);

function sum(ds: (Decimal | null)[]): Decimal | null {
  if (ds.some((d) => d === null)) return null;
  return ds.reduce<Decimal>((a, d) => a.plus(d as Decimal), ZERO);
}

export function buildFeeLedger(units: readonly RegisterUnit[], rules: FeeRules, opts: FeeOptions): FeeLedger {
  const lines: LedgerLine[] = [];
  const problems: FeeLedger['problems'] = [];
  for (const unit of units) {
    const fees = computeUnitFees(unit, rules, opts);
    const of = (k: FeeKind) => fees.filter((f) => f.kind === k);
    const groups: [LedgerFee, ComputedFee[], Decimal | null][] = [
      ['deedTax', of('deedTax'), unit.deedTaxCollected],
      ['maintenanceFund', of('maintenanceFund'), unit.maintenanceFundCollected],
      ['registration', [...of('registrationFee'), ...of('certificateFee')], unit.registrationFeeCollected],
    ];
    const notYetDue = !unit.filingDate && unit.deedTaxCollected === null && unit.maintenanceFundCollected === null && unit.registrationFeeCollected === null;
    const stamp = of('stampDuty');
    if (stamp.some((f) => f.amount === null || !f.amount.isZero())) groups.push(['stampDuty', stamp, null]);
    for (const [fee, computed, collectedRaw] of groups) {
      const due = sum(computed.map((c) => c.amount));
      const notCollected = fee === 'stampDuty';
      const collected = notCollected ? null : (collectedRaw ?? ZERO);
      const outstanding = due === null || collected === null ? null : due.minus(collected);
      const status: LineStatus =
        due === null
          ? 'unknown'
          : notCollected
            ? 'notCollected'
            : notYetDue && outstanding!.gt(0)
              ? 'notYetDue'
              : outstanding!.gt(0)
                ? 'underpaid'
                : outstanding!.lt(0)
                  ? 'overpaid'
                  : 'settled';
      for (const c of computed) if (c.problem) problems.push({ unit, fee, problem: c.problem });
      // A zero 工本费 is shown only through its rule in the model, not in the line's text.
      const shown = computed.filter((c, k) => k === 0 || c.amount === null || !c.amount.isZero());
      lines.push({ unit, fee, computed: shown, due, ruleIds: shown.map((c) => c.ruleId).filter((x): x is string => x !== null), collected, outstanding, status });
    }
  }
  const byUnit = new Map<RegisterUnit, LedgerLine[]>();
  for (const l of lines) byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), l]);
  const balances = (status: 'underpaid' | 'overpaid'): UnitBalance[] => {
    const out: UnitBalance[] = [];
    for (const unit of units) {
      const ls = (byUnit.get(unit) ?? []).filter((l) => l.status === status);
      if (!ls.length) continue;
      const due = ls.reduce((a, l) => a.plus(l.due ?? 0), ZERO);
      const collected = ls.reduce((a, l) => a.plus(l.collected ?? 0), ZERO);
      out.push({ unit, lines: ls, due, collected, difference: status === 'underpaid' ? due.minus(collected) : collected.minus(due) });
    }
    return out;
  };
  const underpaid = balances('underpaid');
  const overpaid = balances('overpaid');
  const totals = {
    due: lines.reduce((a, l) => a.plus(l.due ?? 0), ZERO),
    collected: lines.reduce((a, l) => a.plus(l.collected ?? 0), ZERO),
    outstanding: lines.reduce((a, l) => a.plus(l.outstanding ?? 0), ZERO),
    underpaid: underpaid.reduce((a, b) => a.plus(b.difference), ZERO),
    overpaid: overpaid.reduce((a, b) => a.plus(b.difference), ZERO),
  };
  const city = findCity(rules, opts.city);
  return { city: city ? city.name.zh : opts.city, lines, underpaid, overpaid, totals, problems };
}

function buyerNames(u: RegisterUnit): string {
  return u.buyers.map((b) => b.name).join('、');
}

export function feeLedgerSheet(ledger: FeeLedger, description: SheetDescription, opts: { lang: Lang }): SheetLayout {
  const { lang } = opts;
  const rows: SheetRow[] = ledger.lines.map((l, i) => ({
    values: {
      seq: i + 1,
      unitKey: l.unit.unitKey,
      buyer: buyerNames(l.unit),
      fee: LEDGER_FEE_NAMES[l.fee][lang],
      basis: l.computed.map((c) => c.basis[lang]).join('；'),
      ruleId: l.ruleIds.join(', '),
      due: l.due ?? undefined,
      collected: l.collected ?? undefined,
      outstanding: l.outstanding ?? undefined,
      status: STATUS_TEXT[l.status][lang],
    },
  }));
  rows.push({ kind: 'total', label: lang === 'zh' ? '合计' : 'Total', values: {} });
  const zh = lang === 'zh';
  return layoutSheet(description, rows, {
    lang,
    title: zh ? `代收代缴费用台账（${ledger.city}）` : `Fees collected on the buyers' behalf (${ledger.city})`,
    info: [
      { label: { zh: '维修资金城市：', en: 'Maintenance-fund city:' }, value: ledger.city },
      { label: { zh: '应收合计：', en: 'Total due:' }, value: ledger.totals.due, format: '¥#,##0.00' },
      { label: { zh: '已收合计：', en: 'Total collected:' }, value: ledger.totals.collected, format: '¥#,##0.00' },
      {
        label: { zh: '少收 / 多收：', en: 'Underpaid / overpaid:' },
        value: zh
          ? `少收 ${ledger.underpaid.length} 户 ${formatYuan(ledger.totals.underpaid)}；多收 ${ledger.overpaid.length} 户 ${formatYuan(ledger.totals.overpaid)}`
          : `${ledger.underpaid.length} underpaid ${formatYuan(ledger.totals.underpaid)}; ${ledger.overpaid.length} overpaid ${formatYuan(ledger.totals.overpaid)}`,
      },
    ],
  });
}

export function feeBalanceSheet(
  ledger: FeeLedger,
  which: 'underpaid' | 'overpaid',
  description: SheetDescription,
  opts: { lang: Lang; showPii?: boolean },
): SheetLayout {
  const { lang } = opts;
  const zh = lang === 'zh';
  const list = which === 'underpaid' ? ledger.underpaid : ledger.overpaid;
  const rows: SheetRow[] = list.map((b, i) => {
    const phone = b.unit.buyers[0]?.phone ?? null;
    return {
      values: {
        seq: i + 1,
        unitKey: b.unit.unitKey,
        buyer: buyerNames(b.unit),
        phone: phone ? (opts.showPii ? phone : maskPhone(phone)) : null,
        items: b.lines
          .map((l) => {
            const gap = which === 'underpaid' ? (l.outstanding ?? ZERO) : (l.outstanding ?? ZERO).neg();
            return `${LEDGER_FEE_NAMES[l.fee][lang]} ${formatYuan(gap)}`;
          })
          .join(zh ? '；' : '; '),
        due: b.due,
        collected: b.collected,
        difference: b.difference,
      },
    };
  });
  rows.push({ kind: 'total', label: zh ? `合计（${list.length}户）` : `Total (${list.length})`, values: {} });
  const names = {
    underpaid: { sheet: { zh: '少收名单', en: 'Underpaid' }, title: { zh: '少收费用通知名单（请通知买受人补交）', en: 'Buyers who underpaid (to be notified)' } },
    overpaid: { sheet: { zh: '多收名单', en: 'Overpaid' }, title: { zh: '多收费用名单（请办理退还）', en: 'Buyers who overpaid (to be refunded)' } },
  }[which];
  // Phones in full are personal data the person asked for on this run: the sheet says so where it is read first.
  const pii = opts.showPii ? (zh ? '（含完整电话号码，属个人信息，仅供通知买受人，请勿外传）' : ' (full phone numbers: personal data, only for calling the buyers; do not pass on)') : '';
  return layoutSheet(description, rows, { lang, sheetName: names.sheet[lang], title: `${names.title[lang]}${pii}` });
}

/** Where a deposit ratio came from, in words, with the rule id of templates/fees/deposit.json to look it up. */
function depositSource(ruleId: string | null, rules: FeeRules, lang: Lang): string | null {
  if (ruleId === null) return null;
  if (ruleId === 'register') return lang === 'zh' ? '台账填写' : 'Register';
  if (ruleId === rules.deposit.default.id) return lang === 'zh' ? `通用默认（${ruleId}）` : `General default (${ruleId})`;
  return lang === 'zh' ? `银行约定（${ruleId}）` : `Bank's ratio (${ruleId})`;
}

/** 按揭保证金 per commercial loan: ratio (row, bank or default — 比例来源 says which), amount, and what is not yet refunded. */
export function depositSheet(units: readonly RegisterUnit[], rules: FeeRules, description: SheetDescription, opts: { lang: Lang }): SheetLayout {
  const { lang } = opts;
  const rows: SheetRow[] = [];
  for (const u of units) {
    const d = computeDeposit(u, rules);
    if (!d.amount) continue;
    const refunded = u.stages.depositRefunded ?? null;
    // The bank withholds the deposit when it disburses: before that there is nothing to refund.
    const disbursed = u.commercialDisbursedDate ?? u.stages.disbursed ?? null;
    rows.push({
      values: {
        seq: rows.length + 1,
        unitKey: u.unitKey,
        buyer: u.mainBorrower,
        bank: u.bank,
        loan: u.commercialLoan ?? undefined,
        ratio: d.ratio ?? undefined,
        ruleId: depositSource(d.ruleId, rules, lang),
        deposit: d.amount,
        disbursedDate: disbursed,
        certificateDate: u.stages.certificateHandedOver ?? null,
        refundedDate: refunded,
        outstanding: refunded || !disbursed ? ZERO : d.amount,
      },
    });
  }
  rows.push({ kind: 'total', label: lang === 'zh' ? `合计（${rows.length}户）` : `Total (${rows.length})`, values: {} });
  return layoutSheet(description, rows, { lang });
}
