/** 费用: the fee ledger under the rules in force, and who underpaid. */
import type { Lang } from '../../domain/sheets/description';
import type { Bilingual } from '../../domain/text';
import { cityNames } from '../../domain/fees/rules';
import type { RunControl, WriteReport } from '../excel/adapter';
import { AddinError } from '../excel/errors';
import type { ExcelHost } from '../excel/host';
import { feeRules } from './templates';

export interface Underpaid {
  unitKey: string;
  buyer: string;
  /** Amount still to collect, "¥1,234.56". */
  shortfall: string;
}

export interface FeesResult {
  reports: WriteReport[];
  units: number;
  underpaid: Underpaid[];
}

export function feeCities(): { id: string; name: Bilingual }[] {
  const rules = feeRules();
  return rules.maintenanceFund.cities.map((c, i) => ({ id: c.id, name: cityNames(rules)[i] }));
}

export async function computeFees(_host: ExcelHost, _opts: { city: string; lang: Lang }, _control: RunControl = {}): Promise<FeesResult> {
  throw new AddinError({ zh: '费用台账模板尚未就绪，请稍后更新加载项。', en: 'The fee-ledger template is not ready yet; update the add-in later.' }, 'unsupported');
}
