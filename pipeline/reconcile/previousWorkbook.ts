import { promises as fs } from 'node:fs';
import * as zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { FIXED_DOS_DATE, FIXED_DOS_TIME } from '../io/zipDates';
import { entryDataStart, readZipDirectory, workbookPreamble, type ZipEntryInfo } from '../read/guards';
import { sheetsByPart } from '../read/xlsxFast';

/**
 * Last month's report, loaded with exceljs for --previous (load.ts), which reads its _anjie_open,
 * the notes on 差异 and 按户, and whether it has a 签核记录. Its 已匹配 is most of it (80 MB of XML
 * of 106 at 100k pairs a side) and is never read, nor is 未解析: exceljs is handed the workbook with
 * those sheets emptied, and without its defined names (its filter ranges alone were 2.9 million
 * objects for exceljs at 100k). The file itself is checked as before (guardInputFile,
 * verifyWorksheetParts: every sheet's data, read or not, must be sound).
 */
export async function loadPreviousWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const lean = await withoutUnreadSheets(file);
  if (lean) await wb.xlsx.load(lean as unknown as ExcelJS.Buffer); // a Node Buffer (exceljs's types declare their own)
  else await wb.xlsx.readFile(file);
  return wb;
}

/** The sheets the report writes that --previous does not read, and the sheets they continue on. */
const UNREAD_SHEET = /^(?:已匹配|未解析)(?:\(\d+\))?$/;

/** What such a sheet's part becomes: a sheet without cells, so the workbook keeps its sheets, in order. */
const EMPTY_SHEET = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>');

/**
 * xl/workbook.xml's defined names: print titles and filter ranges, which nothing here reads, and
 * exceljs expands each range into an object per cell (A1:J99693 of 按户: a million).
 */
const DEFINED_NAMES = /<(\w+:)?definedNames\b[^>]*?(?:\/>|>[\s\S]*?<\/\1?definedNames>)/;

function withoutDefinedNames(xml: Buffer): Buffer {
  return Buffer.from(xml.toString('utf8').replace(DEFINED_NAMES, ''), 'utf8');
}

/**
 * The report as a zip in memory: its entries as they are (their compressed bytes copied, not
 * inflated), but the unread sheets' parts emptied and their relationships left out, and
 * xl/workbook.xml without its defined names. Null when there is nothing to leave out, or the zip is
 * one this does not rebuild (encrypted, ZIP64, other compression): exceljs then reads the file whole.
 */
async function withoutUnreadSheets(file: string): Promise<Buffer | null> {
  const entries = await readZipDirectory(file);
  if (!entries || entries.some((e) => e.encrypted || (e.method !== 0 && e.method !== 8) || !Number.isFinite(e.compressedSize))) return null;
  if (new Set(entries.map((e) => e.name)).size !== entries.length) return null;
  const sheets = await sheetsByPart(file, entries, (await workbookPreamble(file)).model?.sheets ?? []);
  const unread = new Set(entries.filter((e) => UNREAD_SHEET.test(sheets.get(e.name)?.name ?? '')).map((e) => e.name));
  if (!unread.size) return null;
  const unreadRels = new Set([...unread].map((p) => p.replace(/[^/]+$/, '_rels/$&.rels')));
  const out = new ZipBuilder();
  const fh = await fs.open(file, 'r');
  try {
    for (const e of entries) {
      if (unreadRels.has(e.name)) continue;
      if (unread.has(e.name)) {
        out.add(e.name, EMPTY_SHEET);
        continue;
      }
      const raw = await rawData(fh, e);
      if (!raw) return null;
      if (e.name === 'xl/workbook.xml') out.add(e.name, withoutDefinedNames(e.method === 8 ? zlib.inflateRawSync(raw) : raw));
      else out.addRaw(e, raw);
    }
  } finally {
    await fh.close();
  }
  return out.end();
}

/** An entry's bytes as stored (compressed); null when its local header is not where the directory says. */
async function rawData(fh: fs.FileHandle, e: ZipEntryInfo): Promise<Buffer | null> {
  const start = await entryDataStart(fh, e);
  if (start === null) return null;
  const raw = Buffer.allocUnsafe(e.compressedSize);
  const { bytesRead } = await fh.read(raw, 0, raw.length, start);
  return bytesRead === raw.length ? raw : null;
}

/** A zip put together in memory, for exceljs to load; entries stored as given, with UTF-8 names. */
class ZipBuilder {
  private readonly parts: Buffer[] = [];
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  /** An entry whose data is `data`, stored. */
  add(name: string, data: Buffer): void {
    this.put(name, 0, zlib.crc32(data), data.length, data);
  }

  /** An entry of the source zip, its stored bytes as they are. */
  addRaw(e: ZipEntryInfo, raw: Buffer): void {
    this.put(e.name, e.method, e.crc32, e.uncompressedSize, raw);
  }

  private put(nameText: string, method: number, crc: number, size: number, data: Buffer): void {
    const name = Buffer.from(nameText, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 name
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(FIXED_DOS_TIME, 10);
    local.writeUInt16LE(FIXED_DOS_DATE, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    local.copy(head, 8, 6, 28); // flags to name length, as in the local header
    head.writeUInt32LE(this.offset, 42);
    this.parts.push(local, name, data);
    this.central.push(head, name);
    this.offset += local.length + name.length + data.length;
    this.count++;
  }

  end(): Buffer {
    const size = this.central.reduce((n, b) => n + b.length, 0);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.count, 8);
    eocd.writeUInt16LE(this.count, 10);
    eocd.writeUInt32LE(size, 12);
    eocd.writeUInt32LE(this.offset, 16);
    return Buffer.concat([...this.parts, ...this.central, eocd]);
  }
}
