/**
 * Monthly reconciliation of bank disbursements against finance's journal and the register.
 * Pure (no Node, no exceljs): the pipeline reads files, validates templates/reconcile.json and
 * writes the report; this decides every row's outcome. See docs/reconcile-json.md.
 */
import { reconcileItems, type Engine } from './engine';
import { computeTotals, type Totals } from './result';
import type { ReconcileInput } from './types';

export * from './types';
export { hasFlag, flagsOf, outcomeOf, compareKey, type Item, type Note } from './item';
export { netOfDeposit, depositOf } from './registerIndex';
export { isForeign } from './build';
export { factorsOf, matchGroup } from './finish';
export { statementAccountOf, StatementAccounts, ledgerOf, type LedgerLink } from './accounts';
export { type Engine } from './engine';
export { carriedFrom, explain, where, factorPhrase, factorPhraseOf, skippedMemo } from './explain';
export { rowResult, computeTotals, totalsJson, openItems, seenRows, seenTexts, seenHashes, openItemRows, timingItems, refundedUnits, carriedText, keyOf, OUTCOME_ORDER, OPEN_OUTCOMES, SET_ASIDE_OUTCOMES, type RowResult, type Totals, type GroupTotals, type Bucket, type OpenItemJson } from './result';
export { ACTION_FLAGS, needsAction } from './result';
export { isReexportedLine } from './duplicates';
export { isWrongAccountCarry } from './setAside';

export interface Reconciliation {
  engine: Engine;
  totals: Totals;
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const engine = reconcileItems(input);
  const t0 = Date.now();
  const totals = computeTotals(engine, input.files);
  engine.phases.totals = Date.now() - t0;
  return { engine, totals };
}
