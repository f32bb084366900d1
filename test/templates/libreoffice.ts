import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * LibreOffice headless for the workbook tests: every run gets its own profile
 * (-env:UserInstallation) so parallel runs never collide. Several files go in one run to keep
 * the start-up cost (a few seconds) paid once.
 */
function soffice(args: string[], outDir: string): void {
  const profile = path.join('/tmp', `lo-${crypto.randomBytes(6).toString('hex')}`);
  fs.mkdirSync(outDir, { recursive: true });
  try {
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...args, '--outdir', outDir], {
      stdio: 'pipe',
      timeout: 180_000,
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

export function convertToPdf(files: string[], outDir: string): string[] {
  soffice(['--convert-to', 'pdf', ...files], outDir);
  return files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.pdf`));
}

/** Every sheet of every workbook to UTF-8 CSV, cells as shown; returns `<base>-<sheet>.csv` paths per file. */
export function convertToCsv(files: string[], outDir: string): Map<string, Map<string, string>> {
  // 44 comma, 34 quote, 76 UTF-8, row 1, …, "as shown" true, sheet -1 = every sheet to its own file
  soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', ...files], outDir);
  const out = new Map<string, Map<string, string>>();
  for (const f of files) {
    const base = path.basename(f, path.extname(f));
    const sheets = new Map<string, string>();
    for (const name of fs.readdirSync(outDir)) {
      if (name.startsWith(`${base}-`) && name.endsWith('.csv')) sheets.set(name.slice(base.length + 1, -4), path.join(outDir, name));
    }
    out.set(f, sheets);
  }
  return out;
}

/** A small RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function readCsv(file: string): string[][] {
  return parseCsv(fs.readFileSync(file, 'utf8'));
}

/** "¥1,234.56" / "-¥1.00" / "1234.5" → "1234.56" style decimal text, or null. */
export function moneyText(cell: string | undefined): string | null {
  if (!cell) return null;
  const neg = cell.trim().startsWith('-');
  const digits = cell.replace(/[¥,\s-]/g, '');
  if (!/^\d+(\.\d+)?$/.test(digits)) return null;
  return `${neg ? '-' : ''}${digits}`;
}

export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const m = /Pages:\s+(\d+)/.exec(info);
  return m ? Number(m[1]) : 0;
}

/** First page of a PDF as a PNG (kept under test-artifacts/ for a person to look at). */
export function pdfPageToPng(pdf: string, pngBase: string, page = 1): string {
  fs.mkdirSync(path.dirname(pngBase), { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdf, pngBase], { stdio: 'pipe' });
  return `${pngBase}.png`;
}

export interface PdfWord {
  text: string;
  x: number;
  y: number;
  /** Width of the word's box, in points. */
  w: number;
  /** Height of the word's box, in points: about 1.2 × the printed type size. */
  h: number;
}

/** Every word of each page with its position (pdftotext -bbox), one array per page. */
export function pdfWords(pdf: string): PdfWord[][] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        text: unescape(m[5]),
        x: Number(m[1]),
        y: Number(m[2]),
        w: Number(m[3]) - Number(m[1]),
        h: Number(m[4]) - Number(m[2]),
      })),
    );
}
