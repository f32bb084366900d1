import { describe, expect, it } from 'vitest';
import { toExcelValue } from '../../pipeline/render/workbook';

// The exceljs adapter writes a layout's date cells as Excel dates: a calendar date as that day, and
// a string that is no date is refused (the add-in's writer throws too), never written as another day.
describe('date cells written through exceljs', () => {
  it('writes a calendar date as that day, whatever the machine time zone', () => {
    expect((toExcelValue({ kind: 'date', date: '2026-11-30' }) as Date).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect((toExcelValue({ kind: 'date', date: '2028-02-29' }) as Date).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses 2026-13-45 instead of writing 2027-02-14', () => {
    expect(() => toExcelValue({ kind: 'date', date: '2026-13-45' })).toThrow(RangeError);
    expect(() => toExcelValue({ kind: 'date', date: '2026-02-30' })).toThrow(RangeError);
  });
});
