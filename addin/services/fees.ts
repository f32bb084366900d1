/** 费用: the fee ledger under the rules in force, who underpaid and who overpaid. */
import { buildFeeLedger, depositLines, depositProblems, depositSheet, FEE_BALANCE_SHEETS, feeBalanceSheet, feeLedgerSheet } from '../../domain/fees/ledger';
import { depositProblemIssues, feeInputErrors, feeInputWarnings, feeProblemIssues } from '../../domain/fees/issues';
import { cityEntries, cityNames, findCity, type FeeRules } from '../../domain/fees/rules';
import type { Issue } from '../../domain/issues';
import { formatYuan } from '../../domain/money';
import { besideNotice, carryNotice } from '../../domain/sheets/carryOver';
import type { Lang } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import type { Bilingual } from '../../domain/text';
import type { RunControl } from '../excel/requests';
import { readSetting } from '../excel/sheets';
import type { WriteReport } from '../excel/queue';
import { writeLayout } from '../excel/writeLayout';
import { AddinError, throwIfAborted } from '../excel/errors';
import { cellAddress } from '../excel/address';
import type { ExcelHost } from '../excel/host';
import { loadRegister, today } from './actions';
import { noUnitsError, toRegisterSheet, unreadMergesRefusal } from './register';
import { signedGuard, signedSheetsIn } from './signedGuard';
import { keptLanguageNotice, sheetLanguage } from './sheetLanguage';
import { feeRules, sheetDescription } from './templates';

export interface Underpaid {
  unitKey: string;
  buyer: string;
  /** Amount still to collect, "¥1,234.56". */
  shortfall: string;
  /** The unit's cell on 少收名单 ("C5"), for the pane to jump to; null if not found there. */
  cell: string | null;
}

export interface FeesResult {
  reports: WriteReport[];
  units: number;
  underpaid: Underpaid[];
  /** What the underpaid owe in all, "¥12,345.67" (the pane's 少收 heading). */
  underpaidTotal: string;
  /** Units that paid more than due (listed on 多收名单, to refund). */
  overpaid: number;
  /**
   * About what the desk had typed into the sheets replaced (已缴/缴纳日期/票据号, 通知日期/备注):
   * how much was kept, and what could not be placed (its unit is no longer on the sheet).
   */
  notices: Bilingual[];
  /**
   * The fees that could not be computed (状态 无法计算: left out of the totals and off both lists),
   * the 按揭保证金 that could not be computed (outside that sheet's 合计), and the register's errors
   * in the columns the fees read, then its warnings there (a 保证金比例 above 50%, computed from as
   * written), located by cell — what `anjie fees` prints.
   */
  problems: Issue[];
  /** About the rules used: which maintenance-fund rates are only examples (exampleRatesWarning). */
  warnings: Bilingual[];
}

/**
 * The pane's word on example maintenance-fund rates, for the desk: whose rates they are and that
 * the city's real rates must be confirmed before the ledger is used. `anjie fees` says it for
 * whoever keeps the rules (the file and its `example` flag); here the file is only a pointer.
 */
export function exampleRatesWarning(rules: FeeRules, city: string, ruleId: string): Bilingual {
  const entries = cityEntries(rules, city);
  const entry = entries.find((e) => e.ruleId === ruleId);
  const name = entry?.name ?? { zh: city, en: city };
  // A city with several dated rules: say which contracts the example rates are for.
  const dated = entry && entries.length > 1;
  const zhWhen = dated ? `${entry.effectiveFrom} ${entry.effectiveTo ? `至 ${entry.effectiveTo} ` : '起'}签约的房屋，` : '';
  const enWhen = dated ? ` of contracts signed ${entry.effectiveTo ? `from ${entry.effectiveFrom} to ${entry.effectiveTo}` : `from ${entry.effectiveFrom} on`}` : '';
  return {
    zh: `${zhWhen}专项维修资金用的是${name.zh}的示例费率，不是${name.zh}现行的费率。使用本费用台账前，请按${name.zh}现行通知确认费率（templates/fees/maintenance-fund.json）。`,
    en: `The maintenance fund${enWhen} uses example rates for ${name.en}, not ${name.en}'s rates in force. Confirm them against ${name.en}'s current notice before the fee ledger is used (templates/fees/maintenance-fund.json).`,
  };
}

/** The cell holding the unit code on the i-th row of a 少收/多收名单 (rows follow the list's order). */
function listedAt(layout: SheetLayout, i: number, unitKey: string): string | null {
  const r = (layout.table?.firstDataRow ?? 0) + i;
  const c = layout.values[r]?.indexOf(unitKey) ?? -1;
  return c >= 0 ? cellAddress(r, c) : null;
}

export function feeCities(): { id: string; name: Bilingual }[] {
  // A city with several dated entries is listed once.
  return cityNames(feeRules());
}

/** The workbook's own setting: the city its fee ledger was last computed for. */
export const FEE_CITY_SETTING = 'anjie.fees.city';

/**
 * The city this workbook's fee ledger was last computed for (a project stays in its city), or null:
 * the panel starts from it instead of the first city in the list.
 */
export async function rememberedCity(host: ExcelHost): Promise<string | null> {
  const city = await readSetting(host, FEE_CITY_SETTING);
  return city && findCity(feeRules(), city) ? city : null;
}

/**
 * 计算费用台账: writes 费用台账, 少收名单, 多收名单 and 按揭保证金, returns who underpaid and how many overpaid. What the desk typed into the
 * sheets' input columns stays on the same unit's (and fee's) row.
 */
/**
 * `showPhones` is the person's choice for this run (显示完整电话, off by default): personal data is
 * masked in reports unless asked for, and the desk asks when it calls the buyers who underpaid. It
 * writes full phones on 少收名单 only (多收名单 stays masked: refunds are not a call list), and that
 * sheet's title then says it holds personal data — as `anjie fees --show-pii` writes it.
 */
export async function computeFees(host: ExcelHost, opts: { city: string; lang: Lang; overwriteSigned?: boolean; showPhones?: boolean }, control: RunControl = {}): Promise<FeesResult> {
  const rules = feeRules();
  if (!findCity(rules, opts.city)) {
    throw new AddinError({ zh: `没有城市“${opts.city}”的维修资金规则。`, en: `No maintenance-fund rules for city "${opts.city}".` }, 'not-found');
  }
  // One day for the register check (DATE_FUTURE) and for the fees it decides, as anjie fees --today.
  const asOf = today();
  const reg = await loadRegister(host, { signal: control.signal }, asOf);
  const unread = unreadMergesRefusal(reg.unreadMerges, reg.data.location.sheet, { zh: '未计算费用', en: 'The fees were not computed' });
  if (unread) throw unread;
  // Four empty sheets would be no ledger: a blank register is told to fill in its units, as `anjie fees` says.
  if (!reg.units.length) throw noUnitsError({ zh: '未计算费用，工作簿未作改动', en: 'The fees were not computed; the workbook was not changed' }, reg.data.location.sheet, reg.rows);
  throwIfAborted(control.signal);
  // Where each problem is, by sheet/row/column (the register's issues are located already).
  const sheet = toRegisterSheet(reg.data);
  // The register's header says which collected columns it has, as for anjie fees.
  const ledger = buildFeeLedger(reg.units, rules, { city: opts.city, columns: sheet.columns, today: asOf });
  const ledgerDescription = sheetDescription('fee-ledger');
  const balancesDescription = sheetDescription('fee-balances');
  const depositsDescription = sheetDescription('deposits');
  // The four sheets stay in the language the workbook's were written in.
  const language = await sheetLanguage(
    host,
    [
      { name: ledgerDescription.name, description: ledgerDescription },
      { name: FEE_BALANCE_SHEETS.underpaid, description: balancesDescription },
      { name: FEE_BALANCE_SHEETS.overpaid, description: balancesDescription },
      { name: depositsDescription.name, description: depositsDescription },
    ],
    opts.lang,
    reg.data.location.workbookSheets,
  );
  throwIfAborted(control.signal);
  const lang = language.lang;
  const ledgerLayout = feeLedgerSheet(ledger, ledgerDescription, { lang });
  const underpaidLayout = feeBalanceSheet(ledger, 'underpaid', balancesDescription, { lang, showPii: opts.showPhones === true });
  // The buyers to refund, as `anjie fees` writes them beside the 少收名单.
  const overpaidLayout = feeBalanceSheet(ledger, 'overpaid', balancesDescription, { lang });
  // 按揭保证金, as `anjie fees` writes it: the deposit per commercial loan, refunded or not.
  // Each deposit once, for its sheet and for the problem list.
  const deposits = depositLines(reg.units, rules, { today: asOf });
  const depositsLayout = depositSheet(deposits, rules, depositsDescription, { lang });
  // Every sheet is checked before the first is replaced.
  const guard = signedGuard([ledgerLayout.name, underpaidLayout.name, overpaidLayout.name, depositsLayout.name], opts.overwriteSigned);
  // A sheet of the desk's own under one of these names is left alone; what goes beside it asks the same of a signature.
  const beside = { signedIn: signedSheetsIn, overwriteSigned: opts.overwriteSigned };
  const reports = [
    await writeLayout(host, ledgerLayout, { signal: control.signal, onProgress: control.onProgress, guard, keepInputs: ledgerDescription, settings: { [FEE_CITY_SETTING]: opts.city }, date1904: reg.data.date1904, ...beside }),
    // The first write refuses for all three; when overwriting, each asks whether its own sheet was signed.
    await writeLayout(host, underpaidLayout, { signal: control.signal, activate: true, keepInputs: balancesDescription, guard: opts.overwriteSigned ? guard : undefined, date1904: reg.data.date1904, ...beside }),
    await writeLayout(host, overpaidLayout, { signal: control.signal, keepInputs: balancesDescription, guard: opts.overwriteSigned ? guard : undefined, date1904: reg.data.date1904, ...beside }),
    await writeLayout(host, depositsLayout, { signal: control.signal, keepInputs: depositsDescription, guard: opts.overwriteSigned ? guard : undefined, date1904: reg.data.date1904, ...beside }),
  ];
  const layouts = [ledgerLayout, underpaidLayout, overpaidLayout, depositsLayout];
  const notices = [
    language.kept.length ? keptLanguageNotice(language.kept, lang) : null,
    ...reports.map((r, k) => (r.besideOf ? besideNotice(layouts[k].name, r.besideOf, r.sheet) : null)),
    carryNotice(reports[0].sheet, ledgerDescription, reports[0].inputs ?? null),
    carryNotice(reports[1].sheet, balancesDescription, reports[1].inputs ?? null),
    carryNotice(reports[2].sheet, balancesDescription, reports[2].inputs ?? null),
    carryNotice(reports[3].sheet, depositsDescription, reports[3].inputs ?? null),
  ];
  return {
    reports,
    units: reg.units.length,
    underpaid: ledger.underpaid.map((b, i) => ({
      unitKey: b.unit.unitKey,
      buyer: b.unit.buyers.map((x) => x.name).join('、'),
      shortfall: formatYuan(b.difference),
      cell: listedAt(underpaidLayout, i, b.unit.unitKey),
    })),
    underpaidTotal: formatYuan(ledger.totals.underpaid),
    overpaid: ledger.overpaid.length,
    notices: notices.filter((n): n is Bilingual => n !== null),
    problems: [...feeProblemIssues(ledger, sheet), ...depositProblemIssues(depositProblems(deposits), sheet), ...feeInputErrors(reg.issues, sheet), ...feeInputWarnings(reg.issues, sheet)],
    warnings: ledger.exampleRules.map((id) => exampleRatesWarning(rules, opts.city, id)),
  };
}
