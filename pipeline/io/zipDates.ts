import { promises as fs } from 'node:fs';
import type ExcelJS from 'exceljs';

/**
 * Same inputs, same bytes: every workbook the CLI writes carries fixed zip entry dates, not the
 * time it was written. The reconciliation report's own zip writer (reconcile/xlsx.ts ZipOut) stamps
 * its entries FIXED_DOS_DATE / FIXED_DOS_TIME; exceljs (4.4, through JSZip, with no option for it)
 * stamps each entry with the write time, which fixZipDates overwrites afterwards.
 */

/** The created and modified date in the document properties (docProps/core.xml) of a workbook Anjie makes, or saves without one. */
export const FIXED_DOCUMENT_DATE = new Date(Date.UTC(2000, 0, 1));

/** 1980-01-01 in an MS-DOS date field ((year - 1980) << 9 | month << 5 | day), the earliest a zip entry can carry. */
export const FIXED_DOS_DATE = 0x21;
/** 00:00:00 in an MS-DOS time field. */
export const FIXED_DOS_TIME = 0;
/** The same instant, 1980-01-01T00:00:00Z, in Unix seconds (extended-timestamp extra fields). */
const FIXED_UNIX_TIME = Date.UTC(1980, 0, 1) / 1000;
/** …and as a Windows FILETIME (100 ns since 1601-01-01; NTFS extra fields). */
const FIXED_FILETIME = (BigInt(FIXED_UNIX_TIME) + 11644473600n) * 10000000n;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const EXTENDED_TIMESTAMP = 0x5455;
const NTFS_TIMES = 0x000a;

/**
 * Sets the date of every entry of the zip `data` to 1980-01-01 00:00:00, in place, in both its
 * local header and its central directory record, and any time an extended-timestamp (0x5455) or
 * NTFS (0x000a) extra field carries to the same instant; nothing else changes (sizes, offsets and
 * CRCs do not depend on the dates). Returns `data`. A buffer that is not a zip as JSZip writes it
 * (no end-of-central-directory record, a Zip64 archive, a header not where the directory says) is
 * an Error: a workbook written with the run's time would silently break the promise.
 */
export function fixZipDates(data: Uint8Array): Buffer {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const eocd = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new Error('fixZipDates: Zip64 archives are not supported');
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_HEADER) throw new Error(`fixZipDates: no central directory record at ${p}`);
    buf.writeUInt16LE(FIXED_DOS_TIME, p + 12);
    buf.writeUInt16LE(FIXED_DOS_DATE, p + 14);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    fixExtraTimes(buf, p + 46 + nameLength, extraLength);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`fixZipDates: no local header at ${local}`);
    buf.writeUInt16LE(FIXED_DOS_TIME, local + 10);
    buf.writeUInt16LE(FIXED_DOS_DATE, local + 12);
    fixExtraTimes(buf, local + 30 + buf.readUInt16LE(local + 26), buf.readUInt16LE(local + 28));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return buf;
}

/** Writes an exceljs workbook to `file` as wb.xlsx.writeFile does, with fixed zip entry dates (fixZipDates). */
export async function writeXlsxFile(wb: ExcelJS.Workbook, file: string): Promise<void> {
  const data: unknown = await wb.xlsx.writeBuffer(); // a Node Buffer (exceljs types it as its own ArrayBuffer-like Buffer)
  await fs.writeFile(file, fixZipDates(Buffer.isBuffer(data) ? data : new Uint8Array(data as ArrayBuffer)));
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes, followed by a comment of up to 65,535.
  for (let p = buf.length - 22; p >= 0 && p >= buf.length - 22 - 0xffff; p--) {
    if (buf.readUInt32LE(p) === END_OF_CENTRAL_DIRECTORY) return p;
  }
  throw new Error('fixZipDates: not a zip (no end of central directory record)');
}

/** The times in the extra fields at `start` (`length` bytes) set to the fixed instant. */
function fixExtraTimes(buf: Buffer, start: number, length: number): void {
  const end = Math.min(start + length, buf.length);
  let p = start;
  while (p + 4 <= end) {
    const id = buf.readUInt16LE(p);
    const size = buf.readUInt16LE(p + 2);
    const body = p + 4;
    if (body + size > end) break;
    if (id === EXTENDED_TIMESTAMP) {
      // A flags byte, then as many 4-byte Unix times as fit (the central directory's carries only the modification time).
      for (let t = body + 1; t + 4 <= body + size; t += 4) buf.writeInt32LE(FIXED_UNIX_TIME, t);
    } else if (id === NTFS_TIMES) {
      // 4 reserved bytes, then tagged attributes; tag 1 holds modification, access and creation times.
      let q = body + 4;
      while (q + 4 <= body + size) {
        const tag = buf.readUInt16LE(q);
        const tagSize = buf.readUInt16LE(q + 2);
        if (tag === 1) for (let t = q + 4; t + 8 <= Math.min(q + 4 + tagSize, body + size); t += 8) buf.writeBigUInt64LE(FIXED_FILETIME, t);
        q += 4 + tagSize;
      }
    }
    p = body + size;
  }
}
