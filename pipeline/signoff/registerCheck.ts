import { formatLocation, type Issue } from '../../domain/issues';
import { validateRegister } from '../../domain/registerValidation/validate';
import { UserError } from '../errors';
import { readRegisterWorkbook, registerHeaderFinder } from '../read/register';
import { parseDateOption } from '../render/options';
import { loadSheetDescription } from '../render/templates';
import { NotStreamable, openWorkbookParts, streamSheetCells } from './streamSheet';

/** Thrown from a row callback to stop streaming a sheet once its header rows have been seen. */
class Seen extends Error {}

/**
 * Whether the workbook holds a register (its header within a sheet's first rows, as
 * readRegisterWorkbook finds it), read streamed: only each sheet's first rows are looked at, so
 * signing a 100,000-row reconciliation report does not load it. null: the streaming reader cannot
 * read this workbook (exceljs reads it then).
 */
async function holdsRegister(file: string): Promise<boolean | null> {
  const finder = registerHeaderFinder();
  let parts: Awaited<ReturnType<typeof openWorkbookParts>>;
  try {
    parts = await openWorkbookParts(file);
  } catch (err) {
    if (err instanceof NotStreamable) return null;
    return false; // unreadable: signing says so
  }
  for (const { name } of parts.sheets) {
    let found = false;
    try {
      await streamSheetCells(parts, name, (row, cells) => {
        if (row > finder.rows) throw new Seen();
        const texts = cells.flatMap((c) => (c.value?.kind === 'text' ? [c.value.text] : []));
        if (finder.isHeader(texts)) {
          found = true;
          throw new Seen();
        }
      });
    } catch (err) {
      if (err instanceof NotStreamable) return null;
      if (!(err instanceof Seen)) return false;
    }
    if (found) return true;
  }
  return false;
}

/**
 * The register's validation errors, as of today (Asia/Shanghai), when the workbook about to be
 * signed holds a register; [] when it holds none or cannot be read (signing says why).
 */
async function registerErrors(file: string): Promise<Issue[]> {
  if ((await holdsRegister(file)) === false) return [];
  const description = loadSheetDescription('register');
  let sheet;
  try {
    ({ sheet } = await readRegisterWorkbook(file, { description }));
  } catch (err) {
    if (err instanceof UserError) return []; // no register, or unreadable: signing says so
    throw err;
  }
  const { issues } = validateRegister(sheet, { description, today: parseDateOption('--today', undefined) });
  return issues.filter((i) => i.severity === 'error');
}

/**
 * As the 签核 panel does: a workbook whose register has validation errors is signed only with a
 * reason (kept in the record), by every signer; without one, refused naming the errors' count and the first ones.
 */
export async function assertRegisterSignable(file: string, reason: string | undefined): Promise<void> {
  if ((reason ?? '').trim()) return;
  const errors = await registerErrors(file);
  if (!errors.length) return;
  const first = errors.slice(0, 3).map((i) => `${formatLocation({ ...i.location, file: undefined })} ${i.code}`);
  const more = errors.length > first.length;
  throw new UserError(
    {
      zh: `工作簿仍有 ${errors.length} 个校验错误，不能签核：${first.join('；')}${more ? ' 等' : ''}`,
      en: `The workbook still has ${errors.length} validation error(s); it cannot be signed: ${first.join('; ')}${more ? ' …' : ''}`,
    },
    { file: file.split(/[\\/]/).pop() ?? file },
    {
      zh: '请先改正错误（anjie validate 列出全部）；如确需签核，请加 --reason 写明原因（记入签核记录）。',
      en: 'Fix them first (anjie validate lists them all), or add --reason saying why you sign anyway (kept in the sign-off record).',
    },
  );
}
