import { constants as fsConstants, promises as fs, rmSync, stat as statCallback } from 'node:fs';
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';

/**
 * The temporary files being written now. A run stopped by a signal (Ctrl-C, a service manager's
 * SIGTERM, a closed terminal) or ending while one is still open removes them: otherwise a
 * half-written hidden file (.report.<pid>.<time>.tmp.xlsx) is left beside the report. The handlers
 * are installed only while a temporary file exists, so a stop at any other time ends the process
 * as it would without them.
 */
const liveTemps = new Set<string>();
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeLiveTemps(): void {
  for (const t of liveTemps) {
    try {
      rmSync(t, { force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  liveTemps.clear();
}

/** Set once a stop signal came: no temporary file is renamed into place while the process ends. */
let stopping = false;

function stopOnSignal(signal: NodeJS.Signals): void {
  stopping = true;
  const temps = [...liveTemps];
  removeLiveTemps();
  const exit = () => {
    for (const t of temps) rmSync(t, { force: true, maxRetries: 0 });
    process.exit(128 + (osConstants.signals[signal] ?? 0)); // the shell's convention: 130 for Ctrl-C, 143 for SIGTERM
  };
  // A temporary file's open can still be queued in libuv's thread pool (behind zlib work while a
  // big workbook is zipped): it ran after the removal above, while node shut down, and left an
  // empty .tmp.xlsx beside the signed report. A request queued now runs after it; remove again then.
  statCallback(path.dirname(temps[0] ?? '.'), () => exit());
  setTimeout(exit, 2000).unref();
}

function trackTemp(temp: string): void {
  if (liveTemps.size === 0) {
    for (const s of STOP_SIGNALS) process.on(s, stopOnSignal);
    process.on('exit', removeLiveTemps);
  }
  liveTemps.add(temp);
}

function untrackTemp(temp: string): void {
  if (!liveTemps.delete(temp) || liveTemps.size > 0) return;
  for (const s of STOP_SIGNALS) process.off(s, stopOnSignal);
  process.off('exit', removeLiveTemps);
}

/**
 * Runs `work`, which writes the temporary file `temp` (a second one, beside writeAtomically's:
 * colBreaks.ts rewrites the workbook into `<temp>.breaks`). Like writeAtomically's own, it is
 * removed when the run is stopped by a signal or ends while it is being written, and when `work` fails.
 */
export async function withTempFile<T>(temp: string, work: () => Promise<T>): Promise<T> {
  trackTemp(temp);
  try {
    return await work();
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    untrackTemp(temp);
  }
}

/**
 * Outputs of one run that land together or not at all: each is renamed into place only once every
 * member has been written to its temporary file; when one fails, the others remove theirs. (The
 * reconcile report and its JSON: a report without its JSON, or a JSON of a report that is not
 * there, would be taken for a complete run.)
 */
export class OutputGroup {
  private waiting: number;
  private settle!: { ok: () => void; fail: (err: unknown) => void };
  /** Resolves when every member is written; rejects with the first failure. */
  readonly allWritten: Promise<void>;
  constructor(members: number) {
    this.waiting = members;
    this.allWritten = new Promise<void>((ok, fail) => (this.settle = { ok, fail }));
    this.allWritten.catch(() => undefined); // awaited by the members
  }
  written(): void {
    if (--this.waiting === 0) this.settle.ok();
  }
  failed(err: unknown): void {
    this.settle.fail(err);
  }
}

/**
 * Write an output through a temporary file in the same folder, then rename, so a crash or a
 * refused input never leaves a half-written report behind. `produce` writes to the temp path.
 * Refuses to write over one of the run's own input files. A file-system failure (no such folder,
 * no permission, disk full, a folder in the way) is a UserError naming the output.
 *
 * An output that is a symbolic link (a report kept on a share, linked into the working folder) is
 * written through: the temporary file goes beside the file it points to, which the rename then
 * replaces, and the link stays. Anything else that is not a plain file (a named pipe, a device, a
 * socket) is refused: the rename would put a file in its place.
 */
export async function writeAtomically(
  target: string,
  produce: (tempPath: string) => Promise<void>,
  opts: { inputs?: readonly string[]; group?: OutputGroup } = {},
): Promise<void> {
  const abs = path.resolve(target);
  let dest: string;
  try {
    await fs.mkdir(path.dirname(abs), { recursive: true }).catch((err: unknown) => {
      throw cannotWrite(target, err);
    });
    dest = await throughLinks(abs).catch((err: unknown) => {
      throw cannotWrite(target, err);
    });
    for (const input of opts.inputs ?? []) {
      const there = path.resolve(input);
      if (there === abs || there === dest || (await fs.realpath(there).catch(() => there)) === dest) {
        throw new UserError(
          { zh: `输出文件与输入文件相同：${path.basename(target)}`, en: `The output file is one of the input files: ${path.basename(target)}` },
          { file: target },
          { zh: '请为输出指定另一个文件名。', en: 'Choose another name for the output.' },
        );
      }
    }
    // What lets the temporary file be written and then refuses the rename, or would be replaced by
    // it: a folder of that name, or a pipe or device. Checked first, so that no output of a group
    // lands before this one fails.
    const there = await fs.stat(dest).catch(() => null);
    if (there?.isDirectory()) throw cannotWrite(target, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
    if (there && !there.isFile()) {
      throw new UserError(
        { zh: `无法写入输出文件 ${target}：这不是普通文件（是管道、设备或套接字）`, en: `Cannot write the output file ${target}: it is not a regular file (a pipe, device or socket)` },
        { file: target },
        { zh: '请给一个普通文件的路径作为输出。', en: 'Give the path of a regular file for the output.' },
      );
    }
    // A read-only report (marked so on purpose, or by a program holding it) is not replaced behind
    // the user's back, though the rename could: no write permission for this user, or none at all
    // (as root, access() grants everything; the mode bits still say what the file's owner meant).
    if (there && ((there.mode & 0o222) === 0 || !(await fs.access(dest, fsConstants.W_OK).then(() => true, () => false)))) {
      throw new UserError(
        { zh: `无法写入输出文件 ${target}：文件是只读的（可能正被占用，或设置了只读属性）`, en: `Cannot write the output file ${target}: the file is read-only (is it open in Excel, or marked read-only?)` },
        { file: target },
        { zh: '请关闭打开该文件的程序或取消只读属性，或换一个输出位置。', en: 'Close the program that has it open or clear its read-only mark, or choose another place for the output.' },
      );
    }
  } catch (err) {
    opts.group?.failed(err);
    throw err;
  }
  const ext = path.extname(dest);
  const temp = path.join(path.dirname(dest), `.${path.basename(dest, ext)}.${process.pid}.${Date.now()}.tmp${ext}`);
  trackTemp(temp);
  try {
    await produce(temp);
    if (opts.group) {
      opts.group.written();
      await opts.group.allWritten;
    }
    if (stopping) await new Promise<never>(() => undefined); // stopped: the process is ending, the output is not written
    await fs.rename(temp, dest);
  } catch (err) {
    opts.group?.failed(err);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw cannotWrite(target, err);
  } finally {
    untrackTemp(temp);
  }
}

/** The file a path names once symbolic links are followed, whether or not that file exists yet (ELOOP past 40 links). */
async function throughLinks(abs: string): Promise<string> {
  let p = abs;
  for (let hops = 0; hops <= 40; hops++) {
    const st = await fs.lstat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!st?.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), await fs.readlink(p));
  }
  throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
}

const REASONS: Record<string, { zh: string; en: string }> = {
  EACCES: { zh: '没有写入权限', en: 'permission denied' },
  EPERM: { zh: '没有写入权限', en: 'permission denied' },
  EROFS: { zh: '该位置只读', en: 'the location is read-only' },
  ENOSPC: { zh: '磁盘已满', en: 'the disk is full' },
  EDQUOT: { zh: '磁盘配额已满', en: 'the disk quota is used up' },
  EISDIR: { zh: '这是一个文件夹', en: 'it is a folder' },
  ENOTDIR: { zh: '路径中有一段是文件而不是文件夹', en: 'part of the path is a file, not a folder' },
  EEXIST: { zh: '已有同名文件，不是文件夹', en: 'a file of that name is in the way' },
  ENOENT: { zh: '路径不存在或不能在此建文件', en: 'the path does not exist or cannot hold files' },
  ENAMETOOLONG: { zh: '文件名太长', en: 'the name is too long' },
  EBUSY: { zh: '文件正被其他程序占用（是否在 Excel 中打开？）', en: 'the file is in use (is it open in Excel?)' },
  ELOOP: { zh: '符号链接循环', en: 'a loop of symbolic links' },
};

/** Makes an output folder (and its parents); a file-system failure is a UserError naming it. */
export async function makeOutputFolder(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true }).catch((err: unknown) => {
    throw cannotWrite(dir, err, 'folder');
  });
}

/** A file-system error while writing `target` as a UserError naming it; anything else unchanged. */
function cannotWrite(target: string, err: unknown, what: 'file' | 'folder' = 'file'): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (err instanceof UserError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const why = REASONS[code] ?? { zh: `系统错误 ${code}`, en: `system error ${code}` };
  const noun = what === 'file' ? { zh: '输出文件', en: 'the output file' } : { zh: '输出文件夹', en: 'the output folder' };
  return new UserError(
    { zh: `无法写入${noun.zh} ${target}：${why.zh}`, en: `Cannot write ${noun.en} ${target}: ${why.en}` },
    { file: target },
    { zh: '请检查路径和权限，或换一个输出位置。', en: 'Check the path and permissions, or choose another place for the output.' },
  );
}

export async function writeFileAtomically(target: string, data: string | Uint8Array, opts: { inputs?: readonly string[] } = {}): Promise<void> {
  await writeAtomically(target, (temp) => fs.writeFile(temp, data), opts);
}
