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

const SHEETS: Record<string, unknown> = {
  register,
  'register-blank': registerBlank,
  progress,
  'title-search': titleSearch,
  'title-search-summary': titleSearchSummary,
  'fee-ledger': feeLedger,
  'fee-balances': feeBalances,
};

export type SheetId = 'register' | 'register-blank' | 'progress' | 'title-search' | 'title-search-summary' | 'fee-ledger' | 'fee-balances';

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
