import type { ExcelHost } from '../../excel/host';
import { FakeExcel } from './fakeExcel';

/** An ExcelHost backed by the in-memory workbook (preview, browser test, adapter tests). */
export function memoryHost(fake: FakeExcel = new FakeExcel()): ExcelHost & { fake: FakeExcel } {
  return {
    kind: 'memory',
    fake,
    // The fake implements the part of Excel.RequestContext the adapter uses; the cast is the seam.
    run: (options, batch) => fake.run(options, (ctx) => batch(ctx as unknown as Excel.RequestContext)),
    isSetSupported: (name, version) => fake.supports(name, version),
    displayLanguage: () => fake.displayLanguage,
  };
}
