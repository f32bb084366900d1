import ExcelJS from 'exceljs';

type Row = ExcelJS.CellValue[];

/** A 按户 line's 房号: the key notes are typed by in a report of one project. */
export const byUnit = (r: Row, col: (h: string) => number): string => String(r[col('房号')]);
/** "项目|房号": the key in a report of several projects (an empty 项目 for a line no project could be given). */
export const byProject = (r: Row, col: (h: string) => number): string => `${(r[col('项目')] as string | null) ?? ''}|${r[col('房号')] as string}`;

/**
 * Types notes on a report's 按户 lines ([处理人, 处理结果] by `key`, 房号 unless told), sorts the
 * lines by that key from last to first — a link by row position would give each note to another
 * unit — lets `more` change the sheet, and re-saves it as a person would.
 */
export async function editUnits(
  file: string,
  out: string,
  notes: Record<string, [ExcelJS.CellValue, ExcelJS.CellValue]>,
  opts: { key?: typeof byUnit; more?: (ws: ExcelJS.Worksheet, col: (h: string) => number) => void } = {},
): Promise<void> {
  const key = opts.key ?? byUnit;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('按户')!;
  const heads = (ws.getRow(1).values as Row).map((v) => String(v ?? ''));
  const col = (h: string) => heads.indexOf(h);
  const rows: Row[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as Row).slice());
  });
  for (const r of rows) {
    const note = notes[key(r, col)];
    if (note) [r[col('处理人')], r[col('处理结果')]] = note;
  }
  rows.sort((a, b) => (key(a, col) < key(b, col) ? 1 : -1));
  rows.forEach((r, k) => {
    const row = ws.getRow(k + 2);
    for (let c = 1; c < heads.length; c++) row.getCell(c).value = r[c] ?? null;
  });
  opts.more?.(ws, col);
  await wb.xlsx.writeFile(out);
}

/** A report sheet's lines as header → value, and its header row (read back with exceljs). */
export async function reportSheet(out: string, name: string): Promise<{ heads: string[]; lines: Record<string, unknown>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet(name)!;
  const heads = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
  const lines: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const line: Record<string, unknown> = {};
    heads.forEach((h, k) => (line[h] = row.getCell(k + 1).value));
    lines.push(line);
  });
  return { heads, lines };
}
