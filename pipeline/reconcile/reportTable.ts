import type Decimal from 'decimal.js';
import { roundFen } from '../../domain/money';
import { S, XlsxWriter, type StyleId, type XCell, type XSheet, type XSheetOptions } from './xlsx';
import type { Item, Reconciliation } from '../../domain/reconcile';
import type { RegisterProjects } from '../../domain/reconcile/projects';

/** A sheet of the report as a table: its columns (header, width, kind, wrap), rows spilling onto further sheets past Excel's row limit. */

interface Col {
  header: string;
  width: number;
  kind?: 'text' | 'money' | 'date' | 'int' | 'pct';
  /** A few texts repeated row after row (rule, file, flags): kept in the shared-strings table (XColumn.shared). */
  repeats?: true;
  /** Text that can outgrow the column (sentences, names, files): wrapped, so all of it shows on screen and on paper. */
  wrap?: true;
}

export function num(d: Decimal): number {
  return roundFen(d).toNumber();
}
export function dateCell(d: string | null | undefined): Date | null {
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
}

const KIND_STYLE: Record<NonNullable<Col['kind']>, StyleId> = { text: S.text, money: S.money, date: S.date, int: S.int, pct: S.pct };

/** A table sheet written row by row, continuing on further sheets past the row limit. */
export class TableSheet {
  private ws: XSheet | null = null;
  private part = 0;
  readonly names: string[] = [];
  constructor(
    private readonly wb: XlsxWriter,
    private readonly name: string,
    private readonly cols: Col[],
    private readonly maxRows: number,
    private readonly print?: XSheetOptions['print'],
  ) {}

  private async open(): Promise<void> {
    this.part++;
    const name = this.part === 1 ? this.name : `${this.name}(${this.part})`;
    this.names.push(name);
    this.ws = await this.wb.sheet({ name, cols: this.cols.map((c) => ({ width: c.width, style: c.wrap ? S.wrap : KIND_STYLE[c.kind ?? 'text'], shared: c.repeats })), freezeRows: 1, autoFilter: true, print: this.print });
    await this.ws.row(
      this.cols.map((c) => c.header),
      S.header,
    );
  }

  async start(): Promise<void> {
    await this.open();
  }

  /** Returns a promise only when the caller must wait (a chunk went to the zip, or a new sheet was started). */
  add(values: XCell[]): void | Promise<void> {
    if (this.ws!.rows >= this.maxRows) return this.continueWith(values);
    return this.ws!.row(values);
  }

  private async continueWith(values: XCell[]): Promise<void> {
    await this.ws!.end();
    await this.open();
    await this.ws!.row(values);
  }

  /**
   * `none`: the line written under the header when the sheet got no rows: a printed page of a header
   * alone cannot be told from a page missing its rows. Only a text in column A, which no reader of
   * the report (--previous, the notes on 差异 and 按户) takes for a row.
   */
  async end(none?: string): Promise<void> {
    if (none && this.part === 1 && this.ws!.rows === 1) await this.ws!.row([none], S.text);
    await this.ws!.end();
  }
}

/** What each sheet's writer is given. */
export interface SheetContext {
  wb: XlsxWriter;
  rec: Reconciliation;
  items: readonly Item[];
  pii: boolean;
  /** Rows per sheet before spilling. */
  maxRows: number;
  /** Rows carrying 处理人/处理结果 brought forward from last month's 差异 (notedItems), or null when none. */
  noted: ReadonlySet<Item> | null;
  /** A register of several projects: 差异 and 已匹配 have a 项目 column before 房号 (projectCell). Null with one project or none: no column, nothing resolved per row. */
  projects: RegisterProjects | null;
}
