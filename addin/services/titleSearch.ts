/** 查册: per-unit title-search sheets and the summary, and their validation. */
import type { Issue } from '../../domain/issues';
import type { Lang } from '../../domain/sheets/description';
import type { StageKey } from '../../domain/stages';
import type { RunControl } from '../excel/adapter';
import { AddinError } from '../excel/errors';
import type { ExcelHost } from '../excel/host';

export interface TitleSearchResult {
  units: number;
  sheets: string[];
  summary: string;
}

export type TitleScope = { kind: 'selected' } | { kind: 'stage'; stage: StageKey };

const pending = () =>
  new AddinError({ zh: '查册表模板尚未就绪，请稍后更新加载项。', en: 'The title-search template is not ready yet; update the add-in later.' }, 'unsupported');

export async function createTitleSearch(_host: ExcelHost, _opts: { scope: TitleScope; lang: Lang }, _control: RunControl = {}): Promise<TitleSearchResult> {
  throw pending();
}

export async function validateTitleSearch(_host: ExcelHost, _lang: Lang, _control: RunControl = {}): Promise<{ issues: Issue[]; sheets: number }> {
  throw pending();
}
