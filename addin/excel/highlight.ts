/// <reference types="office-js" />
import type { Issue } from '../../domain/issues';
import type { Lang } from '../../domain/sheets/description';
import { jsonBytes } from './cells';
import type { ExcelHost } from './host';
import { hasSection, sectionMark, withSection, withoutSection, type HighlightScope } from './highlightNote';
import { Sender } from './queue';
import { HIGHLIGHT_SETTING, RUN_OPTIONS } from './requests';

/** Validation issues shown in the workbook: fills and note sections on the cells, recorded so clearing gives back what was there. */

interface HighlightRecord {
  sheet: string;
  cells: string[]; // "C12"
  /** Each cell's own fill before Anjie highlighted it ('#RRGGBB'), null for none; absent in records of older versions (their cells are cleared). */
  fills?: (string | null)[];
  /** Each cell's severity: 'e' error, 'w' warning (absent in older records). */
  sev?: ('e' | 'w')[];
}

export interface HighlightReport {
  highlighted: number;
  cleared: number;
  /** Issues that have no cell to point at (listed in the pane only). */
  withoutCell: number;
  /** Sheets with issues that are protected against formatting (signed): listed in the pane, not marked. */
  locked: string[];
}

const FILL = { error: '#FFC7CE', warning: '#FFEB9C' } as const;
const OUR_FILLS = new Set<string>(Object.values(FILL));
const SCOPES: readonly HighlightScope[] = ['register', 'titleSearch'];

/** A loaded fill colour as the record keeps it: Excel reports a cell without fill as white. */
function ownFill(color: string | null): string | null {
  const c = color?.toUpperCase() ?? null;
  return c === '#FFFFFF' ? null : c;
}

/** What another kind of validation has marked: "Sheet!C12" → its severity and the cell's own fill. */
type Claims = Map<string, { sev: 'error' | 'warning'; own: string | null }>;

function claimsOf(records: readonly HighlightRecord[]): Claims {
  const claims: Claims = new Map();
  for (const rec of records)
    rec.cells.forEach((cell, k) => {
      const key = `${rec.sheet}!${cell}`;
      const sev = rec.sev?.[k] === 'w' ? 'warning' : 'error';
      const prev = claims.get(key);
      claims.set(key, { sev: prev?.sev === 'error' ? 'error' : sev, own: prev?.own ?? rec.fills?.[k] ?? null });
    });
  return claims;
}

/**
 * Takes away the highlights of the previous validation of this kind, then marks each issue's cell:
 * a fill (red for errors, yellow for warnings) and the messages in the cell's note.
 * - A highlighted cell gets its own fill back afterwards (the person's colour coding is theirs);
 *   one the person has re-coloured meanwhile keeps the new colour.
 * - A note the person wrote stays: the messages go in a section after it, and only that section
 *   is removed again (highlightNote.ts). Excel refuses a second note on a cell.
 * - Each kind of validation (scope) keeps its own highlights: validating title searches leaves the
 *   register's alone, and a cell both mark stays marked until both have cleared it.
 * - Marks that moved with their cells (rows sorted, the sheet renamed) are found by their notes and
 *   cleared too.
 * Four syncs (three when nothing is to be marked; one more when marks have moved).
 */
export async function highlightIssues(host: ExcelHost, issues: readonly Issue[], lang: Lang, scope: HighlightScope = 'register'): Promise<HighlightReport> {
  const notesOk = host.isSetSupported('ExcelApi', '1.18');
  return host.run(RUN_OPTIONS, async (context) => {
    const wb = context.workbook;
    const settings = SCOPES.map((s) => {
      const item = wb.settings.getItemOrNullObject(`${HIGHLIGHT_SETTING}.${s}`);
      item.load('value');
      return { scope: s, item };
    });
    wb.worksheets.load('items/name');
    await context.sync();
    const existing = new Map(wb.worksheets.items.map((ws) => [ws.name, ws] as const));
    const recordsOf = (s: HighlightScope) => {
      const { item } = settings.find((x) => x.scope === s)!;
      return item.isNullObject ? [] : parseRecords(item.value);
    };
    const previous = recordsOf(scope);
    const others = claimsOf(SCOPES.filter((s) => s !== scope).flatMap(recordsOf));
    // Which sheets take fills and notes: a signed sheet is protected and may take neither.
    const inPlay = new Set([...previous.map((r) => r.sheet), ...issues.map((i) => i.location.sheet ?? '')].filter((n) => existing.has(n)));
    const protections = new Map(
      [...inPlay].map((n) => {
        const p = existing.get(n)!.protection;
        p.load('protected,options');
        return [n, p] as const;
      }),
    );

    // 1. Read what the previously highlighted cells look like now, and their notes.
    let cleared = 0;
    const stale: { sheet: string; key: string; fill: Excel.RangeFill; own: string | null | undefined; note: Excel.Note | null }[] = [];
    // Thousands of cells: the Sender syncs early whenever a request would pass the budget.
    const send = new Sender(context);
    for (const rec of previous) {
      const ws = existing.get(rec.sheet);
      if (!ws) continue;
      for (let k = 0; k < rec.cells.length; k++) {
        const addr = rec.cells[k];
        await send.need(160);
        const fill = ws.getRange(addr).format.fill;
        fill.load('color');
        let note: Excel.Note | null = null;
        if (notesOk) {
          note = ws.notes.getItemOrNullObject(addr);
          note.load('content');
        }
        stale.push({ sheet: rec.sheet, key: `${rec.sheet}!${addr}`, fill, own: rec.fills?.[k], note });
      }
    }
    // Every note of the sheets in play, to find this validation's marks that moved with their cells
    // (rows sorted, or inserted above; the sheet renamed) and are no longer where the record says.
    const scans = notesOk ? [...inPlay].map((sheet) => ({ sheet, notes: existing.get(sheet)!.notes.load('items/content') })) : [];
    await context.sync();
    send.synced();
    const canFill = (sheet: string) => {
      const p = protections.get(sheet);
      return !p || !p.protected || !!p.options.allowFormatCells;
    };
    const canNote = (sheet: string) => {
      const p = protections.get(sheet);
      return notesOk && (!p || !p.protected || !!p.options.allowEditObjects);
    };
    // Only when a sheet holds more of this validation's notes than were found where recorded does
    // it cost a request: the moved ones' cells, which are then cleared like the others (their own
    // fill, recorded by address, is not known: a fill of ours is removed).
    const found = new Map<string, number>();
    for (const x of stale) if (x.note && !x.note.isNullObject && hasSection(x.note.content, scope)) found.set(x.sheet, (found.get(x.sheet) ?? 0) + 1);
    const moved: { sheet: string; cell: Excel.Range; note: Excel.Note }[] = [];
    for (const { sheet, notes } of scans) {
      if (!canFill(sheet)) continue;
      const ours = notes.items.filter((n) => hasSection(n.content, scope));
      if (ours.length <= (found.get(sheet) ?? 0)) continue;
      for (const note of ours) {
        await send.need(160);
        const cell = note.getLocation().load('address');
        cell.format.fill.load('color');
        moved.push({ sheet, cell, note });
      }
    }
    if (moved.length) await send.sync();
    const known = new Set(stale.map((x) => x.key));
    for (const { sheet, cell, note } of moved) {
      const key = `${sheet}!${cell.address.slice(cell.address.lastIndexOf('!') + 1)}`;
      if (!known.has(key)) stale.push({ sheet, key, fill: cell.format.fill, own: undefined, note });
    }

    // 2. Give still-highlighted cells their own fill back (or the other validation's colour), and
    //    take this validation's section out of their notes.
    for (const { sheet, key, fill, own, note } of stale) {
      if (!canFill(sheet)) continue; // protected: its highlights stay, and stay recorded, until it can be changed
      if (note && !note.isNullObject && canNote(sheet)) {
        const rest = withoutSection(note.content, scope);
        if (rest !== note.content) {
          await send.need(80 + jsonBytes(rest ?? ''));
          if (rest === null) note.delete();
          else note.content = rest;
        }
      }
      if (!OUR_FILLS.has(fill.color?.toUpperCase() ?? '')) continue; // re-coloured by the person: theirs now
      await send.need(160);
      const other = others.get(key);
      if (other) fill.color = FILL[other.sev];
      else if (own) fill.color = own;
      else fill.clear();
      cleared++;
    }
    const byCell = new Map<string, { sheet: string; cell: string; severity: 'error' | 'warning'; lines: string[] }>();
    let withoutCell = 0;
    const locked = new Set<string>();
    for (const issue of issues) {
      const { sheet, row, column } = issue.location;
      if (!sheet || !row || !column || !existing.has(sheet) || issue.location.file) {
        withoutCell++;
        continue;
      }
      if (!canFill(sheet)) {
        locked.add(sheet); // listed in the pane, not marked on the sheet
        continue;
      }
      const key = `${sheet}!${column}${row}`;
      const entry = byCell.get(key) ?? { sheet, cell: `${column}${row}`, severity: issue.severity, lines: [] };
      if (issue.severity === 'error') entry.severity = 'error';
      const fix = issue.fix ? ` ${lang === 'zh' ? '处理：' : 'Fix: '}${issue.fix[lang]}` : '';
      entry.lines.push(`${issue.message[lang]}${fix}`);
      byCell.set(key, entry);
    }
    // 3. The new cells' own fills and notes (read after step 2's changes), then mark them and remember.
    const marked = [...byCell.entries()].map(([key, e]) => {
      const ws = existing.get(e.sheet)!;
      return { key, e, fill: ws.getRange(e.cell).format.fill, note: canNote(e.sheet) ? ws.notes.getItemOrNullObject(e.cell) : null };
    });
    for (const m of marked) {
      await send.need(240);
      m.fill.load('color');
      m.note?.load('content');
    }
    if (marked.length) await send.sync();
    const records = new Map<string, HighlightRecord>();
    // Highlights on a sheet that could not be changed are still there: kept in the record.
    for (const rec of previous) if (existing.has(rec.sheet) && !canFill(rec.sheet)) records.set(rec.sheet, rec);
    for (const { key, e, fill, note } of marked) {
      const ws = existing.get(e.sheet)!;
      const text = note && !note.isNullObject ? withSection(note.content, scope, e.lines) : `${sectionMark(scope)}${e.lines.join('\n')}`;
      await send.need(200 + (note ? jsonBytes(text) : 0));
      const other = others.get(key);
      // A cell the other validation marks keeps the fill it had before either did.
      const current = ownFill(fill.color);
      const own = other ? other.own : OUR_FILLS.has(current ?? '') ? null : current;
      fill.color = FILL[other?.sev === 'error' ? 'error' : e.severity];
      if (note) {
        if (note.isNullObject) ws.notes.add(e.cell, text);
        else note.content = text;
      }
      const rec = records.get(e.sheet) ?? { sheet: e.sheet, cells: [], fills: [], sev: [] };
      rec.cells.push(e.cell);
      rec.fills!.push(own);
      rec.sev!.push(e.severity === 'error' ? 'e' : 'w');
      records.set(e.sheet, rec);
    }
    const record = JSON.stringify([...records.values()]);
    await send.need(jsonBytes(record) + 100);
    wb.settings.add(`${HIGHLIGHT_SETTING}.${scope}`, record);
    await send.sync();
    return { highlighted: marked.length, cleared, withoutCell, locked: [...locked].sort() };
  });
}

function parseRecords(value: unknown): HighlightRecord[] {
  try {
    const v = typeof value === 'string' ? JSON.parse(value) : value;
    return Array.isArray(v) ? v.filter((r) => r && typeof r.sheet === 'string' && Array.isArray(r.cells)) : [];
  } catch {
    return [];
  }
}

/* ------------------------------------------------------------------ select */
