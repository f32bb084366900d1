import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

/**
 * Write an output through a temporary file in the same folder, then rename, so a crash or a
 * refused input never leaves a half-written report behind. `produce` writes to the temp path.
 * Refuses to write over one of the run's own input files.
 */
export async function writeAtomically(
  target: string,
  produce: (tempPath: string) => Promise<void>,
  opts: { inputs?: readonly string[] } = {},
): Promise<void> {
  const abs = path.resolve(target);
  for (const input of opts.inputs ?? []) {
    if (path.resolve(input) === abs) {
      throw new UserError(
        { zh: `输出文件与输入文件相同：${path.basename(target)}`, en: `The output file is one of the input files: ${path.basename(target)}` },
        { file: target },
        { zh: '请为输出指定另一个文件名。', en: 'Choose another name for the output.' },
      );
    }
  }
  await fs.mkdir(path.dirname(abs), { recursive: true });
  const ext = path.extname(abs);
  const temp = path.join(path.dirname(abs), `.${path.basename(abs, ext)}.${process.pid}.${Date.now()}.tmp${ext}`);
  try {
    await produce(temp);
    await fs.rename(temp, abs);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export async function writeFileAtomically(target: string, data: string | Uint8Array, opts: { inputs?: readonly string[] } = {}): Promise<void> {
  await writeAtomically(target, (temp) => fs.writeFile(temp, data), opts);
}
