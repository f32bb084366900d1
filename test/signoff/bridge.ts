/**
 * Bridge between an .xlsx (exceljs) and the add-in engineer's in-memory Excel (FakeExcel), so a
 * workbook can be signed on one side and verified on the other, as a person would do by opening
 * the saved file in Excel. Values go across as Excel holds them: dates as serial numbers with
 * their number format, formulas with their cached result, errors as error values, merges,
 * sheet visibility and protection.
 *
 * Error values keep their code in `v` with `err` set, so the fake's valueTypes reads 'Error'.
 * A workbook in the 1904 date system stays in it: its date serials are 1462 less, as Excel gives them.
 */
import ExcelJS from 'exceljs';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { rawValueOf } from '../../pipeline/signoff/cells';
import { escapeXString } from '../../pipeline/io/xString';

/** Loads an .xlsx into a fresh FakeExcel; `passwords` gives the plain password of protected sheets. */
export async function fakeFromXlsx(file: string, passwords: Record<string, string> = {}): Promise<FakeExcel> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const fake = new FakeExcel({ date1904: !!wb.properties.date1904 });
  const epoch = fake.state.date1904 ? 25569 - 1462 : 25569;
  fake.state.sheets = [];
  fake.state.activeSheetId = null;
  for (const ws of wb.worksheets) {
    const sheet = fake.state.addSheet(ws.name);
    sheet.visibility = ws.state === 'veryHidden' ? 'VeryHidden' : ws.state === 'hidden' ? 'Hidden' : 'Visible';
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master !== cell) return;
        // exceljs's cell.value drops a formula's falsy cached result (a SUBTOTAL of 0); cell.result keeps it, as Excel does.
        const fv = cell.value as unknown as Record<string, unknown> | null;
        const cached = fv && typeof fv === 'object' && ('formula' in fv || 'sharedFormula' in fv) && fv.result === undefined && (cell as unknown as { result?: unknown }).result !== undefined ? ({ ...fv, result: (cell as unknown as { result: unknown }).result } as unknown as ExcelJS.CellValue) : cell.value;
        const raw = rawValueOf(cached, cell.numFmt);
        const target = sheet.ensure(r - 1, c - 1);
        if (cell.numFmt) target.nf = cell.numFmt;
        const v = cell.value as unknown as Record<string, unknown> | null;
        if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) target.f = `=${String(v.formula ?? v.sharedFormula)}`;
        if (raw === null) return;
        if (raw.kind === 'text') target.v = raw.text;
        else if (raw.kind === 'number' || raw.kind === 'boolean') target.v = raw.value;
        else if (raw.kind === 'date') target.v = raw.epochMs / 86400000 + epoch;
        else {
          target.v = raw.code;
          target.err = true;
        }
      });
    });
    for (const range of Object.keys((ws as unknown as { _merges: Record<string, unknown> })._merges ?? {})) {
      const m = (ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges[range].model;
      sheet.merges.push({ row: m.top - 1, col: m.left - 1, rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 });
    }
    const prot = (ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection;
    if (prot?.sheet) sheet.protection = { protected: true, password: passwords[ws.name] ?? null };
  }
  return fake;
}

/** Saves a FakeExcel as an .xlsx through exceljs (what Excel's Save would produce, as far as sign-off can tell). */
export async function xlsxFromFake(fake: FakeExcel, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = fake.state.date1904;
  for (const sheet of fake.state.sheets) {
    const state = sheet.visibility === 'VeryHidden' ? 'veryHidden' : sheet.visibility === 'Hidden' ? 'hidden' : 'visible';
    const ws = wb.addWorksheet(sheet.name, { state });
    sheet.rows.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell) return;
        const target = ws.getCell(r + 1, c + 1);
        if (cell.nf && cell.nf !== 'General') target.numFmt = cell.nf;
        const v = cell.v;
        if (cell.err) target.value = { error: String(v) } as ExcelJS.CellErrorValue;
        else if (cell.f) target.value = { formula: cell.f.slice(1), result: v === '' ? undefined : v } as ExcelJS.CellFormulaValue;
        else if (v !== '') target.value = typeof v === 'string' ? escapeXString(v) : v; // as Excel saves a text: a typed _x000D_ stays text
      }),
    );
    for (const m of sheet.merges) ws.mergeCells(m.row + 1, m.col + 1, m.row + m.rows, m.col + m.cols);
    if (sheet.protection.protected) await ws.protect(sheet.protection.password ?? '', {});
  }
  await wb.xlsx.writeFile(file);
}
