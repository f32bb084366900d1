import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { fixZipDates } from '../../pipeline/io/zipDates';

/**
 * fixZipDates on a zip made by hand as Info-ZIP and 7-Zip write one: entries stamped
 * 2026-11-24 17:42:10 in their DOS fields, with an extended-timestamp field (0x5455: modification
 * and access time in the local header, modification time in the central directory) and an NTFS
 * field (0x000a: modification, access and creation FILETIMEs) beside it.
 */
const DOS_TIME = (17 << 11) | (42 << 5) | (10 / 2);
const DOS_DATE = ((2026 - 1980) << 9) | (11 << 5) | 24;
const UNIX = Date.UTC(2026, 10, 24, 17, 42, 10) / 1000;

function extras(central: boolean): Buffer {
  const ut = Buffer.alloc(4 + (central ? 5 : 9));
  ut.writeUInt16LE(0x5455, 0);
  ut.writeUInt16LE(ut.length - 4, 2);
  ut.writeUInt8(0x03, 4); // modification and access time present
  ut.writeInt32LE(UNIX, 5);
  if (!central) ut.writeInt32LE(UNIX + 60, 9);
  const ntfs = Buffer.alloc(4 + 32);
  ntfs.writeUInt16LE(0x000a, 0);
  ntfs.writeUInt16LE(32, 2);
  ntfs.writeUInt16LE(1, 8); // tag 1: three times
  ntfs.writeUInt16LE(24, 10);
  for (let t = 12; t < 36; t += 8) ntfs.writeBigUInt64LE((BigInt(UNIX) + 11644473600n) * 10000000n, t);
  return Buffer.concat([ut, ntfs]);
}

/** A stored (uncompressed) zip of the given entries, each with the extra fields above. */
function handMadeZip(files: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [nameText, text] of files) {
    const name = Buffer.from(nameText, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const localExtra = extras(false);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt16LE(10, 4);
    l.writeUInt16LE(0x0800, 6);
    l.writeUInt16LE(0, 8);
    l.writeUInt16LE(DOS_TIME, 10);
    l.writeUInt16LE(DOS_DATE, 12);
    l.writeUInt32LE(crc, 14);
    l.writeUInt32LE(data.length, 18);
    l.writeUInt32LE(data.length, 22);
    l.writeUInt16LE(name.length, 26);
    l.writeUInt16LE(localExtra.length, 28);
    const local = Buffer.concat([l, name, localExtra, data]);
    const centralExtra = extras(true);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(10, 4);
    c.writeUInt16LE(10, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(0, 10);
    c.writeUInt16LE(DOS_TIME, 12);
    c.writeUInt16LE(DOS_DATE, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(centralExtra.length, 30);
    c.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([c, name, centralExtra]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function crc32(data: Buffer): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** Every time the zip's headers and extra fields carry, read at their offsets. */
function times(zip: Buffer): { dos: [number, number][]; unix: number[]; filetime: bigint[] } {
  const dos: [number, number][] = [];
  const unix: number[] = [];
  const filetime: bigint[] = [];
  const readExtras = (p: number, end: number) => {
    while (p < end) {
      const id = zip.readUInt16LE(p);
      const size = zip.readUInt16LE(p + 2);
      if (id === 0x5455) for (let t = p + 5; t < p + 4 + size; t += 4) unix.push(zip.readInt32LE(t));
      if (id === 0x000a) for (let t = p + 12; t < p + 36; t += 8) filetime.push(zip.readBigUInt64LE(t));
      p += 4 + size;
    }
  };
  for (let p = 0; p + 4 <= zip.length; p++) {
    const sig = zip.readUInt32LE(p);
    if (sig === 0x04034b50) {
      dos.push([zip.readUInt16LE(p + 12), zip.readUInt16LE(p + 10)]);
      const extra = p + 30 + zip.readUInt16LE(p + 26);
      readExtras(extra, extra + zip.readUInt16LE(p + 28));
    } else if (sig === 0x02014b50) {
      dos.push([zip.readUInt16LE(p + 14), zip.readUInt16LE(p + 12)]);
      const extra = p + 46 + zip.readUInt16LE(p + 28);
      readExtras(extra, extra + zip.readUInt16LE(p + 30));
    }
  }
  return { dos, unix, filetime };
}

describe('fixZipDates', () => {
  it('stamps every entry 1980-01-01 00:00:00 in its local header, its central directory record and its timestamp extra fields; the content is untouched', async () => {
    const zip = handMadeZip([
      ['[Content_Types].xml', '<Types/>'],
      ['xl/worksheets/sheet1.xml', '<worksheet>按揭台账</worksheet>'],
    ]);
    const before = times(zip);
    expect(before.dos).toEqual(Array(4).fill([DOS_DATE, DOS_TIME]));
    expect(before.unix).toEqual([UNIX, UNIX + 60, UNIX, UNIX + 60, UNIX, UNIX]);
    const fixed = fixZipDates(Buffer.from(zip));
    expect(fixed.length).toBe(zip.length);
    const after = times(fixed);
    // 1980-01-01: (1980 − 1980) << 9 | 1 << 5 | 1 = 0x21; 00:00:00 = 0.
    expect(after.dos).toEqual(Array(4).fill([0x21, 0]));
    // 1980-01-01T00:00:00Z: 3,652 days after 1970-01-01 (10 years, 2 of them leap) × 86,400 s.
    expect(after.unix).toEqual(Array(6).fill(3652 * 86400));
    // The same instant in 100 ns since 1601-01-01 (11,644,473,600 s before 1970).
    expect(after.filetime).toEqual(Array(12).fill((3652n * 86400n + 11644473600n) * 10000000n));
    const read = await JSZip.loadAsync(fixed);
    expect(await read.file('xl/worksheets/sheet1.xml')!.async('string')).toBe('<worksheet>按揭台账</worksheet>');
    expect(read.file('[Content_Types].xml')!.date.toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });

  it('gives the same bytes for the same content written at different times (JSZip, as exceljs writes)', async () => {
    const write = (date: Date) => {
      const z = new JSZip();
      z.file('xl/workbook.xml', '<workbook/>', { date });
      z.file('docProps/app.xml', '<Properties/>', { date });
      return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    };
    const a = await write(new Date('2026-11-20T01:15:42Z'));
    const b = await write(new Date('2026-12-03T09:48:06Z'));
    expect(a.equals(b)).toBe(false);
    expect(fixZipDates(a).equals(fixZipDates(b))).toBe(true);
  });

  it('refuses what is not a zip rather than writing it with the run\'s time', () => {
    expect(() => fixZipDates(Buffer.from('not a workbook at all, just text'))).toThrow(/not a zip/);
  });
});
