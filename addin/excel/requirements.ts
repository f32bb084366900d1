/// <reference types="office-js" />
import { AddinError } from './errors';
import type { ExcelHost } from './host';

/** Which Office.js requirement sets this Excel supports, checked with isSetSupported before anything is used. */

export interface RequirementReport {
  ok: boolean;
  /** Optional features this Excel lacks (notes, print setup). */
  missingOptional: string[];
}

export function checkRequirements(host: ExcelHost): RequirementReport {
  if (!host.isSetSupported('ExcelApi', '1.8')) {
    throw new AddinError(
      {
        zh: '此 Excel 版本过旧，不支持安杰所需的功能（ExcelApi 1.8：数据验证、工作表保护）。请使用 Microsoft 365 版 Excel、Excel 2019 或更新版本，或 Excel 网页版。',
        en: 'This version of Excel is too old for Anjie (it needs ExcelApi 1.8: data validation, sheet protection). Use Excel for Microsoft 365, Excel 2019 or later, or Excel on the web.',
      },
      'unsupported',
    );
  }
  const missingOptional: string[] = [];
  if (!host.isSetSupported('ExcelApi', '1.18')) missingOptional.push('notes');
  if (!host.isSetSupported('ExcelApi', '1.9')) missingOptional.push('print');
  return { ok: true, missingOptional };
}

/* ---------------------------------------------------------------- register */
