import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { UserError } from '../errors';
import { currentLimits, formatBytes, type Limits } from '../io/limits';
import type { Cell } from './cells';
import type { RowSink } from './sources';

/**
 * Checks made before a file is handed to a reader, so that a broken or hostile file stops
 * with a clear message (UserError, exit 2) instead of crashing exceljs, hanging, or eating
 * memory: empty files, files over the size limit, a .xlsx that is not a zip, a zip that is cut
 * short or is no workbook, a zip bomb (judged from the central directory's declared sizes,
 * before anything is expanded), an encrypted (password-protected) workbook, binary data that
 * is neither a spreadsheet nor text. And while reading: the row limit (`limitRows`).
 */

const SPREADSHEET_EXT = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm']);

function fixCsv(): { zh: string; en: string } {
  return {
    zh: '请重新从银行网银或财务系统导出该文件（Excel 或 CSV 格式），或用 Excel/WPS 打开后另存为 .xlsx 再试。',
    en: 'Export the file again from the online bank or the finance system (Excel or CSV), or open it in Excel/WPS and save it as .xlsx, then try again.',
  };
}

/** "Cannot read the file X: why" (Chinese and English), naming the file, with what to do. */
export function refuseFile(file: string, zh: string, en: string, fix = fixCsv()): UserError {
  return refuse(file, zh, en, fix);
}

function refuse(file: string, zh: string, en: string, fix = fixCsv()): UserError {
  const base = path.basename(file);
  return new UserError({ zh: `无法读取文件 ${base}：${zh}`, en: `Cannot read the file ${base}: ${en}` }, { file: base }, fix);
}

export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** General-purpose flag bit 0: the entry's data is encrypted. */
  encrypted: boolean;
  crc32: number;
  compressedSize: number;
  /** Declared uncompressed size; Infinity when the zip uses ZIP64 sizes we do not trust. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

/**
 * The entries of a zip from its central directory, reading only the end of the file.
 * Returns null when the zip is incomplete (no end-of-central-directory record, or the directory
 * points past the end of the file).
 */
export async function readZipDirectory(file: string): Promise<ZipEntryInfo[] | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const tailLen = Math.min(size, 65_535 + 22);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize: number = tail.readUInt32LE(eocd + 12);
    let cdOffset: number = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || count === 0xffff) {
      // ZIP64: the zip64 end-of-central-directory locator sits right before the EOCD record.
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) return null;
      const z64Offset = Number(tail.readBigUInt64LE(loc + 8));
      const rec = Buffer.alloc(56);
      if (z64Offset + 56 > size) return null;
      await fh.read(rec, 0, 56, z64Offset);
      if (rec.readUInt32LE(0) !== 0x06064b50) return null;
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntryInfo[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
      const compressedSize = cd.readUInt32LE(p + 20);
      const uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      const big = compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff;
      entries.push({
        name,
        method: cd.readUInt16LE(p + 10),
        encrypted: (cd.readUInt16LE(p + 8) & 1) !== 0,
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: big ? Infinity : compressedSize,
        uncompressedSize: big ? Infinity : uncompressedSize,
        localHeaderOffset: localHeaderOffset === 0xffffffff ? 0 : localHeaderOffset,
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    // Every entry's data must lie before the central directory: a zip cut short and "repaired" fails here.
    for (const e of entries) if (e.localHeaderOffset >= cdOffset || (Number.isFinite(e.compressedSize) && e.localHeaderOffset + e.compressedSize > cdOffset)) return null;
    return entries;
  } finally {
    await fh.close();
  }
}

/** Does the file contain `needle` anywhere (streamed, bounded memory)? */
async function fileContains(file: string, needle: Buffer): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (buf.indexOf(needle) >= 0) return true;
    carry = buf.subarray(Math.max(0, buf.length - needle.length + 1));
  }
  return false;
}

/** Bytes that do not occur in text files: C0 controls other than tab, LF, CR, FF, ESC, SUB. */
function binaryShare(b: Uint8Array): number {
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return 0;
  const n = b.length & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  // UTF-16 without a BOM: every other byte is zero, bar the few characters U+xx00 (一 开 退) in the other lane.
  if (n >= 4 && ((odd > n / 6 && even * 16 < odd) || (even > n / 6 && odd * 16 < even))) return 0;
  let bad = 0;
  for (const c of b) if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 0x1a && c !== 0x1b) bad++;
  return b.length ? bad / b.length : 0;
}

/**
 * The big parts (worksheets, shared strings). The guard checks only their declared sizes; they
 * are inflated once, by the reader, through verifiedEntryChunks (size, bomb and CRC checked as
 * they stream) — checking them here too would inflate every sheet twice.
 */
export function isWorksheetPart(name: string): boolean {
  const n = name.toLowerCase();
  return (n.startsWith('xl/worksheets/') && n.endsWith('.xml')) || n === 'xl/sharedstrings.xml';
}

function damagedPart(file: string, name: string): UserError {
  return refuse(file, `工作簿已损坏：${name} 的压缩数据无法解开或校验不符`, `the workbook is damaged: the compressed data of ${name} cannot be unpacked or fails its checksum`);
}

/** Where an entry's data starts, after its local header; null when there is no local header. */
export async function entryDataStart(fh: fs.promises.FileHandle, e: ZipEntryInfo): Promise<number | null> {
  const lh = Buffer.alloc(30);
  await fh.read(lh, 0, 30, e.localHeaderOffset);
  if (lh.readUInt32LE(0) !== 0x04034b50) return null;
  return e.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
}

async function entryDataStartIn(file: string, e: ZipEntryInfo): Promise<number | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    return await entryDataStart(fh, e);
  } finally {
    await fh.close();
  }
}

/** 256 KiB output chunks; up to 4 MiB inflated ahead of the parser (Node passes stream options through; its types omit them). */
const INFLATE_OPTIONS: zlib.ZlibOptions = Object.assign({ chunkSize: 1 << 18 }, { readableHighWaterMark: 1 << 22 });

/**
 * The inflated bytes of one zip entry, streamed (bounded memory), checked as they come: damaged
 * deflate data, a part that expands past the sheet limit or past the size its directory declares
 * (an understated zip bomb is stopped there, after a few KiB, not at the limit), and at the end
 * its CRC and size. Every problem is the UserError a person can act on.
 *
 * Inflation runs on zlib's thread pool (an async stream) with room to work ahead of the
 * consumer (readableHighWaterMark), so the next chunk is inflated while this one is parsed.
 */
export async function* verifiedEntryChunks(file: string, e: ZipEntryInfo, limits: Limits = currentLimits()): AsyncGenerator<Buffer> {
  const start = await entryDataStartIn(file, e);
  if (start === null) throw damagedPart(file, e.name);
  if (e.compressedSize === 0) {
    if (e.crc32 !== 0) throw damagedPart(file, e.name);
    return;
  }
  const src = fs.createReadStream(file, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 20 });
  const known = e.method === 0 || e.method === 8;
  const stream: AsyncIterable<Buffer> = e.method === 8 ? src.pipe(zlib.createInflateRaw(INFLATE_OPTIONS)) : src;
  let crc = 0;
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > limits.maxSheetBytes) {
        throw refuse(file, `${e.name} 解压后超过上限 ${formatBytes(limits.maxSheetBytes)}（压缩包目录声明的大小不实）；为保护内存，已停止`, `${e.name} expands past the limit of ${formatBytes(limits.maxSheetBytes)} uncompressed (the zip directory understates its size); stopped to protect memory`);
      }
      if (known && size > e.uncompressedSize) {
        throw refuse(
          file,
          `${e.name} 解压后超过压缩包目录声明的大小 ${formatBytes(e.uncompressedSize)}（目录不实，疑似“压缩炸弹”）；为保护内存，已停止`,
          `${e.name} expands past the ${formatBytes(e.uncompressedSize)} its zip directory declares (the directory understates its size, likely a "zip bomb"); stopped to protect memory`,
        );
      }
      crc = zlib.crc32(chunk, crc);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw damagedPart(file, e.name);
  } finally {
    src.destroy();
  }
  // Methods other than stored and deflated are not ours to judge; the reader will say.
  if (known && (crc >>> 0 !== e.crc32 >>> 0 || size !== e.uncompressedSize)) throw damagedPart(file, e.name);
}

/** Inflate an entry only to check it (nothing kept). */
export async function verifyEntry(file: string, e: ZipEntryInfo, limits: Limits = currentLimits()): Promise<void> {
  if (e.method !== 0 && e.method !== 8) return;
  for await (const chunk of verifiedEntryChunks(file, e, limits)) void chunk;
}

/**
 * The checks the XLSX reader would make on the big parts, for a reader that does not make them
 * (exceljs): inflate each worksheet and the shared strings once, without keeping them.
 */
export async function verifyWorksheetParts(file: string, limits: Limits = currentLimits()): Promise<void> {
  const entries = await readZipDirectory(file);
  for (const e of entries ?? []) if (isWorksheetPart(e.name)) await verifyEntry(file, e, limits);
}

async function checkZip(file: string, limits: Limits): Promise<void> {
  const entries = await readZipDirectory(file);
  if (!entries) {
    throw refuse(file, '文件不完整（zip 压缩包被截断或已损坏，可能是下载或复制中断）', 'the file is incomplete (the zip is cut short or damaged; a download or copy may have been interrupted)');
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (names.has('xl/workbook.bin')) {
    throw refuse(file, '这是 Excel 二进制工作簿（.xlsb），不支持', 'this is an Excel binary workbook (.xlsb), which is not supported', {
      zh: '用 Excel 或 WPS 打开该文件并另存为 .xlsx 后再读取。',
      en: 'Open the file in Excel or WPS, save it as .xlsx and read that.',
    });
  }
  if (!names.has('xl/workbook.xml')) {
    throw refuse(file, '这是一个 zip 压缩包，但不是 Excel 工作簿（没有 xl/workbook.xml）', 'it is a zip archive but not an Excel workbook (no xl/workbook.xml)', {
      zh: '如果这是压缩的导出文件，请先解压，再读取其中的 .xlsx 或 .csv 文件。',
      en: 'If this is a compressed export, unzip it first and read the .xlsx or .csv inside.',
    });
  }
  let total = 0;
  for (const e of entries) {
    if (!isWorksheetPart(e.name)) continue;
    total += e.uncompressedSize;
    const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : Infinity;
    const tooBig = e.uncompressedSize > limits.maxSheetBytes || total > limits.maxSheetBytes;
    const bomb = e.uncompressedSize > 64 * 1024 * 1024 && ratio > limits.maxCompressionRatio;
    if (tooBig || bomb) {
      const what = tooBig
        ? { zh: `解压后超过上限 ${formatBytes(limits.maxSheetBytes)}`, en: `over the limit of ${formatBytes(limits.maxSheetBytes)} uncompressed` }
        : { zh: `压缩比异常（${Math.round(ratio)} 倍），疑似“压缩炸弹”`, en: `an abnormal compression ratio (${Math.round(ratio)}:1), likely a "zip bomb"` };
      throw refuse(
        file,
        `工作表 ${e.name} 解压后为 ${formatBytes(e.uncompressedSize)}（压缩后 ${formatBytes(e.compressedSize)}），${what.zh}；为保护内存，未解压`,
        `worksheet ${e.name} is ${formatBytes(e.uncompressedSize)} uncompressed (${formatBytes(e.compressedSize)} compressed), ${what.en}; it was not expanded, to protect memory`,
        {
          zh: '请确认文件来源；如确为正常的大文件，请按月拆分导出，或设置环境变量 ANJIE_MAX_SHEET_MB 提高上限（单位 MiB）。',
          en: 'Check where the file came from; if it is a genuine large export, export it month by month, or raise the limit with the environment variable ANJIE_MAX_SHEET_MB (in MiB).',
        },
      );
    }
  }
  // The small parts are inflated and checked here; the big ones by the reader as it reads them.
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name) || isWorksheetPart(e.name)) continue;
    await verifyEntry(file, e, limits);
  }
}

/**
 * `bytes` bytes of a file from `position` (fewer at its end), read synchronously: the checks and
 * sniffing before a text file is streamed read a few KiB each, and the promise API cost more than
 * the reads — its first use loads a module (~3 ms) and each await is a thread-pool round trip.
 */
export function readFileBytes(file: string, bytes: number, position = 0): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const bytesRead = fs.readSync(fd, buf, 0, bytes, position);
    return buf.subarray(0, bytesRead);
  } finally {
    fs.closeSync(fd);
  }
}

const READ_FAILURES: Record<string, { zh: string; en: string }> = {
  EACCES: { zh: '没有读取权限', en: 'permission denied' },
  EPERM: { zh: '没有读取权限', en: 'permission denied' },
  EBUSY: { zh: '文件正被其他程序占用（是否在 Excel 中打开？）', en: 'the file is in use (is it open in Excel?)' },
  EIO: { zh: '读取时发生输入/输出错误（磁盘或网络盘故障？）', en: 'an input/output error while reading (a failing disk or network drive?)' },
  EISDIR: { zh: '这是一个文件夹，不是文件', en: 'it is a folder, not a file' },
  ENOENT: { zh: '文件不存在', en: 'no such file' },
  ENOTDIR: { zh: '路径中有一段是文件而不是文件夹', en: 'part of the path is a file, not a folder' },
  ELOOP: { zh: '符号链接循环', en: 'a loop of symbolic links' },
  ENAMETOOLONG: { zh: '文件名太长', en: 'the name is too long' },
  ENXIO: { zh: '这不是普通文件（设备或套接字）', en: 'it is not a regular file (a device or socket)' },
  ENODEV: { zh: '这不是普通文件（设备）', en: 'it is not a regular file (a device)' },
  ETIMEDOUT: { zh: '读取超时（网络盘无响应？）', en: 'reading timed out (is the network drive responding?)' },
  EAGAIN: { zh: '文件暂时无法读取（被锁定？）', en: 'the file cannot be read just now (is it locked?)' },
  EMFILE: { zh: '打开的文件过多', en: 'too many files are open' },
};

/**
 * A file-system failure reading an input file (no permission, locked, a disk error, a folder in
 * its place …) as the UserError a person can act on, naming the file: exit 2, and --keep-going
 * leaves an unreadable bank file out like any other. Errors of other files (a temporary folder)
 * and anything that is not a system error pass through unchanged.
 */
export function inputFileError(file: string, err: unknown): unknown {
  if (err instanceof UserError || !(err instanceof Error)) return err;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code) || typeof e.syscall !== 'string') return err;
  if (e.path !== undefined && path.resolve(e.path) !== path.resolve(file)) return err;
  const why = READ_FAILURES[e.code] ?? { zh: `系统错误 ${e.code}`, en: `system error ${e.code}` };
  return refuse(file, why.zh, why.en, {
    zh: '请检查该文件的权限、是否被其他程序打开，或把它复制到本机后再读取。',
    en: 'Check the file\'s permissions and whether another program has it open, or copy it to this computer and read the copy.',
  });
}

/**
 * Check a file before reading it. Throws a UserError (exit 2) naming the file, what is wrong
 * and what to do; returns quietly when the readers may go ahead.
 */
export async function guardInputFile(file: string, limits: Limits = currentLimits()): Promise<void> {
  try {
    await guardFile(file, limits);
  } catch (err) {
    throw inputFileError(file, err);
  }
}

async function guardFile(file: string, limits: Limits): Promise<void> {
  const stat = fs.statSync(file);
  if (stat.size === 0) {
    throw refuse(file, '文件是空的（0 字节）', 'the file is empty (0 bytes)');
  }
  if (stat.size > limits.maxInputBytes) {
    throw refuse(file, `文件大小 ${formatBytes(stat.size)}，超过上限 ${formatBytes(limits.maxInputBytes)}`, `the file is ${formatBytes(stat.size)}, over the limit of ${formatBytes(limits.maxInputBytes)}`, {
      zh: '请按月或按账户拆分导出；确需读取时，设置环境变量 ANJIE_MAX_INPUT_MB 提高上限（单位 MiB）。',
      en: 'Export it month by month or account by account; to read it anyway, raise the limit with the environment variable ANJIE_MAX_INPUT_MB (in MiB).',
    });
  }
  const head = readFileBytes(file, 8192);
  const ext = path.extname(file).toLowerCase();
  const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b;
  const isOle = head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  // The owner file Excel/WPS keeps beside a workbook while it is open (~$序时账.xlsx, ~165 bytes: who
  // has it open), which a wildcard such as *.xlsx picks up with the workbook: named as what it is,
  // not as a file of unknown layout whose "columns" are someone's user name.
  const base = path.basename(file);
  if (base.startsWith('~$') && !isZip && !isOle && stat.size < 4096) {
    const real = base.slice(2);
    throw refuse(file, `这是 Excel/WPS 打开工作簿时生成的临时锁定文件（以 ~$ 开头），不是数据文件`, `it is the lock file Excel/WPS creates while a workbook is open (its name starts with ~$), not a data file`, {
      zh: `请改选工作簿本身（${real} 或名称以 ${real} 结尾的文件，不带 ~$）；用 *.xlsx 等通配符选文件时会连同它一起选中，关闭 Excel/WPS 后它会消失。`,
      en: `Give the workbook itself (${real}, or the file whose name ends in ${real}, without ~$); a wildcard such as *.xlsx picks the lock file up too, and it goes away once Excel/WPS is closed.`,
    });
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06)) {
    await checkZip(file, limits);
    return;
  }
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    // An OLE compound file: a legacy .xls, or an encrypted .xlsx (Office puts the encrypted
    // workbook in an "EncryptedPackage" stream of a compound file).
    if (await fileContains(file, Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw refuse(file, '工作簿已加密（设置了打开密码）', 'the workbook is encrypted (it has a password to open)', {
        zh: '请在 Excel/WPS 中用密码打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空）后另存，再读取；或让导出方提供未加密的文件。',
        en: 'Open it in Excel/WPS with the password, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and read that; or ask for an unencrypted export.',
      });
    }
    return;
  }
  const isHtml = /^\s*(<html|<!doctype html|<table|<\?xml)/i.test(head.subarray(0, 256).toString('latin1'));
  if (isHtml) return;
  if (binaryShare(head) > 0.02) {
    if (SPREADSHEET_EXT.has(ext)) {
      throw refuse(file, '文件扩展名是 .xlsx，但内容不是 Excel 工作簿（不是 zip 格式），也不是文本', 'the name ends in .xlsx but the content is not an Excel workbook (not a zip) and not text');
    }
    throw refuse(file, '文件内容是二进制数据，既不是 Excel 工作簿也不是文本表格（CSV/TXT）', 'the content is binary data: neither an Excel workbook nor a text table (CSV/TXT)');
  }
  // A text file with nothing but a byte-order mark and white space.
  if (stat.size <= head.length) {
    let s = head;
    if (s.length >= 3 && s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf) s = s.subarray(3);
    else if (s.length >= 2 && ((s[0] === 0xff && s[1] === 0xfe) || (s[0] === 0xfe && s[1] === 0xff))) s = s.subarray(2);
    if (s.every((c) => c === 0 || c === 9 || c === 10 || c === 13 || c === 32)) {
      throw refuse(file, '文件没有内容（只有空白）', 'the file has no content (only white space)');
    }
  }
}

function xmlDecode(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'amp') return '&';
    return String.fromCodePoint(k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });
}

/** A small entry (stored or deflated) as text, read whole; nothing checked beyond its local header. */
export async function entryText(file: string, e: ZipEntryInfo): Promise<string> {
  return (await entryBytes(file, e)).toString('utf8');
}

/** An entry's bytes, inflated (stored and deflated entries only: callers check `method`). */
export async function entryBytes(file: string, e: ZipEntryInfo): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const start = await entryDataStart(fh, e);
    if (start === null) throw new Error(`${e.name}: no local header`);
    const raw = Buffer.alloc(e.compressedSize);
    await fh.read(raw, 0, raw.length, start);
    return e.method === 8 ? zlib.inflateRawSync(raw) : raw;
  } finally {
    await fh.close();
  }
}

/**
 * The workbook's sheet list and date system, read from xl/workbook.xml before exceljs streams
 * the sheets. exceljs' streaming reader names a sheet from xl/workbook.xml only when that part
 * came first; in other zip orders it is racy — a sheet gets the default name "Sheet1", the 1904
 * date system is missed, or it fails reading `model.sheets` of undefined. Giving the reader this
 * model first (`Object.assign(reader, preamble)`) makes names, hidden states and dates reliable.
 */
export async function workbookPreamble(file: string): Promise<{ model?: { sheets: { id: number; name: string; rId: string; state?: string }[] }; properties?: { model: { date1904: boolean } } }> {
  const entries = await readZipDirectory(file).catch(() => null);
  const wbEntry = entries?.find((e) => e.name === 'xl/workbook.xml');
  if (!entries || !wbEntry || !Number.isFinite(wbEntry.compressedSize) || wbEntry.uncompressedSize > 16 * 1024 * 1024) return {};
  try {
    const xml = await entryText(file, wbEntry);
    const sheets: { id: number; name: string; rId: string; state?: string }[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
      const attrs: Record<string, string> = {};
      for (const a of m[1].matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]] = xmlDecode(a[2]);
      const rId = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1];
      if (attrs.name === undefined || rId === undefined) continue;
      sheets.push({ id: Number(attrs.sheetId), name: attrs.name, rId, ...(attrs.state ? { state: attrs.state } : {}) });
    }
    const pr = /<(?:\w+:)?workbookPr\s([^>]*?)\/?>/.exec(xml)?.[1] ?? '';
    const d = /date1904\s*=\s*"([^"]*)"/.exec(pr)?.[1];
    return { model: { sheets }, properties: { model: { date1904: d === '1' || d === 'true' } } };
  } catch {
    return {};
  }
}

/**
 * An error from unzipping or parsing a workbook (corrupt deflate data, broken XML) as the
 * UserError a person can act on. Programming errors (TypeError, RangeError, …) and UserErrors
 * pass through unchanged.
 */
export function damagedWorkbook(file: string, err: unknown): unknown {
  if (err instanceof UserError || !(err instanceof Error)) return err;
  const zlib = typeof (err as unknown as { code?: unknown }).code === 'string' && (err as unknown as { code: string }).code.startsWith('Z_');
  if (!zlib && err.constructor !== Error) return err;
  const detail = err.message.replace(/\s+/g, ' ').slice(0, 160);
  return refuse(file, `工作簿已损坏，无法解压或解析（${detail}）`, `the workbook is damaged and cannot be unpacked or parsed (${detail})`);
}

/**
 * Wrap a row sink so that reading stops with a UserError once a file passes the row limit
 * (memory stays bounded however many rows a file claims or holds).
 */
export function limitRows(sink: RowSink, file: string, limits: Limits = currentLimits()): RowSink {
  let rows = 0;
  let sheet = '';
  return {
    sheetStart(name, info) {
      sheet = name;
      return sink.sheetStart(name, info);
    },
    row(cells: Cell[], rowNumber: number) {
      if (++rows > limits.maxRows) {
        const base = path.basename(file);
        throw new UserError(
          { zh: `无法读取文件 ${base}：行数超过上限 ${limits.maxRows.toLocaleString('en-US')} 行`, en: `Cannot read the file ${base}: it has more than ${limits.maxRows.toLocaleString('en-US')} rows, the limit` },
          { file: base, sheet: sheet || undefined, row: rowNumber },
          {
            zh: '请按月或按账户拆分导出；确需读取时，设置环境变量 ANJIE_MAX_ROWS 提高上限。',
            en: 'Export it month by month or account by account; to read it anyway, raise the limit with the environment variable ANJIE_MAX_ROWS.',
          },
        );
      }
      sink.row(cells, rowNumber);
    },
    sheetEnd() {
      sink.sheetEnd();
    },
  };
}
