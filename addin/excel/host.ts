/// <reference types="office-js" />
/**
 * Where Excel calls go: the real Office.js Excel (officeHost) or the in-memory workbook
 * (addin/host/fake). The adapter is written against Excel.RequestContext either way.
 */
export interface ExcelHost {
  kind: 'office' | 'memory';
  run<T>(options: Excel.RunOptions, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
  /** Office's UI language, e.g. "zh-CN", "en-US". */
  displayLanguage(): string;
}

export function officeHost(): ExcelHost {
  return {
    kind: 'office',
    run: (options, batch) => Excel.run(options, batch),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    displayLanguage: () => Office.context.displayLanguage || 'zh-CN',
  };
}
