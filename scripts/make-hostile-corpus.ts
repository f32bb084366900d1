/**
 * Builds the hostile-file corpus in test/fixtures/hostile/ — bad and odd bank/finance files,
 * each small, made the same way on every run (no randomness without a fixed seed, fixed
 * workbook timestamps). The behaviour each file must get is in expectations.json (written by
 * hand, not by this script).
 *
 *   npx tsc --outDir lib/hostile --module commonjs --target es2022 --esModuleInterop --resolveJsonModule \
 *     --skipLibCheck --strict --rootDir . scripts/make-hostile-corpus.ts && node lib/hostile/scripts/make-hostile-corpus.js
 *
 * The legacy .xls is converted from an .xlsx with LibreOffice (soffice) when it is installed;
 * otherwise the committed copy is kept.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'hostile');
const FIXED = new Date(Date.UTC(2000, 0, 1));

// ------------------------------------------------------------------ zip (read and write)

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array, prev = 0): number {
  let c = ~prev >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

interface ZipIn {
  name: string;
  data: Buffer;
}
interface ZipRaw {
  name: string;
  compressed: Buffer;
  crc: number;
  size: number;
}

function readZip(buf: Buffer): ZipIn[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipIn[] = [];
  for (let k = 0; k < count; k++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lName = buf.readUInt16LE(local + 26);
    const lExtra = buf.readUInt16LE(local + 28);
    const start = local + 30 + lName + lExtra;
    const raw = buf.subarray(start, start + csize);
    out.push({ name, data: method === 0 ? Buffer.from(raw) : zlib.inflateRawSync(raw) });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

function deflated(e: ZipIn): ZipRaw {
  return { name: e.name, compressed: zlib.deflateRawSync(e.data, { level: 9 }), crc: crc32(e.data), size: e.data.length };
}

function writeZip(entries: ZipRaw[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(8, 8);
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x2821, 12); // 2000-01-01
    lh.writeUInt32LE(e.crc, 14);
    lh.writeUInt32LE(e.compressed.length, 18);
    lh.writeUInt32LE(e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x2821, 14);
    ch.writeUInt32LE(e.crc, 16);
    ch.writeUInt32LE(e.compressed.length, 20);
    ch.writeUInt32LE(e.size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.compressed);
    centrals.push(ch, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Rewrite parts of an .xlsx (exceljs output) with `edit(name, text)`. */
function editXlsx(buf: Buffer, edit: (name: string, text: string) => string): Buffer {
  const entries = readZip(buf).map((e) => (e.name.endsWith('.xml') || e.name.endsWith('.rels') ? { name: e.name, data: Buffer.from(edit(e.name, e.data.toString('utf8')), 'utf8') } : e));
  return writeZip(entries.map(deflated));
}

// ------------------------------------------------------------------ compound file (encrypted OOXML)

/** A minimal OLE compound file holding EncryptionInfo and EncryptedPackage streams, as Office writes an encrypted .xlsx. */
function encryptedOoxml(): Buffer {
  const SECT = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FATSECT = 0xfffffffd;
  const info = Buffer.alloc(4096);
  info.writeUInt16LE(4, 0); // agile encryption, version 4.4
  info.writeUInt16LE(4, 2);
  info.writeUInt32LE(0x40, 4);
  info.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>', 8, 'utf8');
  const pkg = Buffer.alloc(4096);
  pkg.writeUInt32LE(4000, 0); // declared plaintext size
  for (let i = 8; i < pkg.length; i++) pkg[i] = (i * 131 + 7) & 0xff; // stands in for ciphertext
  const header = Buffer.alloc(SECT);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(0, 40); // directory sectors (0 for version 3)
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(END, 60);
  header.writeUInt32LE(0, 64);
  header.writeUInt32LE(END, 68);
  header.writeUInt32LE(0, 72);
  header.writeUInt32LE(0, 76); // DIFAT[0] = FAT in sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREE, 76 + i * 4);
  const fat = Buffer.alloc(SECT, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(END, 4);
  for (let s = 2; s < 10; s++) fat.writeUInt32LE(s === 9 ? END : s + 1, s * 4);
  for (let s = 10; s < 18; s++) fat.writeUInt32LE(s === 17 ? END : s + 1, s * 4);
  const dir = Buffer.alloc(SECT);
  const entry = (i: number, name: string, type: number, left: number, right: number, child: number, start: number, size: number) => {
    const o = i * 128;
    const n = Buffer.from(name + '\0', 'utf16le');
    n.copy(dir, o);
    dir.writeUInt16LE(n.length, o + 64);
    dir[o + 66] = type;
    dir[o + 67] = 1;
    dir.writeUInt32LE(left, o + 68);
    dir.writeUInt32LE(right, o + 72);
    dir.writeUInt32LE(child, o + 76);
    dir.writeUInt32LE(start, o + 116);
    dir.writeUInt32LE(size, o + 120);
  };
  entry(0, 'Root Entry', 5, FREE, FREE, 1, END, 0);
  entry(1, 'EncryptionInfo', 2, FREE, 2, FREE, 2, info.length);
  entry(2, 'EncryptedPackage', 2, FREE, FREE, FREE, 10, pkg.length);
  for (let o = 3 * 128; o < SECT; o += 128) {
    dir.writeUInt32LE(FREE, o + 68);
    dir.writeUInt32LE(FREE, o + 72);
    dir.writeUInt32LE(FREE, o + 76);
  }
  return Buffer.concat([header, fat, dir, info, pkg]);
}

// ------------------------------------------------------------------ content

const CMB_HEADER = ['交易日期', '交易时间', '交易金额', '账户余额', '交易类型', '对方户名', '对方账号', '摘要', '流水号'];

interface Row {
  date: string;
  time: string;
  amount: string;
  balance: string;
  name: string;
  account: string;
  memo: string;
  ref: string;
}

/** Five disbursement credits to the developer's escrow account (the shared base of most files). */
const BASE: Row[] = [
  { date: '2026-03-02', time: '10:15:00', amount: '680000.00', balance: '1680000.00', name: '招商银行个人贷款中心', account: '755900001110401', memo: '按揭放款 张伟 3-2-1501', ref: 'CMB2026030200001' },
  { date: '2026-03-05', time: '11:20:00', amount: '450000.00', balance: '2130000.00', name: '招商银行个人贷款中心', account: '755900001110401', memo: '按揭放款 李娜 3-2-1502', ref: 'CMB2026030500002' },
  { date: '2026-03-09', time: '09:05:30', amount: '1200000.00', balance: '3330000.00', name: '招商银行个人贷款中心', account: '755900001110401', memo: '按揭放款 王强 5-1-0801', ref: 'CMB2026030900003' },
  { date: '2026-03-16', time: '14:40:00', amount: '380000.00', balance: '3710000.00', name: '深圳市住房公积金管理中心', account: '443066001018010001234', memo: '公积金放款 赵敏 5-1-0802', ref: 'CMB2026031600004' },
  { date: '2026-03-23', time: '16:00:00', amount: '520000.00', balance: '4230000.00', name: '招商银行个人贷款中心', account: '755900001110401', memo: '按揭放款 陈杰 6-2-1203', ref: 'CMB2026032300005' },
];

function csvRow(cells: string[], delim = ','): string {
  return cells.map((c) => (c.includes(delim) || c.includes('"') || c.includes('\n') || c.includes('\r') ? `"${c.replace(/"/g, '""')}"` : c)).join(delim);
}

function cmbLine(r: Row): string[] {
  return [r.date, r.time, r.amount, r.balance, '汇入', r.name, r.account, r.memo, r.ref];
}

function cmbCsv(rows: Row[], opts: { eol?: string; delim?: string; title?: boolean } = {}): string {
  const eol = opts.eol ?? '\r\n';
  const d = opts.delim ?? ',';
  const lines = [];
  if (opts.title !== false) lines.push(csvRow(['招商银行交易明细'], d), csvRow(['账号：755912345610801', '户名：深圳某某置业有限公司'], d));
  lines.push(csvRow(CMB_HEADER, d), ...rows.map((r) => csvRow(cmbLine(r), d)));
  return lines.join(eol) + eol;
}

function write(name: string, data: string | Buffer): void {
  fs.writeFileSync(path.join(OUT, name), data);
}

const CCB_HEADER = ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'];

function ccbCells(r: Row): (string | number | null)[] {
  return [`${r.date} ${r.time}`, null, Number(r.amount), Number(r.balance), '人民币', r.name, r.account, '招商银行深圳分行', r.date.replace(/-/g, ''), r.memo, null, r.ref];
}

function newBook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anjie hostile corpus';
  wb.created = FIXED;
  wb.modified = FIXED;
  return wb;
}

function ccbSheet(wb: ExcelJS.Workbook, name: string, rows: Row[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(['中国建设银行单位客户账户交易明细']);
  ws.addRow(['账号', '44250100003800001234']);
  ws.addRow(['账户名称', '深圳某某置业有限公司']);
  ws.addRow(CCB_HEADER);
  for (const r of rows) ws.addRow(ccbCells(r));
  return ws;
}

async function xlsxBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  // Re-zip with fixed entry times so the bytes are the same on every run.
  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  return editXlsx(raw, (_n, t) => t);
}

async function writeBook(name: string, wb: ExcelJS.Workbook): Promise<Buffer> {
  const buf = await xlsxBuffer(wb);
  write(name, buf);
  return buf;
}

/** A deterministic byte stream (xorshift32). */
function pseudoRandomBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/** An .xlsx whose one sheet is `uncompressedBytes` of repeated rows, deflated to a few hundred KiB. */
async function zipBomb(uncompressedBytes: number, declaredBytes?: number): Promise<Buffer> {
  const base = readZip(await xlsxBuffer((() => {
    const wb = newBook();
    ccbSheet(wb, '明细', BASE.slice(0, 1));
    return wb;
  })()));
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const tail = '</sheetData></worksheet>';
  const row = '<row><c t="inlineStr"><is><t>按揭放款</t></is></c><c><v>680000</v></c></row>';
  // Mostly white space between rows (valid XML) — deflate packs it a thousand to one.
  const block = Buffer.from(row + ' '.repeat((1 << 20) - Buffer.byteLength(row)), 'utf8');
  const deflate = zlib.createDeflateRaw({ level: 9, memLevel: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<void>((r) => deflate.on('end', () => r()));
  let crc = 0;
  let size = 0;
  const feed = async (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise<void>((r) => deflate.once('drain', () => r()));
  };
  await feed(Buffer.from(head, 'utf8'));
  while (size + block.length < uncompressedBytes) await feed(block);
  await feed(Buffer.from(tail, 'utf8'));
  deflate.end();
  await done;
  // declaredBytes: a directory that lies about the size (readers trusting it would expand it all).
  const entries = base.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, compressed: Buffer.concat(parts), crc, size: declaredBytes ?? size } : deflated(e)));
  return writeZip(entries);
}

const KINGDEE_HEADER = ['日期', '凭证字号', '摘要', '科目代码', '科目名称', '借方金额', '贷方金额', '辅助核算', '制单人'];

function journalBook(rows: (string | number | null | ExcelJS.CellValue)[][]): ExcelJS.Workbook {
  const wb = newBook();
  const ws = wb.addWorksheet('序时账');
  ws.addRow(['序时账']);
  ws.addRow(['核算单位：深圳某某置业有限公司', '期间：2026-03-01 至 2026-03-31']);
  ws.addRow(KINGDEE_HEADER);
  for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]);
  return wb;
}

function journalRowsFor(rows: Row[]): (string | number | null)[][] {
  const out: (string | number | null)[][] = [];
  rows.forEach((r, i) => {
    const [, buyer, unit] = r.memo.split(' ');
    const v = `记-${String(i + 1).padStart(4, '0')}`;
    out.push([r.date, v, `收${buyer}按揭款 ${unit}`, '1002.01', '银行存款-招行监管户', Number(r.amount), null, `客户:${buyer};房号:${unit}`, '刘会计']);
    out.push([r.date, v, `收${buyer}按揭款 ${unit}`, '2203', '合同负债', null, Number(r.amount), `客户:${buyer};房号:${unit}`, '刘会计']);
  });
  return out;
}

// ------------------------------------------------------------------ the corpus

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const base = cmbCsv(BASE);

  // A good pair to run reconcile with: the other file when one input is broken (--keep-going).
  write('good-statement.csv', base);
  await writeBook('good-journal.xlsx', journalBook(journalRowsFor(BASE)));

  // --- containers
  write('not-a-zip.xlsx', pseudoRandomBytes(4096, 9));
  const good = await writeBook('good-statement.xlsx', (() => {
    const wb = newBook();
    ccbSheet(wb, '交易明细', BASE);
    return wb;
  })());
  write('truncated.xlsx', good.subarray(0, Math.floor(good.length * 0.6)));
  {
    // Bytes damaged inside the compressed sheet data (the zip's directory is intact).
    const damaged = Buffer.from(good);
    const at = Math.floor(damaged.length * 0.3);
    for (let k = 0; k < 40; k++) damaged[at + k] ^= 0x5a;
    write('damaged-deflate.xlsx', damaged);
  }
  write('zip-bomb.xlsx', await zipBomb(600 * 1024 * 1024));
  write('zip-bomb-understated.xlsx', await zipBomb(600 * 1024 * 1024, 6_000));
  write('dimension-xfd1048576.xlsx', editXlsx(good, (n, t) => (n === 'xl/worksheets/sheet1.xml' ? t.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>') : t)));
  write('encrypted.xlsx', encryptedOoxml());
  write('empty.xlsx', Buffer.alloc(0));
  write('empty.csv', Buffer.alloc(0));
  write('bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a]));
  write('zip-not-workbook.xlsx', writeZip([deflated({ name: 'readme.txt', data: Buffer.from('这是一个压缩包，不是工作簿\n', 'utf8') }), deflated({ name: '流水.csv', data: Buffer.from(base, 'utf8') })]));
  write('pdf-renamed.xlsx', Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 2000 /Filter /FlateDecode >>\nstream\n', 'latin1'), zlib.deflateSync(pseudoRandomBytes(3000, 77)), Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]));

  // --- headers
  await writeBook('header-only.xlsx', (() => {
    const wb = newBook();
    ccbSheet(wb, '交易明细', []);
    return wb;
  })());
  write('no-header.csv', ['这是一份会议纪要', '时间,地点,人员', '三月,三楼,张三 李四', '结论,待定,无'].join('\r\n') + '\r\n');
  write('duplicate-headers.csv', [csvRow([...CMB_HEADER.slice(0, 3), '交易金额', ...CMB_HEADER.slice(3)]), ...BASE.map((r) => csvRow([r.date, r.time, r.amount, '0.00', ...cmbLine(r).slice(3)]))].join('\r\n') + '\r\n');
  await writeBook('merged-header.xlsx', (() => {
    const wb = newBook();
    const ws = wb.addWorksheet('明细');
    ws.addRow(['交易日期', '摘要', '对方户名', '发生额', null, '余额']);
    ws.addRow([null, null, null, '借方', '贷方', null]);
    ws.mergeCells('D1:E1');
    ws.mergeCells('A1:A2');
    ws.mergeCells('B1:B2');
    ws.mergeCells('C1:C2');
    ws.mergeCells('F1:F2');
    ws.addRow(['2026-03-02', '按揭放款 张伟 3-2-1501', '招商银行个人贷款中心', null, 680000, 1680000]);
    ws.addRow(['2026-03-03', '手续费', '招商银行', 50, null, 1679950]);
    ws.addRow(['2026-03-05', '按揭放款 李娜 3-2-1502', '招商银行个人贷款中心', null, 450000, 2129950]);
    return wb;
  })());

  // --- cell contents
  await writeBook('formulas.xlsx', (() => {
    const wb = newBook();
    const ws = ccbSheet(wb, '交易明细', BASE.slice(0, 3));
    ws.getCell('C5').value = { formula: '600000+80000', result: 680000 } as ExcelJS.CellFormulaValue; // cached value
    ws.getCell('C6').value = { formula: 'C5-230000' } as ExcelJS.CellFormulaValue; // no cached value
    return wb;
  })());
  await writeBook('error-cells.xlsx', (() => {
    const wb = newBook();
    const ws = ccbSheet(wb, '交易明细', BASE.slice(0, 4));
    ws.getCell('C6').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('C7').value = { error: '#VALUE!' } as ExcelJS.CellErrorValue;
    return wb;
  })());
  write('text-amounts.csv', cmbCsv([BASE[0], { ...BASE[1], amount: '壹万元' }, { ...BASE[2], amount: '1.2.3' }, { ...BASE[3], amount: '12,34.5' }, BASE[4]]));
  await writeBook('date1904.xlsx', (() => {
    const wb = newBook();
    wb.properties.date1904 = true;
    const ws = ccbSheet(wb, '交易明细', BASE.slice(0, 3));
    BASE.slice(0, 3).forEach((r, i) => {
      const serial1900 = (Date.UTC(+r.date.slice(0, 4), +r.date.slice(5, 7) - 1, +r.date.slice(8, 10)) - Date.UTC(1899, 11, 30)) / 86_400_000;
      const c = ws.getCell(5 + i, 1);
      c.value = serial1900 - 1462; // the 1904 system counts from 1904-01-01
      c.numFmt = 'yyyy-mm-dd';
    });
    return wb;
  })());
  write(
    'text-dates.csv',
    cmbCsv([
      { ...BASE[0], date: '2026-03-02' },
      { ...BASE[1], date: '2026/03/05' },
      { ...BASE[2], date: '2026.03.09' },
      { ...BASE[3], date: '20260316' },
      { ...BASE[4], date: '2026年3月23日' },
      { ...BASE[0], date: '03-11-2026', ref: 'CMB-AMBIG-1' },
      { ...BASE[1], date: '11/03/2026', ref: 'CMB-AMBIG-2' },
      { ...BASE[2], date: '2026-02-30', ref: 'CMB-BADDAY' },
    ]),
  );
  write('cell-1mb.csv', cmbCsv([BASE[0], { ...BASE[1], memo: '按揭放款 李娜 3-2-1502 ' + '附言'.repeat(175_000) }, BASE[2]]));
  write('control-chars.csv', cmbCsv([BASE[0], { ...BASE[1], memo: '按揭\u0000放款\u0001 李娜\u0007 3-2-1502\u001b' }, { ...BASE[2], name: '招商银行\u0000个人贷款中心\u000b' }, BASE[3]]));
  write('formula-injection.csv', cmbCsv([
    { ...BASE[0], memo: '=HYPERLINK("http://example.invalid/x","点此查看")' },
    { ...BASE[1], memo: '+1' },
    { ...BASE[2], memo: '-2' },
    { ...BASE[3], memo: '@SUM(A1:A9)' },
    { ...BASE[4], memo: '\t=1+2', name: '\r=cmd|"/c calc"!A1' },
  ]));

  // --- encodings and text structure
  write('gbk-no-bom.csv', iconv.encode(base, 'gb18030'));
  const invalid = Buffer.from(base, 'utf8');
  const at = invalid.indexOf(Buffer.from('李娜', 'utf8'));
  invalid[at] = 0xff; // not valid UTF-8 (and not a GBK lead byte)
  write('invalid-bytes.csv', invalid);
  write('utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cmbCsv(BASE, { delim: '\t' }), 'utf16le')]));
  write('utf16le-no-bom.txt', Buffer.from(cmbCsv(BASE, { delim: '\t' }), 'utf16le'));
  write('utf16be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(cmbCsv(BASE), 'utf16le').swap16()]));
  {
    const lines = cmbCsv(BASE).split('\r\n');
    lines[4] = lines[4].replace('按揭放款 李娜', '"按揭放款 李娜'); // a quote that never closes
    write('unbalanced-quote.csv', lines.join('\r\n'));
  }
  {
    const lines = cmbCsv(BASE).trimEnd().split('\r\n');
    write('mixed-line-endings.csv', lines.map((l, i) => l + ['\r\n', '\n', '\r'][i % 3]).join(''));
  }
  {
    const lines = cmbCsv(BASE).trimEnd().split('\r\n');
    lines[4] = lines[4] + ',多余1,多余2'; // more cells than the header
    lines[5] = cmbLine(BASE[2]).slice(0, 2).join(','); // fewer: date and time only
    write('ragged-rows.csv', lines.join('\r\n') + '\r\n');
  }
  {
    const text = cmbCsv(BASE);
    write('truncated.csv', text.slice(0, text.lastIndexOf('按揭放款 陈杰') + 4));
  }

  // --- sheets and rows
  await writeBook('hidden-rows-sheets.xlsx', (() => {
    const wb = newBook();
    const ws = ccbSheet(wb, '交易明细', BASE);
    ws.getRow(6).hidden = true;
    const other = ccbSheet(wb, '旧账户', BASE.slice(0, 2));
    other.state = 'hidden';
    return wb;
  })());
  await writeBook('sheet-name-spaces.xlsx', (() => {
    const wb = newBook();
    const first = wb.addWorksheet('说明 页');
    first.addRow(['本工作簿由网银导出']);
    ccbSheet(wb, '工行 流水 2026年3月', [BASE[0], { ...BASE[1], amount: 'abc' }, BASE[2]]);
    return wb;
  })());
  await writeBook('negative-credits.xlsx', (() => {
    const wb = newBook();
    const ws = ccbSheet(wb, '交易明细', [BASE[0], BASE[1]]);
    ws.addRow(['2026-03-06 09:00:00', null, -450000, 1680000, '人民币', '招商银行个人贷款中心', '755900001110401', '招商银行深圳分行', '20260306', '冲正 按揭放款 李娜 3-2-1502', null, 'CMB2026030600009']);
    return wb;
  })());
  write('future-dates.csv', cmbCsv([BASE[0], { ...BASE[1], date: '2099-03-05' }, BASE[2]]));
  write('duplicate-refs.csv', cmbCsv([BASE[0], BASE[1], BASE[1], BASE[2]]));
  write('pii.csv', cmbCsv([
    { ...BASE[0], name: '张伟', account: '6222020200112233445', memo: '按揭放款 张伟 身份证11010519491231002X 电话13812345678 3-2-1501' },
    { ...BASE[1], name: '李娜', account: '6217000010012345678', memo: '按揭放款 李娜 3-2-1502 联系人手机 13987654321' },
  ]));
  await writeBook('journal-bad-rows.xlsx', (() => {
    const rows = journalRowsFor(BASE.slice(0, 3));
    rows[2][5] = '壹佰万';
    rows[4][0] = '2026-13-40';
    return journalBook(rows);
  })());

  // --- legacy .xls (LibreOffice converts it; the test reads it with LibreOffice absent)
  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => fs.existsSync(p));
  if (soffice) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-corpus-'));
    fs.writeFileSync(path.join(tmp, 'legacy.xlsx'), good);
    execFileSync(soffice, [`-env:UserInstallation=file://${tmp}/profile`, '--headless', '--norestore', '--convert-to', 'xls', '--outdir', tmp, path.join(tmp, 'legacy.xlsx')], { stdio: 'ignore', timeout: 180_000 });
    fs.copyFileSync(path.join(tmp, 'legacy.xls'), path.join(OUT, 'legacy.xls'));
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  for (const f of fs.readdirSync(OUT).sort()) {
    if (f === 'expectations.json') continue;
    process.stdout.write(`${f}\t${fs.statSync(path.join(OUT, f)).size}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = 1;
});
