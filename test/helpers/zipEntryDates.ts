import * as fs from 'node:fs';

/** Every entry's date as the zip's central directory records it (MS-DOS date and time fields), read by hand. */
export function entryDates(file: string): string[] {
  const zip = fs.readFileSync(file);
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const dates: string[] = [];
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    const time = zip.readUInt16LE(p + 12);
    const date = zip.readUInt16LE(p + 14);
    const name = zip.subarray(p + 46, p + 46 + zip.readUInt16LE(p + 28)).toString('utf8');
    const pad = (n: number) => String(n).padStart(2, '0');
    dates.push(`${name} ${(date >> 9) + 1980}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return dates;
}
