import type { Lang } from '../../domain/sheets/description';
import type { Bilingual } from '../../domain/text';

/** Pane texts, Chinese first. */
const TEXT = {
  appTitle: { zh: '安杰按揭助手', en: 'Anjie mortgage desk' },
  switchLang: { zh: 'English', en: '中文' },
  tabRegister: { zh: '台账', en: 'Register' },
  tabProgress: { zh: '进度表', en: 'Progress' },
  // Short: the five English tabs fit one row of a 350 px pane (see App.tsx).
  tabTitle: { zh: '查册', en: 'Titles' },
  tabFees: { zh: '费用', en: 'Fees' },
  tabSignoff: { zh: '签核', en: 'Sign-off' },
  cancel: { zh: '取消', en: 'Cancel' },
  // What a running task is doing, shown while it runs (not the button's name again).
  goingToCell: { zh: '正在跳转到单元格…', en: 'Going to the cell…' },
  registerCreating: { zh: '正在创建台账…', en: 'Creating the register…' },
  registerValidating: { zh: '正在校验台账并标出问题单元格…', en: 'Validating the register and marking problem cells…' },
  progressWriting: { zh: '正在写入进度表…', en: 'Writing the progress sheet…' },
  titleCreating: { zh: '正在创建查册表和查册汇总…', en: 'Writing the title-search sheets and summary…' },
  titleValidating: { zh: '正在校验填好的查册表…', en: 'Checking the completed title searches…' },
  feesComputing: { zh: '正在计算费用并写入费用台账…', en: 'Computing the fees and writing the fee ledger…' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  dismiss: { zh: '关闭', en: 'Dismiss' },
  registerFind: { zh: '查找台账', en: 'Find the register' },
  registerFound: { zh: '已找到台账', en: 'Register found' },
  registerNone: { zh: '此工作簿中没有台账。可以在此创建一个空白台账（带下拉列表、格式和冻结表头）。', en: 'No register in this workbook. You can create a blank one here (dropdowns, formats, frozen header).' },
  registerCreate: { zh: '创建台账', en: 'Create register' },
  registerValidate: { zh: '校验台账', en: 'Validate register' },
  noNotes: { zh: '此 Excel 版本不支持批注（需要 ExcelApi 1.18），问题单元格只以颜色标出。', en: 'This Excel has no notes API (ExcelApi 1.18); problem cells are marked by colour only.' },
  registerCreated: { zh: '已创建台账', en: 'Register created' },
  validated: { zh: '校验完成', en: 'Validation finished' },
  lockedSheets: {
    zh: '受保护的工作表（如已签核的表）上的问题只列在下方，未在单元格上标出；撤销工作表保护后再校验即可标出：',
    en: 'Problems on protected sheets (signed ones, for instance) are listed below, not marked on the cells; unprotect the sheet and validate again to mark them: ',
  },
  rows: { zh: '行', en: 'rows' },
  // The register rows that hold a unit (not its title, blank, 合计 or note rows): the count 校验 checked.
  unitRows: { zh: '条房屋记录', en: 'unit rows' },
  errors: { zh: '错误', en: 'errors' },
  warnings: { zh: '警告', en: 'warnings' },
  noIssues: { zh: '没有发现问题。', en: 'No problems found.' },
  issueClick: { zh: '点击一条问题可跳到对应单元格。', en: 'Click a problem to go to its cell.' },
  fix: { zh: '处理：', en: 'Fix: ' },
  severityError: { zh: '错误', en: 'Error' },
  severityWarning: { zh: '警告', en: 'Warning' },
  week: { zh: '周次', en: 'Week' },
  weekHint: { zh: '格式：2026-W48（ISO 周，周一至周日）', en: 'Format: 2026-W48 (ISO week, Monday to Sunday)' },
  headerRow: { zh: '表头在第', en: 'header on row' },
  progressGenerate: { zh: '生成 / 刷新进度表', en: 'Generate / refresh progress sheet' },
  progressDone: { zh: '已生成进度表', en: 'Progress sheet written' },
  progressNext: { zh: '请核对后到“签核”页签核（制表，再由经理审核）。', en: 'Check it, then sign it on the Sign-off tab (prepared, then reviewed by the manager).' },
  progressProblems: {
    zh: '无法判断进度的房屋、重复的台账行与台账错误：无法判断的房屋列在进度表末尾，未计入在途户数、各阶段户数与待放款金额；重复的行也列在那里，不计入任何户数与金额，该户按其第一行计。改正台账后重新生成。',
    en: 'Units whose progress cannot be told, repeated register rows, and register errors: those units are listed at the end of the progress sheet, not in the open units, the units per stage or the amount to disburse; a repeated row is listed there too, in no count or amount, the unit counted by its first row. Correct the register and generate again.',
  },
  progressHint: { zh: '按周生成《按揭进度表》：按银行分组，含小计、合计、汇总和签字栏。', en: 'Writes the weekly progress sheet: grouped by bank, with subtotals, totals, summary and signature block.' },
  titleScope: { zh: '范围', en: 'Which units' },
  titleSelected: { zh: '台账中选中的行', en: 'Rows selected in the register' },
  titleStage: { zh: '已到达某阶段的全部房屋', en: 'All units past a stage' },
  titleStagePick: { zh: '阶段', en: 'Stage' },
  titleCreate: { zh: '创建查册表', en: 'Create title-search sheets' },
  titleValidate: { zh: '校验查册表', en: 'Validate title searches' },
  titleDone: { zh: '已创建查册表', en: 'Title-search sheets written' },
  titleNext: { zh: '在各户查册表中填好查册结果后，点“校验查册表”。', en: 'Fill in each unit\'s search on its sheet, then press Validate title searches.' },
  titleHint: { zh: '为每户创建查册表，并生成《查册汇总》。', en: 'Creates one title-search sheet per unit and the summary sheet.' },
  feesCity: { zh: '城市（维修资金规则）', en: 'City (maintenance-fund rules)' },
  feesCompute: { zh: '计算费用台账', en: 'Compute fee ledger' },
  feesDone: { zh: '已生成费用台账', en: 'Fee ledger written' },
  feesNoUnderpaid: { zh: '没有少收的买受人。', en: 'No buyer underpaid.' },
  feesShowPhones: { zh: '显示完整电话（仅本次，写在少收名单上）', en: 'Show full phone numbers (this run only, on the underpaid list)' },
  feesShowPhonesHint: {
    zh: '电话属个人信息，默认打码；勾选后少收名单写出完整电话，并在表头注明含个人信息。',
    en: 'Phone numbers are personal data and masked by default; ticked, the underpaid list shows them in full and its title says it holds personal data.',
  },
  feesProblems: {
    zh: '无法计算的费用与台账错误、警告：无法计算的费用未计入合计，也不在少收/多收名单上，无法计算的按揭保证金未计入按揭保证金表的合计；有警告的值仍照填写计算，请核对。改正台账后重新计算。',
    en: "Fees that could not be computed, and register errors and warnings: fees that could not be computed are left out of the totals and off the under/overpaid lists, guarantee deposits that could not be computed out of the 按揭保证金 sheet's totals; values with a warning are computed as written, so check them. Correct the register and compute again.",
  },
  feesHint: { zh: '按现行规则计算契税、维修资金、登记费，列出少收与多收。', en: 'Computes deed tax, maintenance fund and registration fees under the rules in force; lists under- and overpayments.' },
  signoffPlaceholder: { zh: '签核功能即将提供：签名、核验与解除签核。', en: 'Sign-off is coming: sign, verify and unseal.' },
  notAvailable: { zh: '此功能尚未就绪。', en: 'This feature is not ready yet.' },
} as const;

export type TextKey = keyof typeof TEXT;

/** Punctuation that follows the language: "：" / ": ", "，" / ", ", "（…）" / " (…)". */
export function p(lang: Lang) {
  return lang === 'zh'
    ? { colon: '：', comma: '，', open: '（', close: '）' }
    : { colon: ': ', comma: ', ', open: ' (', close: ')' };
}

/** A count as the desk writes it, with thousands separators: 12,345 行 / 1,204 错误. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function t(lang: Lang, key: TextKey): string {
  return TEXT[key][lang];
}

/** A text in both languages, for what is shown later in whichever the pane is then in (a running task's label). */
export function both(key: TextKey): Bilingual {
  return TEXT[key];
}

/** A run's result said in both languages: kept as one string, it stayed in the run's language after the pane was switched. */
export function inBoth(say: (lang: Lang) => string): Bilingual {
  return { zh: say('zh'), en: say('en') };
}

/** Chinese unless Office runs in English. */
export function languageFor(displayLanguage: string | undefined): Lang {
  return displayLanguage && displayLanguage.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
