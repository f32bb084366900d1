import * as React from 'react';
import type { FakeExcel, FakeSheet } from '../host/fake/fakeExcel';
import { colLetters } from '../excel/address';

const MAX_ROWS = 200;

/** The preview's stand-in for Excel's calculation: SUBTOTAL(9, range) and SUM(range) only. */
function evaluate(sheet: FakeSheet, formula: string): number | null {
  const m = /^=(?:SUBTOTAL\(9,|SUM\()\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)\)$/i.exec(formula);
  if (!m) return null;
  const col = (letters: string) => letters.toUpperCase().split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  let sum = 0;
  for (let r = Number(m[2]) - 1; r <= Number(m[4]) - 1; r++) {
    for (let c = col(m[1]); c <= col(m[3]); c++) {
      const cell = sheet.cell(r, c);
      // SUBTOTAL skips other SUBTOTAL cells.
      if (cell && !cell.f && typeof cell.v === 'number') sum += cell.v;
    }
  }
  return Math.round(sum * 100) / 100;
}

function display(sheet: FakeSheet, r: number, c: number): string {
  const cell = sheet.cell(r, c);
  if (!cell) return '';
  const computed = cell.f ? evaluate(sheet, cell.f) : null;
  if (cell.f && computed === null) return cell.f;
  const v = computed ?? cell.v;
  if (typeof v === 'number' && cell.nf && /yy|mm|dd/i.test(cell.nf) && !/[#0]/.test(cell.nf)) {
    const d = new Date(Math.round((v - 25569) * 86400000));
    return d.toISOString().slice(0, 10);
  }
  if (typeof v === 'number' && cell.nf && cell.nf.includes('¥')) return `¥${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (typeof v === 'number' && cell.nf && cell.nf.includes('%')) return `${(v * 100).toFixed(2)}%`;
  return String(v);
}

/** The in-memory workbook as HTML tables (first 200 rows of each sheet), with fills and notes. */
export function WorkbookView(props: { fake: FakeExcel; revision: number }) {
  const { fake } = props;
  const names = fake.sheetNames();
  const [current, setCurrent] = React.useState<string | null>(null);
  const activeName = fake.state.activeSheetId ? fake.state.sheets.find((s) => s.id === fake.state.activeSheetId)?.name : undefined;
  const shown = current && names.includes(current) ? current : (activeName ?? names[0]);
  React.useEffect(() => setCurrent(null), [props.revision]);
  const sheet = fake.sheet(shown);
  const used = sheet.used(false) ?? { row: 0, col: 0, rows: 1, cols: 1 };
  const rows = Math.min(used.row + used.rows, MAX_ROWS);
  const cols = used.col + used.cols;
  const sel = fake.state.selection && fake.state.selection.sheetId === sheet.id ? fake.state.selection.box : null;
  return (
    <div data-testid="workbook" style={{ display: 'flex', flexDirection: 'column', height: '100%', fontSize: 12 }}>
      <div style={{ display: 'flex', gap: 2, borderBottom: '1px solid #ccc', flexWrap: 'wrap' }} role="tablist">
        {names.map((n) => (
          <button
            key={n}
            role="tab"
            data-testid="sheet-tab"
            data-sheet={n}
            aria-selected={n === shown}
            onClick={() => setCurrent(n)}
            style={{ padding: '4px 10px', border: 'none', background: n === shown ? '#fff' : '#eee', fontWeight: n === shown ? 600 : 400, cursor: 'pointer' }}
          >
            {n}
            {fake.sheet(n).protection.protected ? '（保护 locked）' : ''}
          </button>
        ))}
      </div>
      <div style={{ overflow: 'auto', flex: 1 }}>
        <table data-testid="sheet-table" data-sheet={shown} style={{ borderCollapse: 'collapse', whiteSpace: 'nowrap', tableLayout: 'fixed' }}>
          <colgroup>
            <col style={{ width: 36 }} />
            {Array.from({ length: cols }, (_, c) => (
              <col key={c} style={{ width: Math.round((sheet.columnWidths.get(c) ?? 48) / 0.75) }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th style={{ background: '#f3f3f3' }} />
              {Array.from({ length: cols }, (_, c) => (
                <th key={c} style={{ background: '#f3f3f3', border: '1px solid #ddd', padding: '0 4px', fontWeight: 400 }}>
                  {colLetters(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, r) => (
              <tr key={r}>
                <th style={{ background: '#f3f3f3', border: '1px solid #ddd', padding: '0 4px', fontWeight: 400 }}>{r + 1}</th>
                {Array.from({ length: cols }, (_, c) => {
                  const merge = sheet.merges.find((m) => r >= m.row && r < m.row + m.rows && c >= m.col && c < m.col + m.cols);
                  if (merge && (merge.row !== r || merge.col !== c)) return null;
                  const cell = sheet.cell(r, c);
                  const addr = `${colLetters(c)}${r + 1}`;
                  const note = sheet.notes.get(addr);
                  const selected = sel && r >= sel.row && r < sel.row + sel.rows && c >= sel.col && c < sel.col + sel.cols;
                  return (
                    <td
                      key={c}
                      data-cell={addr}
                      colSpan={merge ? Math.min(merge.cols, cols - c) : undefined}
                      rowSpan={merge ? merge.rows : undefined}
                      title={note ?? cell?.f}
                      style={{
                        border: selected ? '2px solid #107c41' : '1px solid #e0e0e0',
                        padding: '1px 4px',
                        background: cell?.fill ?? undefined,
                        fontWeight: cell?.bold ? 600 : undefined,
                        color: cell?.color ?? undefined,
                        textAlign: typeof cell?.v === 'number' || cell?.f ? 'right' : undefined,
                        position: 'relative',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        whiteSpace: cell?.wrap ? 'pre-wrap' : 'nowrap',
                      }}
                    >
                      {display(sheet, r, c)}
                      {note && <span style={{ position: 'absolute', top: 0, right: 0, borderTop: '6px solid red', borderLeft: '6px solid transparent' }} />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {used.row + used.rows > MAX_ROWS && <p style={{ margin: 4 }}>… {used.row + used.rows - MAX_ROWS} more rows</p>}
      </div>
    </div>
  );
}
