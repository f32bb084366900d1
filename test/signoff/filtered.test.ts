/**
 * A filter is not a change: a manager (or an auditor) filters a signed progress sheet — only the
 * overdue lines (逾期 = 是) — and saves it. Excel then writes the filter's criteria in
 * <autoFilter>, marks the rows it hides hidden="1", sets <sheetPr filterMode="1">, names the
 * range _xlnm._FilterDatabase, and recalculates every SUBTOTAL(9, …) of the 小计 / 合计 rows over
 * the rows left visible. Nobody edited anything: verify must say the content is as signed. An
 * edit under the filter (a loan amount), a 合计 typed over, or a cached subtotal altered without
 * a filter explaining it must still be reported.
 */
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
import { fakeFromXlsx } from './bridge';
import { sheetFilterFacts } from '../../pipeline/signoff/filterFacts';
import { anjie, tempDir } from './helpers';

let dir: string;
let signed: string;
/** The same report before it was signed. */
let unsigned: string;
/** The progress sheet as signed: each cell's value by "G45", formulas as { formula, result }. */
let cells: Map<string, ExcelJS.CellValue>;
let filter: { top: number; bottom: number; ref: string };
let overdueCol: number;
let sheetPart: string;

const colLetter = (c: number) => String.fromCharCode(64 + c);

beforeAll(async () => {
  dir = tempDir();
  expect((await anjie('sample', '--out', dir, '--units', '50')).code).toBe(0);
  signed = path.join(dir, '按揭进度表.xlsx');
  const register = path.join(dir, readdirSync(dir).find((f) => f.startsWith('按揭台账'))!);
  const p = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', signed);
  expect(p.code, p.err).toBe(0);
  unsigned = path.join(dir, 'unsigned.xlsx');
  copyFileSync(signed, unsigned);
  const s = await anjie('signoff', 'sign', signed, '--name', '李四', '--role', '制表');
  expect(s.code, s.err).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(signed);
  const ws = wb.getWorksheet('按揭进度表')!;
  cells = new Map();
  ws.eachRow((row, r) => row.eachCell((cell, c) => void cells.set(`${colLetter(c)}${r}`, cell.value)));
  const zip = await JSZip.loadAsync(readFileSync(signed));
  // the progress sheet's part: the one with the subtotals
  for (const n of Object.keys(zip.files)) if (/^xl\/worksheets\/sheet\d+\.xml$/.test(n) && (await zip.file(n)!.async('string')).includes('SUBTOTAL(9,')) sheetPart = n;
  const ref = /<autoFilter ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"\/>/.exec(await zip.file(sheetPart)!.async('string'))!;
  filter = { top: Number(ref[2]), bottom: Number(ref[4]), ref: `${ref[1]}${ref[2]}:${ref[3]}${ref[4]}` };
  // the 逾期 column, by its header in the filter's first row
  overdueCol = [...cells].filter(([a, v]) => v === '逾期' && Number(a.replace(/[A-Z]+/, '')) === filter.top).map(([a]) => a.charCodeAt(0) - 64)[0];
  expect(overdueCol).toBeGreaterThan(0);
});

function isFormula(v: ExcelJS.CellValue | undefined): v is ExcelJS.CellFormulaValue {
  return !!v && typeof v === 'object' && 'formula' in v;
}

/**
 * Saves the signed workbook filtered to 逾期 = 是 as Excel does; `edit` changes data cells first
 * (address → value), and every SUBTOTAL's cached result is recalculated over the rows left
 * visible, as Excel recalculates them. `override` then sets cached results by hand.
 */
/** Rows (1-based) the filter 逾期 = 是 hides: every row under the header whose 逾期 is not 是. */
function hiddenByFilter(): Set<number> {
  const hidden = new Set<number>();
  for (let r = filter.top + 1; r <= filter.bottom; r++) if (cells.get(`${colLetter(overdueCol)}${r}`) !== '是') hidden.add(r);
  return hidden;
}

async function saveFiltered(name: string, edit: Record<string, number> = {}, override: Record<string, number | string> = {}, base = signed): Promise<string> {
  const values = new Map(cells);
  for (const [a, v] of Object.entries(edit)) values.set(a, v);
  const hidden = hiddenByFilter();
  const zip = await JSZip.loadAsync(readFileSync(base));
  let xml = await zip.file(sheetPart)!.async('string');
  xml = xml.replace(/<row r="(\d+)"/g, (m, r: string) => (hidden.has(Number(r)) ? `${m} hidden="1"` : m));
  // data cells edited: their <v> (numbers only in these tests)
  for (const [a, v] of Object.entries(edit)) xml = xml.replace(new RegExp(`(<c r="${a}"[^>]*>)<v>[^<]*</v>`), `$1<v>${v}</v>`);
  // Excel's recalculation: SUBTOTAL(9, X1:X2) sums the visible rows' numbers, other SUBTOTALs left out
  xml = xml.replace(/(<c r="([A-Z]+\d+)"[^>]*><f>SUBTOTAL\(9,([A-Z]+)(\d+):[A-Z]+(\d+)\)<\/f>)<v>[^<]*<\/v>/g, (_m, head: string, addr: string, col: string, from: string, to: string) => {
    let cents = 0;
    for (let r = Number(from); r <= Number(to); r++) {
      const v = values.get(`${col}${r}`);
      if (!hidden.has(r) && typeof v === 'number') cents += Math.round(v * 100);
    }
    return `${head}<v>${addr in override ? override[addr] : cents / 100}</v>`;
  });
  for (const [a, v] of Object.entries(override)) if (typeof v === 'string') xml = xml.replace(new RegExp(`<c r="${a}"([^>]*)><f>[^<]*</f><v>[^<]*</v>`), `<c r="${a}"$1><v>${v.slice(1)}</v>`);
  xml = xml.replace(`<autoFilter ref="${filter.ref}"/>`, `<autoFilter ref="${filter.ref}"><filterColumn colId="${overdueCol - 1}"><filters><filter val="是"/></filters></filterColumn></autoFilter>`);
  xml = xml.replace('<sheetPr>', '<sheetPr filterMode="1">');
  zip.file(sheetPart, xml);
  const book = (await zip.file('xl/workbook.xml')!.async('string')).replace('<definedNames>', `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">&apos;按揭进度表&apos;!$${filter.ref.replace(/(\d+)/g, '$$$1').replace(':', ':$')}</definedName>`);
  zip.file('xl/workbook.xml', book);
  const out = path.join(dir, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

/** The SUBTOTAL cells of the sheet as signed: address → range rows and column. */
function subtotals(): { addr: string; col: string; from: number; to: number; signed: number }[] {
  const out: { addr: string; col: string; from: number; to: number; signed: number }[] = [];
  for (const [addr, v] of cells) {
    if (!isFormula(v)) continue;
    const m = /^SUBTOTAL\(9,([A-Z]+)(\d+):[A-Z]+(\d+)\)$/.exec(v.formula);
    if (m) out.push({ addr, col: m[1], from: Number(m[2]), to: Number(m[3]), signed: v.result as number });
  }
  return out;
}

describe('a filtered signed sheet (filter applied after signing, as Excel saves it)', () => {
  it('the filter changes what the subtotals hold: the test really filters', async () => {
    const file = await saveFiltered('filtered-check.xlsx');
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file(sheetPart)!.async('string');
    expect(xml).toContain('hidden="1"');
    expect(xml).toContain('<filterColumn');
    // at least one 小计 now holds another figure than the one signed
    const changed = subtotals().filter((s) => !new RegExp(`<c r="${s.addr}"[^>]*><f>[^<]*</f><v>${s.signed}</v>`).test(xml));
    expect(changed.length).toBeGreaterThan(0);
  });

  it('verifies intact, saying a filter changes what the subtotals show (exit 0)', async () => {
    const file = await saveFiltered('filtered.xlsx');
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核有效，内容未改动 / intact');
    expect(v.out).toContain('筛选导致小计显示不同，内容未改动 / a filter changes what the subtotals show; content unchanged');
    expect(v.code).toBe(0);
    const json = JSON.parse((await anjie('signoff', 'verify', file, '--json')).out) as { status: string; filtered: { ref: string }[] };
    expect(json.status).toBe('intact');
    // the 合计 row's loan amounts are among the subtotals put down to the filter
    const total = subtotals().reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    expect(json.filtered.map((c) => c.ref)).toContain(total.addr);
  });

  it('a loan amount edited under the filter is still a change, named by its cell (exit 1)', async () => {
    // a visible (overdue) data row inside a subtotal's range
    const sub = subtotals().find((s) => s.to - s.from < 20)!;
    let row = 0;
    for (let r = sub.from; r <= sub.to && !row; r++) if (cells.get(`${colLetter(overdueCol)}${r}`) === '是' && typeof cells.get(`${sub.col}${r}`) === 'number') row = r;
    expect(row).toBeGreaterThan(0);
    const addr = `${sub.col}${row}`;
    const file = await saveFiltered('filtered-edited.xlsx', { [addr]: (cells.get(addr) as number) + 1000 });
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核后内容已改动 / CHANGED');
    expect(v.out).toMatch(new RegExp(`按揭进度表!${addr}\\s`));
    // its subtotal no longer adds up to the signed figure: a change too, not put down to the filter
    expect(v.out).toMatch(new RegExp(`按揭进度表!${sub.addr}\\s+签核时`));
    // the other subtotals, which the filter alone explains, are said to be so, not listed as changes
    expect(v.out).toContain('只因筛选而显示不同，不计为改动');
    expect(v.code).toBe(1);
  });

  it('a subtotal whose cached figure is not what the filter shows is a change (exit 1)', async () => {
    const sub = subtotals()[0];
    const file = await saveFiltered('filtered-tampered.xlsx', {}, { [sub.addr]: sub.signed - 1 });
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核后内容已改动 / CHANGED');
    expect(v.out).toMatch(new RegExp(`按揭进度表!${sub.addr}\\s+签核时`));
    expect(v.code).toBe(1);
  });

  it('a 合计 typed over as a constant under the filter is a change (exit 1)', async () => {
    const total = subtotals().reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    // what the filter would show, typed in as a number: no formula explains it any more
    const visible = await saveFiltered('filtered-probe.xlsx');
    const shown = /<v>([^<]*)<\/v>/.exec(new RegExp(`<c r="${total.addr}"[^>]*><f>[^<]*</f><v>[^<]*</v>`).exec(await (await JSZip.loadAsync(readFileSync(visible))).file(sheetPart)!.async('string'))![0])![1];
    const file = await saveFiltered('filtered-typed.xlsx', {}, { [total.addr]: `=${shown}` });
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核后内容已改动 / CHANGED');
    expect(v.out).toMatch(new RegExp(`按揭进度表!${total.addr}\\s+签核时`));
    expect(v.code).toBe(1);
  });

  it('a subtotal altered on a sheet without a filter is a change (exit 1)', async () => {
    const sub = subtotals()[0];
    const zip = await JSZip.loadAsync(readFileSync(signed));
    const xml = (await zip.file(sheetPart)!.async('string')).replace(new RegExp(`(<c r="${sub.addr}"[^>]*><f>[^<]*</f>)<v>[^<]*</v>`), `$1<v>${sub.signed - 1}</v>`);
    zip.file(sheetPart, xml);
    const file = path.join(dir, 'unfiltered-tampered.xlsx');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核后内容已改动 / CHANGED');
    expect(v.code).toBe(1);
  });

  it('the manager can sign on (审核) a sheet merely filtered, and it verifies intact after', async () => {
    const file = await saveFiltered('filtered-signed-on.xlsx');
    const s = await anjie('signoff', 'sign', file, '--name', '王五', '--role', '审核');
    expect(s.err).toBe('');
    expect(s.code).toBe(0);
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核有效，内容未改动 / intact');
    expect(v.out).toContain('王五');
    expect(v.code).toBe(0);
  });

  it('signing on a sheet filtered and edited is refused as changed', async () => {
    const sub = subtotals().find((x) => x.to - x.from < 20)!;
    let row = 0;
    for (let r = sub.from; r <= sub.to && !row; r++) if (cells.get(`${colLetter(overdueCol)}${r}`) === '是' && typeof cells.get(`${sub.col}${r}`) === 'number') row = r;
    const addr = `${sub.col}${row}`;
    const file = await saveFiltered('filtered-edited-sign.xlsx', { [addr]: (cells.get(addr) as number) + 1000 });
    const s = await anjie('signoff', 'sign', file, '--name', '王五', '--role', '审核');
    expect(s.code).not.toBe(0);
    expect(s.err).toContain('改动');
  });

  it('verifies intact when the workbook is read with exceljs (a sheet with a hyperlink, which the streaming reader leaves to it)', async () => {
    const file = await saveFiltered('filtered-hyperlink.xlsx');
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file(sheetPart)!.async('string');
    expect(xml).toContain('<pageMargins');
    // an internal link on the title cell: its text is the cell's value, as before
    zip.file(sheetPart, xml.replace('<pageMargins', `<hyperlinks><hyperlink ref="A1" location="&apos;按揭进度表&apos;!A${filter.top}" display="${String(cells.get('A1'))}"/></hyperlinks><pageMargins`));
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核有效，内容未改动 / intact');
    expect(v.out).toContain('筛选导致小计显示不同');
    expect(v.code).toBe(0);
  });

  it('the first signature (制表) of a sheet filtered with rows hidden is refused, naming the sheet and saying to clear the filter; the file is left as it was', async () => {
    const file = await saveFiltered('signed-filtered.xlsx', {}, {}, unsigned);
    const before = readFileSync(file);
    const s = await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表');
    expect(s.code).toBe(2);
    expect(s.err).toContain('按揭进度表');
    expect(s.err).toContain('筛选');
    expect(s.err).toContain('数据 → 清除');
    expect(s.err).toContain('Data → Clear');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect((await anjie('signoff', 'verify', file)).code).toBe(2); // still unsigned
  });

  it('the first signature is refused on a filtered sheet the exceljs reader signs too (a sheet with a hyperlink)', async () => {
    const file = await saveFiltered('signed-filtered-hyperlink.xlsx', {}, {}, unsigned);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file(sheetPart)!.async('string');
    zip.file(sheetPart, xml.replace('<pageMargins', `<hyperlinks><hyperlink ref="A1" location="&apos;按揭进度表&apos;!A${filter.top}" display="${String(cells.get('A1'))}"/></hyperlinks><pageMargins`));
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const s = await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表');
    expect(s.code).toBe(2);
    expect(s.err).toContain('按揭进度表');
    expect(s.err).toContain('数据 → 清除');
  });

  it('the filter cleared, the same sheet signs, with the totals of all rows', async () => {
    const file = await saveFiltered('signed-after-clear.xlsx', {}, {}, unsigned);
    // the filter cleared as Excel does: every row shown, the subtotals back to the sums of all rows
    const zip = await JSZip.loadAsync(readFileSync(file));
    let xml = (await zip.file(sheetPart)!.async('string')).replace(/ hidden="1"/g, '').replace('<sheetPr filterMode="1">', '<sheetPr>').replace(/<autoFilter ref="([^"]*)">[\s\S]*?<\/autoFilter>/, '<autoFilter ref="$1"/>');
    for (const sub of subtotals()) xml = xml.replace(new RegExp(`(<c r="${sub.addr}"[^>]*><f>[^<]*</f>)<v>[^<]*</v>`), `$1<v>${sub.signed}</v>`);
    zip.file(sheetPart, xml);
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    const v = await anjie('signoff', 'verify', file);
    expect(v.out).toContain('签核有效，内容未改动 / intact');
    expect(v.code).toBe(0);
  });

  it('the signed workbook itself is untouched by the test (copy verifies intact, no filter note)', async () => {
    const copy = path.join(dir, 'copy.xlsx');
    copyFileSync(signed, copy);
    const v = await anjie('signoff', 'verify', copy);
    expect(v.code).toBe(0);
    expect(v.out).not.toContain('筛选');
  });
});

describe('the 签核 panel on the same filtered sheet', () => {
  /** The saved file opened in Excel: cached values and formulas (bridge), and the filter's hidden rows and criteria, as Excel holds them. */
  async function openInExcel(file: string, excelApi?: string) {
    const fake = await fakeFromXlsx(file);
    if (excelApi) fake.excelApi = excelApi;
    const sheet = fake.state.sheets.find((s) => s.name === '按揭进度表')!;
    sheet.hiddenRows = new Set([...hiddenByFilter()].map((r) => r - 1));
    const left = filter.ref.charCodeAt(0) - 65;
    const right = filter.ref.split(':')[1].charCodeAt(0) - 65;
    sheet.autoFilter = { box: { row: filter.top - 1, col: left, rows: filter.bottom - filter.top + 1, cols: right - left + 1 }, filtered: true };
    return { fake, host: memoryHost(fake) };
  }

  it('verifies intact, the subtotals put down to the filter, in at most two more round trips', async () => {
    const plain = await fakeFromXlsx(signed);
    const before = plain.stats.syncs;
    expect((await verifyInExcel(memoryHost(plain))).status).toBe('intact');
    const unfilteredSyncs = plain.stats.syncs - before;
    const { fake, host } = await openInExcel(await saveFiltered('panel-filtered.xlsx'));
    const start = fake.stats.syncs;
    const result = await verifyInExcel(host);
    expect(result.status).toBe('intact');
    const total = subtotals().reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    expect(result.status === 'intact' && result.filtered?.map((c) => c.ref)).toContain(total.addr);
    expect(fake.stats.syncs - start).toBeLessThanOrEqual(unfilteredSyncs + 2);
  });

  it('the manager can sign on (审核) in the panel a sheet merely filtered', async () => {
    const { host } = await openInExcel(await saveFiltered('panel-sign-on.xlsx'));
    const rec = await signInExcel(host, { name: '王五', role: '审核' });
    expect(rec.role).toBe('审核');
    expect((await verifyInExcel(host)).status).toBe('intact');
  });

  it('a loan amount edited under the filter is a change in the panel too', async () => {
    const sub = subtotals().find((s) => s.to - s.from < 20)!;
    let row = 0;
    for (let r = sub.from; r <= sub.to && !row; r++) if (cells.get(`${colLetter(overdueCol)}${r}`) === '是' && typeof cells.get(`${sub.col}${r}`) === 'number') row = r;
    const addr = `${sub.col}${row}`;
    const { host } = await openInExcel(await saveFiltered('panel-edited.xlsx', { [addr]: (cells.get(addr) as number) + 1000 }));
    const result = await verifyInExcel(host);
    expect(result.status).toBe('changed');
    const refs = result.status === 'changed' ? result.changes.map((c) => c.ref) : [];
    expect(refs).toContain(addr);
    expect(refs).toContain(sub.addr);
  });

  it('a subtotal whose cached figure is not what the filter shows is a change in the panel', async () => {
    const sub = subtotals()[0];
    const { host } = await openInExcel(await saveFiltered('panel-tampered.xlsx', {}, { [sub.addr]: sub.signed - 1 }));
    const result = await verifyInExcel(host);
    expect(result.status).toBe('changed');
    expect(result.status === 'changed' && result.changes.map((c) => c.ref)).toContain(sub.addr);
  });

  it('the first signature (制表) in the panel of a sheet filtered with rows hidden is refused, naming the sheet, in one more round trip', async () => {
    const plain = await fakeFromXlsx(unsigned);
    const p0 = plain.stats.syncs;
    await signInExcel(memoryHost(plain), { name: '李四', role: '制表' });
    const plainSyncs = plain.stats.syncs - p0;
    const { fake, host } = await openInExcel(await saveFiltered('panel-first-filtered.xlsx', {}, {}, unsigned));
    const start = fake.stats.syncs;
    const err = await signInExcel(host, { name: '李四', role: '制表' }).then(
      () => null,
      (e: unknown) => e as { text: { zh: string; en: string }; fix?: { zh: string; en: string } },
    );
    expect(err).not.toBeNull();
    expect(err!.text.zh).toContain('按揭进度表');
    expect(err!.text.en).toContain('按揭进度表');
    expect(err!.fix?.zh).toContain('数据 → 清除');
    expect(err!.fix?.en).toContain('Data → Clear');
    expect(fake.stats.syncs - start).toBeLessThanOrEqual(plainSyncs);
    expect((await verifyInExcel(host)).status).toBe('unsigned');
  });

  it('the filter check costs the first signature one request (none before ExcelApi 1.9), and signing on none', async () => {
    const signSyncs = async (excelApi: string | undefined, role: '制表' | '审核', file: string) => {
      const fake = await fakeFromXlsx(file);
      if (excelApi) fake.excelApi = excelApi;
      const start = fake.stats.syncs;
      await signInExcel(memoryHost(fake), { name: '王五', role });
      return fake.stats.syncs - start;
    };
    expect(await signSyncs(undefined, '制表', unsigned)).toBe((await signSyncs('1.8', '制表', unsigned)) + 1);
    expect(await signSyncs(undefined, '审核', signed)).toBe(await signSyncs('1.8', '审核', signed));
  });

  it('the first signature in the panel of a sheet with its autofilter but nothing filtered goes through', async () => {
    const fake = await fakeFromXlsx(unsigned);
    const sheet = fake.state.sheets.find((s) => s.name === '按揭进度表')!;
    const left = filter.ref.charCodeAt(0) - 65;
    const right = filter.ref.split(':')[1].charCodeAt(0) - 65;
    sheet.autoFilter = { box: { row: filter.top - 1, col: left, rows: filter.bottom - filter.top + 1, cols: right - left + 1 }, filtered: false };
    expect((await signInExcel(memoryHost(fake), { name: '李四', role: '制表' })).role).toBe('制表');
  });

  it('in an Excel that cannot tell a filter (before ExcelApi 1.9) rows hidden are no proof of one: the first signature goes through', async () => {
    const { host } = await openInExcel(await saveFiltered('panel-first-old-excel.xlsx', {}, {}, unsigned), '1.8');
    expect((await signInExcel(host, { name: '李四', role: '制表' })).role).toBe('制表');
  });

  it('in an Excel that cannot tell a filter (before ExcelApi 1.9, e.g. Excel 2019) the subtotals stay changed, each said possibly the filter', async () => {
    const { host } = await openInExcel(await saveFiltered('panel-old-excel.xlsx'), '1.8');
    const result = await verifyInExcel(host);
    expect(result.status).toBe('changed');
    if (result.status !== 'changed') return;
    const total = subtotals().reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    expect(result.changes.map((c) => c.ref)).toContain(total.addr);
    // every changed cell is a subtotal over hidden rows: each is given the likely cause
    expect(result.filterHints?.map((c) => c.ref).sort()).toEqual(result.changes.map((c) => c.ref).sort());
  });
});

describe('what the CLI reads of a sheet part for the filter check', () => {
  const part = (tail: string) =>
    '<worksheet><sheetPr filterMode="1"/><sheetData>' +
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/></row>' +
    '<row r="2" hidden="1"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>' +
    '<row r="3"><c r="A3" s="1"/><c r="B3"><v>3</v></c></row>' +
    '<row r="4"><c r="A4"><f t="shared" ref="A4:B4" si="0">SUBTOTAL(9,A2:A3)</f><v>0</v></c><c r="B4"><f t="shared" si="0"/><v>3</v></c></row>' +
    '</sheetData>' +
    tail +
    '</worksheet>';

  it('takes a formula from its own cell only (not from a self-closing cell before it), and a shared formula\'s other cells as SUBTOTAL cells without text', () => {
    const f = sheetFilterFacts(part('<autoFilter ref="A1:B4"><filterColumn colId="0"><filters><filter val="x"/></filters></filterColumn></autoFilter>'));
    expect(f.formula(1, 2)).toBeUndefined();
    expect(f.formula(3, 1)).toBeUndefined();
    expect(f.formula(4, 1)).toBe('SUBTOTAL(9,A2:A3)');
    expect(f.formula(4, 2)).toBeUndefined();
    expect(f.isSubtotal(4, 1)).toBe(true);
    expect(f.isSubtotal(4, 2)).toBe(true);
    expect(f.isSubtotal(3, 2)).toBe(false);
    expect([...f.hiddenRows]).toEqual([2]);
    expect(f.filterRows).toEqual({ top: 1, bottom: 4 });
  });

  it('knows no filter where the autofilter has no criteria (rows hidden by hand)', () => {
    expect(sheetFilterFacts(part('<autoFilter ref="A1:B4"/>')).filterRows).toBeNull();
    expect(sheetFilterFacts(part('')).filterRows).toBeNull();
  });
});

