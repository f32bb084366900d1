import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleSet, type SampleTruth } from '../../pipeline/sample';
import { writeSampleSet } from '../../pipeline/sample/write';
import { readJournalFile } from '../../pipeline/read';
import { cli, tempDir, type ReconcileJson } from './files';
import { convertToPdf, parseCsv, pdfWords, type PdfWord } from '../templates/libreoffice';

/**
 * The demo's data: `anjie sample` writes a register, six statement exports, a journal and
 * truth.json; `anjie reconcile` must find every injected problem, and nothing else.
 */
let dir = '';
let truth: SampleTruth;
let json: ReconcileJson;
let report = '';

beforeAll(async () => {
  dir = await tempDir();
  await writeSampleSet(dir, generateSampleSet({}));
  truth = JSON.parse(await fs.readFile(path.join(dir, 'truth.json'), 'utf8')) as SampleTruth;
  report = path.join(dir, 'out', 'report.xlsx');
  const jsonPath = path.join(dir, 'out', 'report.json');
  const bank = truth.files.statements.map((s) => path.join(dir, s.file));
  const r = await cli(['reconcile', '--bank', ...bank, '--finance', path.join(dir, truth.files.journal), '--register', path.join(dir, truth.files.register), '--period', truth.period, '--out', report, '--json', jsonPath]);
  expect(r.code, r.stderr).toBe(0);
  json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
}, 120_000);

const key = (r: { side: string; file: string; sheet: string; row: number }) => `${r.side}|${r.file}|${r.sheet}|${r.row}`;

describe('reconcile on the sample set', () => {
  it('finds every injected problem in truth.json, on its rows', () => {
    const rows = new Map(json.rows.map((r) => [key(r), r]));
    expect(truth.problems.length).toBeGreaterThanOrEqual(10);
    for (const p of truth.problems) {
      const flagged = p.rows.filter((t) => rows.get(key(t))?.flags.includes(p.flag));
      expect(flagged.length, `${p.id} ${p.flag} ${p.description.en}`).toBeGreaterThan(0);
    }
  });

  it('raises nothing else: every flag sits on a row of an injected problem that allows it, every clean disbursement is MATCHED with its booking', () => {
    const allowed = new Map<string, Set<string>>();
    for (const p of truth.problems)
      for (const t of p.rows) {
        const s = allowed.get(key(t)) ?? new Set<string>();
        s.add(p.flag);
        for (const f of p.mayAlsoRaise) s.add(f);
        allowed.set(key(t), s);
      }
    const extra = json.rows.filter((r) => r.flags.some((f) => !allowed.get(key(r))?.has(f))).map((r) => `${key(r)} ${r.flags.join(',')} ${r.explanation.zh}`);
    expect(extra).toEqual([]);
    const rows = new Map(json.rows.map((r) => [key(r), r]));
    for (const m of truth.cleanMatches) {
      for (const b of m.bank) {
        const r = rows.get(key(b))!;
        expect(r, `${m.unitKey} ${m.part}`).toMatchObject({ outcome: 'MATCHED', flags: [] });
        expect(r.counterparts.map(key)).toEqual(m.finance.map(key));
      }
    }
    const expectedRows = truth.counts.bankRows + json.rows.filter((r) => r.side === 'finance').length;
    expect(json.rows.length).toBe(expectedRows);
  });

  it('the examples in docs/reconcile-json.md and docs/sample-data.md are this data set\'s own rows and totals', async () => {
    const docs = path.join(__dirname, '..', '..', 'docs');
    const rj = await fs.readFile(path.join(docs, 'reconcile-json.md'), 'utf8');
    // The first row of the document's example, and the `totals` example.
    const rowExample = docExample(rj.slice(rj.indexOf('{"side":')));
    const shown = json.rows.find((r) => r.side === rowExample.side && r.file === rowExample.file && r.sheet === rowExample.sheet && r.row === rowExample.row);
    expect(shown, JSON.stringify(rowExample)).toBeDefined();
    expectLike(rowExample, shown, 'rows[]');
    const totalsAt = rj.indexOf('```json', rj.indexOf('## `totals`'));
    expectLike(docExample(rj.slice(rj.indexOf('{', totalsAt))), json.totals, 'totals');
    // truth.json's first problem as docs/sample-data.md shows it.
    const sd = await fs.readFile(path.join(docs, 'sample-data.md'), 'utf8');
    const shownRows = [...sd.matchAll(/^\s*(\{ "side": .*\})\s*,?\s*$/gm)].map((m) => JSON.parse(m[1]) as unknown);
    expect(shownRows.length).toBeGreaterThan(1);
    for (const r of shownRows) expect(truth.problems[0].rows).toContainEqual(r);
    const amounts = /"amounts": (\{.*?\})/.exec(sd);
    expect(JSON.parse(amounts![1])).toEqual(truth.problems[0].amounts);
  });

  it('分户调节: each account’s line infers its 科目’s true book balance (opening + every line booked to it), the WRONG_ACCOUNT credit included', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    const ws = wb.getWorksheet('分户调节')!;
    const header = (ws.getRow(3).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const journal = await readJournalFile(path.join(dir, truth.files.journal));
    const fen = (x: string) => Math.round(Number(x) * 100);
    const inferred = new Map<string, number>();
    ws.eachRow((r, n) => {
      const ledger = String(r.getCell(col('对账科目')).value ?? '');
      if (n > 3 && /^1002\./.test(ledger)) inferred.set(ledger.split(' ')[0], Math.round(Number(r.getCell(col('按本表推算的账面余额')).value) * 100));
    });
    const codes = [...new Set(truth.files.statements.map((s) => s.ledgerCode))].sort();
    expect([...inferred.keys()].sort()).toEqual(codes);
    for (const code of codes) {
      const first = truth.files.statements.filter((s) => s.ledgerCode === code).sort((a, b) => (a.from < b.from ? -1 : 1))[0];
      const booked = journal.lines.filter((l) => l.accountCode === code && l.date <= `${truth.period}-31`).reduce((s, l) => s + fen(l.debit.toString()) - fen(l.credit.toString()), 0);
      expect(inferred.get(code), code).toBe(fen(first.openingBalance) + booked);
    }
  });

  it('the report opens in LibreOffice and its 汇总 figures equal the JSON totals, tie-out included', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-rc-lo-'));
    const profile = `file://${await fs.mkdtemp(path.join(os.tmpdir(), 'lo-'))}`;
    await promisify(execFile)('soffice', ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, report], { timeout: 180_000 });
    const csv = await fs.readFile(path.join(out, 'report.csv'), 'utf8');
    const lines = parseCsv(csv);
    const money = (s: string) => s.replace(/[¥,]/g, '');
    // The first line with a code is the outcome table's; the flags table comes later.
    const byCode = new Map<string, string[]>();
    for (const l of lines) if (/^[A-Z_]+$/.test(l[0] ?? '') && !byCode.has(l[0])) byCode.set(l[0], l);
    for (const [code, t] of Object.entries(json.totals.bank.byOutcome)) {
      if (['LATE_BOOKING', 'DEPOSIT_WITHHELD', 'SPLIT_MATCH'].includes(code)) continue;
      const l = byCode.get(code)!;
      expect([l[2], money(l[3])], code).toEqual([String(t.rows), t.amount]);
    }
    for (const [code, t] of Object.entries(json.totals.finance.byOutcome)) {
      const l = byCode.get(code)!;
      expect([l[4], money(l[5])], code).toEqual([String(t.rows), t.amount]);
    }
    const total = byCode.get('TOTAL')!;
    expect([total[2], money(total[3]), total[4], money(total[5])]).toEqual([String(json.totals.bank.rows), json.totals.bank.amount, String(json.totals.finance.rows), json.totals.finance.amount]);
    // The per-bank table names each bank in Chinese beside its code.
    expect(['ABC', 'BOC', 'CCB', 'CMB', 'ICBC'].map((code) => [code, lines.find((l) => l[0] === code)?.[1]])).toEqual([
      ['ABC', '中国农业银行'],
      ['BOC', '中国银行'],
      ['CCB', '中国建设银行'],
      ['CMB', '招商银行'],
      ['ICBC', '中国工商银行'],
    ]);
    const tie = lines.filter((l) => (l[1] ?? '').startsWith('合计 = 已匹配'));
    // The sample statements carry balances, so the report has a 余额调节表.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    const balance = wb.getWorksheet('余额调节表');
    expect(balance).toBeTruthy();
    expect(typeof balance!.getCell('E4').value).toBe('number');
    expect(tie.map((l) => l[6])).toEqual(['相符 ✓', '相符 ✓']);
    // The flags table: rows carrying each flag, as in the JSON.
    for (const [flag, n] of Object.entries(json.totals.flags)) {
      const l = lines.filter((x) => x[0] === flag).pop()!;
      expect(l[2], flag).toBe(String(n));
    }
  }, 200_000);

  it('差异 prints legibly: three pages across per block of rows (bank; finance; explanation), 序号 and 差异类型 on each, every explanation whole; 已匹配 two pages across', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-rc-pdf-'));
    const pages = pdfWords(convertToPdf([report], out)[0]);
    const has = (p: PdfWord[], w: string) => p.some((x) => x.text === w);
    const kindOf = (p: PdfWord[]): string | null => {
      if (!has(p, '序号') || !has(p, '差异类型')) return null;
      if (has(p, '流水号') && !has(p, '财务文件')) return 'bank';
      if (has(p, '财务文件') && has(p, '差额(银行−财务)') && !has(p, '说明')) return 'finance';
      if (has(p, '说明') && has(p, 'Explanation') && has(p, '处理结果')) return 'notes';
      return 'mixed';
    };
    const diff = pages.filter((p) => kindOf(p) !== null);
    expect(diff.length).toBeGreaterThanOrEqual(3);
    expect(diff.map(kindOf)).toEqual(diff.map((_, i) => ['bank', 'finance', 'notes'][i % 3]));
    // Type of about 7.5 pt (10 pt at 75 %): fitted to one page's width it was under 4 pt.
    for (const p of diff) expect(p.find((w) => w.text === '序号')!.h).toBeGreaterThan(8);
    // The 说明 column, page after page, read line by line: each cell's whole text is there (not cut off by its row).
    let printed = '';
    for (const p of diff.filter((x) => kindOf(x) === 'notes')) {
      const from = p.find((w) => w.text === '说明')!.x - 3;
      const to = p.find((w) => w.text === 'Explanation')!.x - 3;
      const words = p.filter((w) => w.x >= from && w.x < to).sort((a, b) => Math.round(a.y) - Math.round(b.y) || a.x - b.x);
      printed += words.map((w) => w.text).join('');
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    const sheet = wb.getWorksheet('差异')!;
    const col = (sheet.getRow(1).values as unknown[]).indexOf('说明');
    const texts: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) texts.push(String(row.getCell(col).value));
    });
    expect(texts.length).toBeGreaterThan(10);
    for (const t of texts) expect(printed).toContain(t.replace(/\s+/g, ''));
    // Nothing runs over into the next column (a long 流水号 or 差异类型 used to, and across the page break onto the
    // finance page): every word ends before the next column's header starts. The page's last column may run to its edge.
    const expectWithinColumns = (p: PdfWord[], what: string) => {
      // The table's header row (序号 / 规则 at its left), not the page's header above it or its footer.
      const top = p.find((w) => w.text === '序号' || w.text === '规则')!.y;
      const footer = p.find((w) => w.text === 'Page')?.y ?? Infinity;
      const lefts = p.filter((w) => Math.abs(w.y - top) < 2).map((w) => w.x).sort((x, y) => x - y);
      for (const w of p.filter((x) => x.y > top - 2 && x.y < footer - 2)) {
        let col = -1;
        while (col + 1 < lefts.length && lefts[col + 1] - 4 <= w.x) col++;
        if (col >= 0 && col < lefts.length - 1) expect(w.x + w.w, `${what} page: ${w.text}`).toBeLessThanOrEqual(lefts[col + 1]);
      }
    };
    for (const p of diff) expectWithinColumns(p, `差异 ${kindOf(p)}`);
    // 已匹配: two pages across, the rule and the bank side, then the finance side, 规则 on both.
    const matched = pages.filter((p) => !has(p, '序号') && has(p, '规则') && (has(p, '银行文件') || has(p, '财务文件')));
    expect(matched.length).toBeGreaterThanOrEqual(2);
    const sideOf = (p: PdfWord[]) => (has(p, '银行文件') && !has(p, '财务文件') ? 'bank' : has(p, '财务文件') && !has(p, '银行文件') ? 'finance' : 'both');
    expect(matched.map(sideOf)).toEqual(matched.map((_, i) => (i % 2 ? 'finance' : 'bank')));
    // Its file names, names, memos and 22-digit 流水号 are whole too: the two 农行 files differ only after
    // "农行_监管户_2026-11-0", where the column used to cut them off.
    for (const p of matched) expectWithinColumns(p, `已匹配 ${sideOf(p)}`);
  }, 200_000);
});

/**
 * The JSON object that starts `text`, as a document shows it: `…` outside strings stands for entries
 * left out, and a string ending in `…` for the rest of the text.
 */
function docExample(text: string): Record<string, unknown> {
  let depth = 0;
  let inString = false;
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++k];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '…') continue;
    out += c;
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) break;
  }
  return JSON.parse(out.replace(/,\s*([}\]])/g, '$1')) as Record<string, unknown>;
}

/** `shown` is `actual` with entries left out at the end: same keys in the same order, same values. */
function expectLike(shown: unknown, actual: unknown, where: string): void {
  if (typeof shown === 'string' && shown.endsWith('…')) {
    expect(String(actual).startsWith(shown.slice(0, -1)), `${where}: ${String(actual)}`).toBe(true);
  } else if (Array.isArray(shown)) {
    expect(Array.isArray(actual), where).toBe(true);
    shown.forEach((v, k) => expectLike(v, (actual as unknown[])[k], `${where}[${k}]`));
  } else if (shown && typeof shown === 'object') {
    const keys = Object.keys(shown);
    expect(Object.keys(actual as object).slice(0, keys.length), where).toEqual(keys);
    for (const k of keys) expectLike((shown as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], `${where}.${k}`);
  } else expect(actual, where).toEqual(shown);
}
