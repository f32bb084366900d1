import type { Bilingual } from '../domain/text';

/**
 * An error a person can act on: bilingual message, where it happened, what to do, exit code.
 * The CLI prints it without a stack trace. Anything else escaping to the top is a bug and is
 * reported as one (still without a stack unless ANJIE_DEBUG=1).
 */
export class UserError extends Error {
  constructor(
    readonly text: Bilingual,
    readonly where: { file?: string; sheet?: string; row?: number; column?: string } = {},
    readonly fix?: Bilingual,
    readonly exitCode = 2,
  ) {
    super(`${text.zh} / ${text.en}`);
    this.name = 'UserError';
  }
}

export function describeUserError(err: UserError): string {
  const w = err.where;
  const place = [
    w.file ? `文件 file: ${w.file}` : '',
    w.sheet ? `工作表 sheet: ${w.sheet}` : '',
    w.row ? `行 row: ${w.row}` : '',
    w.column ? `列 column: ${w.column}` : '',
  ].filter(Boolean);
  const lines = [`错误: ${err.text.zh}`, `Error: ${err.text.en}`];
  if (place.length) lines.push(place.join(', '));
  if (err.fix) lines.push(`处理办法: ${err.fix.zh}`, `What to do: ${err.fix.en}`);
  return lines.join('\n');
}
