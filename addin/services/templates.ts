/**
 * The templates/ data the add-in needs, bundled into the pane at build time (the CLI reads the
 * same files from disk) and validated with the same domain parsers on first use.
 */
import type { SheetDescription } from '../../domain/sheets/description';
import { parseSheetDescription, resolveExtends } from '../../domain/sheets/schema';
import register from '../../templates/sheets/register.json';
import registerBlank from '../../templates/sheets/register-blank.json';
import progress from '../../templates/sheets/progress.json';
import titleSearch from '../../templates/sheets/title-search.json';
import titleSearchSummary from '../../templates/sheets/title-search-summary.json';
import feeLedger from '../../templates/sheets/fee-ledger.json';
import feeBalances from '../../templates/sheets/fee-balances.json';
import deposits from '../../templates/sheets/deposits.json';

const SHEETS: Record<string, unknown> = {
  register,
  'register-blank': registerBlank,
  progress,
  'title-search': titleSearch,
  'title-search-summary': titleSearchSummary,
  'fee-ledger': feeLedger,
  'fee-balances': feeBalances,
  deposits,
};

export type SheetId = 'register' | 'register-blank' | 'progress' | 'title-search' | 'title-search-summary' | 'fee-ledger' | 'fee-balances' | 'deposits';

const cache = new Map<string, SheetDescription>();

export function sheetDescription(id: SheetId): SheetDescription {
  const hit = cache.get(id);
  if (hit) return hit;
  const json = resolveExtends(SHEETS[id], (base) => SHEETS[base]);
  const r = parseSheetDescription(json);
  if (!r.ok) throw new Error(`templates/sheets/${id}.json: ${r.problems.join('; ')}`);
  cache.set(id, r.description);
  return r.description;
}

import stages from '../../templates/stages.json';
import { parseStageThresholds, type StageThresholds } from '../../domain/progress/thresholds';

let thresholds: StageThresholds | null = null;
/** templates/stages.json: days a unit may stay in a stage before it is overdue. */
export function stageThresholds(): StageThresholds {
  if (thresholds) return thresholds;
  const r = parseStageThresholds(stages);
  if (!r.ok) throw new Error(`templates/stages.json: ${r.problems.join('; ')}`);
  thresholds = r.value;
  return thresholds;
}

import deedTax from '../../templates/fees/deed-tax.json';
import registration from '../../templates/fees/registration.json';
import stampDuty from '../../templates/fees/stamp-duty.json';
import maintenanceFund from '../../templates/fees/maintenance-fund.json';
import deposit from '../../templates/fees/deposit.json';
import { parseFeeRules, type FeeRules } from '../../domain/fees/rules';

let feeRulesCache: FeeRules | null = null;
/** templates/fees/*.json, validated. */
export function feeRules(): FeeRules {
  if (feeRulesCache) return feeRulesCache;
  const r = parseFeeRules({ deedTax, registration, stampDuty, maintenanceFund, deposit });
  if (!r.ok) throw new Error(`templates/fees: ${r.problems.join('; ')}`);
  feeRulesCache = r.value;
  return feeRulesCache;
}
