import Decimal from 'decimal.js';
import { formatYuan } from '../money';

/**
 * The column width (Excel character units) an amount shown as ¥#,##0.00 needs, so that it is not
 * shown as ###: every character of ¥2,460,302,000.00 taken as a digit wide, one more for bold (a
 * 合计) and the cell's margin. Used by the generated sheets (./layoutSheet) and the reconciliation report.
 */
export function amountWidth(amount: Decimal.Value): number {
  return formatYuan(new Decimal(amount)).length + 1;
}
