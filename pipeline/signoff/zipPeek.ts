import { promises as fs } from 'node:fs';
import * as zlib from 'node:zlib';

/**
 * Reads one small entry of a ZIP (an .xlsx) through its central directory, without loading the
 * rest: enough to see whether a workbook has a 签核记录 sheet before paying for a full exceljs
 * load of what may be a million-row report. Returns null when the file is not a ZIP this simple
 * reader understands (ZIP64, encrypted, other compression) — callers then fall back to a full load.
 */
export async function readZipEntry(file: string, entryName: string): Promise<string | null> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 22) return null;
    const tailLength = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > size) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    for (let p = 0; p + 46 <= cd.length; ) {
      if (cd.readUInt32LE(p) !== 0x02014b50) return null;
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (name !== entryName) continue;
      if (flags & 1 || (method !== 0 && method !== 8) || compressed === 0xffffffff || compressed > 64 * 1024 * 1024) return null;
      const local = Buffer.alloc(30);
      await fh.read(local, 0, 30, localOffset);
      if (local.readUInt32LE(0) !== 0x04034b50) return null;
      const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const data = Buffer.alloc(compressed);
      await fh.read(data, 0, compressed, dataOffset);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    return null;
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** false only when the workbook certainly has no sheet named `sheet`; true when it has or when unsure. */
export async function mayHaveSheet(file: string, sheet: string): Promise<boolean> {
  const xml = await readZipEntry(file, 'xl/workbook.xml');
  if (xml === null) return true;
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\sname\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (unescapeXml(m[1] ?? m[2]) === sheet) return true;
  }
  return false;
}
