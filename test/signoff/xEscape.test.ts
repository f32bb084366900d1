import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
import { entryBytes, readZipDirectory } from '../../pipeline/read/guards';
import { readWorkbookRecords } from '../../pipeline/signoff/workbook';
import { ZipOut } from '../../pipeline/reconcile/xlsx';
import { fakeFromXlsx, xlsxFromFake } from './bridge';
import { anjie, tempDir } from './helpers';

/**
 * A cell in which someone typed or pasted `_x000D_` (or `_x0041_`) shows that text in Excel, and
 * Excel saves it `_x005F_x000D_`: OOXML reads `_xHHHH_` in a string as the character HHHH, so the
 * underscore is escaped. Signing such a workbook must not turn the text into a carriage return
 * (in the cell, or in the record's copy of the signed text), or verify calls it changed although
 * nobody touched it.
 */

const SHEET = '进度表';
const TYPED = '导入时带出 _x000D_ 字样'; // what the person typed, and Excel shows
const CODE = '代码_x0041_'; // not "代码A"
const RETURN = '回车\r后'; // a real carriage return in a cell, which Excel saves as _x000D_

/** How Excel writes those three texts in xl/sharedStrings.xml. */
const AS_EXCEL_SAVES: Record<string, string> = { TYPED: '导入时带出 _x005F_x000D_ 字样', CODE: '代码_x005F_x0041_', RETURN: '回车_x000D_后' };

/** Copies a zip with some entries' text replaced. */
async function rezip(from: string, to: string, edit: (name: string, text: string) => string): Promise<void> {
  const entries = (await readZipDirectory(from))!;
  const zip = new ZipOut(to);
  for (const e of entries) {
    const bytes = await entryBytes(from, e);
    if (e.name.endsWith('.xml')) await zip.file(e.name, edit(e.name, bytes.toString('utf8')));
    else await zip.file(e.name, bytes);
  }
  await zip.close();
}

/**
 * The workbook as Excel saves it: the three texts as shared strings, escaped as Excel escapes them,
 * and a signature block. With `hyperlink`, a link cell too, which the streaming reader leaves to
 * exceljs: the workbook is then signed through exceljs's load and save.
 */
async function excelWorkbook(file: string, hyperlink: boolean, withReturn = true): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.getCell('A1').value = '备注';
  ws.getCell('A2').value = 'TYPED';
  ws.getCell('B2').value = 'CODE';
  if (withReturn) ws.getCell('C2').value = 'RETURN';
  if (hyperlink) ws.getCell('D2').value = { text: '银行回单', hyperlink: 'https://example.com/r/1' };
  ws.getCell('A4').value = '制表：';
  ws.getCell('C4').value = '审核：';
  ws.getCell('E4').value = '日期：';
  const plain = `${file}.plain.xlsx`;
  await wb.xlsx.writeFile(plain);
  await rezip(plain, file, (name, text) => (name === 'xl/sharedStrings.xml' ? text.replace(/<t>(TYPED|CODE|RETURN)<\/t>/g, (_m, k: string) => `<t>${AS_EXCEL_SAVES[k]}</t>`) : text));
}

async function cellTexts(file: string): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(SHEET)!;
  const text = (v: ExcelJS.CellValue) => (v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v); // LibreOffice saves runs
  return ['A2', 'B2', 'C2'].map((a) => text(ws.getCell(a).value)).filter((x) => x !== null);
}

function libreOfficeResave(file: string, dir: string): string | null {
  try {
    execFileSync('which', ['soffice'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const out = path.join(dir, 'lo');
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'xlsx', '--outdir', out, file], { stdio: 'ignore', timeout: 120_000 });
  const saved = path.join(out, path.basename(file));
  return existsSync(saved) ? saved : null;
}

describe('a cell holding `_x000D_` as typed text (Excel saves it _x005F_x000D_)', () => {
  for (const hyperlink of [false, true]) {
    const way = hyperlink ? 'signed through exceljs (a workbook with a link)' : 'signed streamed';
    it(`${way}: verifies intact, the cells keep their text, and an edit of that cell is named`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'notes.xlsx');
      await excelWorkbook(file, hyperlink);
      expect(await cellTexts(file)).toEqual([TYPED, CODE, RETURN]); // the workbook reads as Excel shows it
      const s = await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表');
      expect(s.code, s.err).toBe(0);
      expect(await cellTexts(file)).toEqual([TYPED, CODE, RETURN]); // signing changed no cell
      const v = await anjie('signoff', 'verify', file);
      expect(v.code, v.out + v.err).toBe(0);
      expect(v.out).toContain('签核有效，内容未改动 / intact');
      // a second signer signs on the same content
      const r = await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核');
      expect(r.code, r.err).toBe(0);

      // Someone changes the typed _x000D_ into _x000A_ in Excel (saved _x005F_x000A_): that cell is named, with both texts.
      const edited = path.join(dir, 'edited.xlsx');
      await rezip(file, edited, (name, text) => (name === 'xl/sharedStrings.xml' ? text.replace('_x005F_x000D_ 字样', '_x005F_x000A_ 字样') : text));
      const c = await anjie('signoff', 'verify', edited);
      expect(c.code).toBe(1);
      expect(c.out).toContain('签核后内容已改动 / CHANGED');
      expect(c.out).toContain('改动的单元格 changed cells: 1');
      expect(c.out).toContain(`${SHEET}!A2  签核时 signed s:"导入时带出 _x000D_ 字样"  →  现在 now s:"导入时带出 _x000A_ 字样"`);
    });
  }

  it('the record\'s copy of the signed text, read as Excel and the add-in read it (every _xHHHH_ of the sheet\'s strings decoded), holds the text as typed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.xlsx');
    await excelWorkbook(file, false);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    const entries = (await readZipDirectory(file))!;
    let record = '';
    for (const e of entries) {
      const xml = (await entryBytes(file, e)).toString('utf8');
      if (e.name.startsWith('xl/worksheets/') && xml.includes('指纹 SHA-256')) record = xml;
    }
    const texts = [...record.matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((m) => m[1].replace(/_x([0-9A-Fa-f]{4})_/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)))).join('');
    expect(texts).toContain(`'${SHEET}'!A2\ts\t${TYPED}\n`);
    expect(texts).toContain(`'${SHEET}'!B2\ts\t${CODE}\n`);
    expect(texts).toContain(`'${SHEET}'!C2\ts\t回车\\r后\n`); // the canonical text writes a CR as \r
  });

  it('the add-in (Office.js gives the text as shown) and the CLI sign the same fingerprint, and each verifies what the other signed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.xlsx');
    await excelWorkbook(file, false);
    const fake = await fakeFromXlsx(file);
    expect(fake.sheet(SHEET).cell(1, 0)?.v).toBe(TYPED);
    const rec = await signInExcel(memoryHost(fake), { name: '李四', role: '制表', sheets: [SHEET], now: '2026-11-23T10:00:00' });
    const addinSigned = path.join(dir, 'addin.xlsx');
    await xlsxFromFake(fake, addinSigned);
    const v = await anjie('signoff', 'verify', addinSigned);
    expect(v.code, v.out + v.err).toBe(0);

    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    expect((await readWorkbookRecords(file))[0].fingerprint).toBe(rec.fingerprint);
    const back = await verifyInExcel(memoryHost(await fakeFromXlsx(file)));
    expect(back.status).toBe('intact');
  });

  it('the signed workbook opened and saved in an office suite (LibreOffice) still verifies intact: the record\'s copy of the text is read as written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.xlsx');
    await excelWorkbook(file, false, false); // LibreOffice keeps a carriage return as a line feed: not what this is about
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    const saved = libreOfficeResave(file, dir);
    if (!saved) return; // no LibreOffice on this machine
    expect(await cellTexts(saved)).toEqual([TYPED, CODE]);
    const v = await anjie('signoff', 'verify', saved);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('签核有效，内容未改动 / intact');
  }, 180_000);
});
