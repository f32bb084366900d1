import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { entryBytes, readZipDirectory } from '../../pipeline/read/guards';
import { S, XlsxWriter, ZipOut } from '../../pipeline/reconcile/xlsx';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { anjie } from '../helpers/cli';
import { excelSheet } from '../helpers/excelReads';
import { convertToCsv, readCsv } from '../templates/libreoffice';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';

/**
 * OOXML reads `_xHHHH_` in a cell's string as the character U+HHHH. A bank memo or a journal 摘要
 * that holds `_x000D_` literally (a bank system that wrote its own line breaks out so) must show in
 * the report as the bank and the books have it, in Excel and LibreOffice as in exceljs, not as a
 * line break; `_x0041_` not as "A".
 */

const MEMO_MATCHED = '按揭放款_x000D_3-2-1501';
const MEMO_OPEN = '回单_x000D_备注_x0041_';
const SUMMARY_OPEN = '收王五按揭款_x000D_';

const BANK: BankIn[] = [
  { ref: 'B1', amount: '800000.00', name: '张三', memo: MEMO_MATCHED },
  { ref: 'B2', amount: '500000.00', name: '李四', memo: MEMO_OPEN },
];
const FINANCE: VoucherIn[] = [
  { voucher: '记-1', amount: '800000.00', customer: '张三', unit: '3-2-1501', summary: '收3-2-1501张三按揭款' },
  { voucher: '记-2', amount: '300000.00', customer: '王五', unit: '3-2-1601', summary: SUMMARY_OPEN },
];

/** The column under `header` (row 1) of a sheet read by excelSheet or exceljs. */
function column(rows: readonly (readonly unknown[])[], header: string): unknown[] {
  const k = rows[0].indexOf(header);
  expect(k, header).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r?.[k]);
}

/** A sheet's cells as exceljs reads them, rich text joined. */
async function exceljsSheet(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.getWorksheet(sheet)!.eachRow((row, n) => {
    const r: unknown[] = [];
    row.eachCell((cell, c) => {
      const v = cell.value;
      r[c - 1] = v && typeof v === 'object' && 'richText' in v ? v.richText.map((x) => x.text).join('') : v;
    });
    rows[n - 1] = r;
  });
  return rows;
}

function hasLibreOffice(): boolean {
  try {
    execFileSync('which', ['soffice'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('a bank memo or journal 摘要 holding `_x000D_` or `_x0041_` as text', () => {
  it('shows as the bank and the books have it on 已匹配 and 差异, in Excel as in exceljs, and the JSON and _anjie_open carry the same text', async () => {
    const s = await scenario({ bank: BANK, finance: FINANCE });
    expect([s.bank('B1').outcome, s.bank('B2').outcome, s.fin('记-2').outcome]).toEqual(['MATCHED', 'MISSING_IN_FINANCE', 'MISSING_IN_BANK']);
    for (const read of [excelSheet, exceljsSheet]) {
      expect(column(await read(s.out, '已匹配'), '银行摘要'), read.name).toEqual([MEMO_MATCHED]);
      const diff = await read(s.out, '差异');
      expect(column(diff, '银行摘要'), read.name).toContain(MEMO_OPEN);
      expect(column(diff, '财务摘要'), read.name).toContain(SUMMARY_OPEN);
      // Next month's --previous reads the open items from _anjie_open; a person may have opened and saved it in Excel.
      const open = column([['json'], ...(await read(s.out, '_anjie_open')).slice(1)], 'json').map((j) => JSON.parse(j as string) as { text: string });
      expect(open.map((o) => o.text), read.name).toEqual([`${MEMO_OPEN} 李四`, SUMMARY_OPEN]);
    }
    // The JSON report's open items carry the same texts (a statement row's text: its memo, then the counterparty).
    expect(s.json.open.map((o) => o.text)).toEqual([`${MEMO_OPEN} 李四`, SUMMARY_OPEN]);
    // December's run given the workbook as --previous carries them on as they were.
    const dec = await scenario({ bank: [{ ref: 'B3', date: '2026-12-02', amount: '600000.00', name: '赵六', memo: '按揭放款' }], finance: [{ voucher: '记-9', date: '2026-12-02', amount: '600000.00', customer: '赵六', unit: '3-2-1701' }], period: '2026-12', args: ['--previous', s.out] });
    expect(dec.json.open.filter((o) => o.period === '2026-11').map((o) => o.text)).toEqual([`${MEMO_OPEN} 李四`, SUMMARY_OPEN]);
  });

  it('a carriage return and `_x…_` texts of a shared column read back as written, in Excel as in exceljs', async () => {
    const texts = ['导入时带出 _x000D_ 字样', '代码_x0041_', '小写_x000d_', '回车\r后', ' _x0020_ 边上有空格 ', '_x005F_x000D_', 'a & <b> _x0026_'];
    const file = path.join(await tempDir(), 'x.xlsx');
    const wb = new XlsxWriter(file);
    const ws = await wb.sheet({ name: '表', cols: [{ width: 20, shared: true }, { width: 20 }, { width: 20, style: S.wrap }] });
    await ws.row(['shared', 'inline', 'wrap']);
    for (const t of texts) await ws.row([t, t, t]);
    await ws.end();
    await wb.close();
    for (const read of [excelSheet, exceljsSheet]) {
      const rows = await read(file, '表');
      for (const h of ['shared', 'inline', 'wrap']) expect(column(rows, h), `${read.name} ${h}`).toEqual(texts);
    }
  });

  it.runIf(hasLibreOffice())(
    'LibreOffice shows the texts as written, and a report re-saved in LibreOffice carries them into next month',
    async () => {
      const s = await scenario({ bank: BANK, finance: FINANCE });
      const dir = path.join(s.dir, 'lo');
      const sheets = convertToCsv([s.out], path.join(dir, 'csv')).get(s.out)!;
      expect(column(readCsv(sheets.get('已匹配')!), '银行摘要')).toEqual([MEMO_MATCHED]);
      const diff = readCsv(sheets.get('差异')!);
      expect(column(diff, '银行摘要')).toContain(MEMO_OPEN);
      expect(column(diff, '财务摘要')).toContain(SUMMARY_OPEN);

      // Opened and saved in LibreOffice (as after 处理人 was typed), then given to December's run.
      const resaved = path.join(dir, 'resaved');
      execFileSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', resaved, s.out], { stdio: 'ignore', timeout: 180_000 });
      const previous = path.join(resaved, 'report.xlsx');
      await fs.access(previous);
      const dec = await scenario({
        bank: [{ ref: 'B3', date: '2026-12-02', amount: '600000.00', name: '赵六', memo: '按揭放款' }],
        finance: [{ voucher: '记-9', date: '2026-12-02', amount: '600000.00', customer: '赵六', unit: '3-2-1701' }],
        period: '2026-12',
        args: ['--previous', previous],
      });
      const carried = dec.json.open.filter((o) => o.period === '2026-11');
      expect(carried.map((o) => o.text)).toContain(`${MEMO_OPEN} 李四`);
    },
    240_000,
  );
});

/** Copies a zip with its worksheets' XML edited. */
async function rezip(from: string, to: string, edit: (name: string, xml: string) => string): Promise<void> {
  const zip = new ZipOut(to);
  for (const e of (await readZipDirectory(from))!) {
    const bytes = await entryBytes(from, e);
    await zip.file(e.name, e.name.startsWith('xl/worksheets/') ? edit(e.name, bytes.toString('utf8')) : bytes);
  }
  await zip.close();
}

/**
 * The report as the writer wrote it before texts were escaped: each text as a plain inline string,
 * `_x000D_` as it is (which Excel and LibreOffice read as a line break).
 */
const unescaped = (_name: string, xml: string) =>
  xml.replace(/<is><r><t xml:space="preserve">([^<]*)<\/t><\/r><\/is>/g, (_m, t: string) => `<is><t>${t.replace(/_x(005F|000D)_/g, (_x, h: string) => (h === '005F' ? '_' : '\r'))}</t></is>`);

/** A link on 汇总!A1 (as a manager might add): the signer then loads and saves the workbook through exceljs instead of streaming it. */
const withLink = (name: string, xml: string) => (name === 'xl/worksheets/sheet1.xml' ? xml.replace('<pageMargins', `<hyperlinks><hyperlink ref="A1" location="'差异'!A1" display="差异"/></hyperlinks><pageMargins`) : xml);

describe('the report with such texts, signed (anjie signoff sign)', () => {
  for (const way of ['streamed', 'through exceljs (the report has a link)'] as const) {
    it(`verifies intact and keeps the texts, ${way}`, async () => {
      const s = await scenario({ bank: BANK, finance: FINANCE });
      const report = path.join(s.dir, '对账报告.xlsx');
      if (way === 'streamed') await fs.copyFile(s.out, report);
      else await rezip(s.out, report, withLink);
      const signed = await anjie('signoff', 'sign', report, '--name', '李会计', '--role', '制表');
      expect(signed.code, signed.out + signed.err).toBe(0);
      // exceljs saves every text in the shared-strings table; the streamed signer copies the sheets as they were.
      expect((await readZipEntry(report, 'xl/sharedStrings.xml'))?.includes('回单_x005F_x000D_备注_x005F_x0041_') ?? false).toBe(way !== 'streamed');
      const v = await anjie('signoff', 'verify', report);
      expect(v.code, v.out + v.err).toBe(0);
      expect(v.out).toContain('签核有效，内容未改动 / intact');
      expect(column(await excelSheet(report, '差异'), '银行摘要')).toContain(MEMO_OPEN);
      expect(column(await excelSheet(report, '已匹配'), '银行摘要')).toEqual([MEMO_MATCHED]);
    });

    it(`a report written before the texts were escaped, signed, still verifies intact, ${way}`, async () => {
      const s = await scenario({ bank: BANK, finance: FINANCE });
      const old = path.join(s.dir, '旧报告.xlsx');
      await rezip(s.out, old, way === 'streamed' ? unescaped : (name, xml) => withLink(name, unescaped(name, xml)));
      // It is the old report: Excel read its memo with a line break.
      expect(column(await excelSheet(old, '已匹配'), '银行摘要')).toEqual(['按揭放款\r3-2-1501']);
      const signed = await anjie('signoff', 'sign', old, '--name', '李会计', '--role', '制表');
      expect(signed.code, signed.out + signed.err).toBe(0);
      const v = await anjie('signoff', 'verify', old);
      expect(v.code, v.out + v.err).toBe(0);
      expect(v.out).toContain('签核有效，内容未改动 / intact');
    });
  }
});
