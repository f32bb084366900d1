import type { Command } from 'commander';
import type { Lang } from '../../domain/sheets/description';
import { layoutSheet } from '../../domain/sheets/layoutSheet';
import { UserError } from '../errors';
import { parseLang } from '../render/options';
import { loadSheetDescription } from '../render/templates';
import { writeWorkbook } from '../render/workbook';

/** Writes the blank register a new project starts from (templates/sheets/register-blank.json). */
export async function writeBlankRegister(out: string, opts: { lang?: Lang; rows?: number; force?: boolean } = {}): Promise<void> {
  const desc = loadSheetDescription('register-blank');
  const layout = layoutSheet(desc, [], { lang: opts.lang ?? 'zh', blankRows: opts.rows ?? 200 });
  await writeWorkbook(out, [layout], { force: opts.force });
}

export function registerRegister(program: Command): void {
  const register = program.command('register').description('按揭台账 / the mortgage register');
  register
    .command('new')
    .description('生成空白按揭台账（带下拉列表、冻结表头、打印设置）/ write a blank register (dropdown lists, frozen header, print setup)')
    .requiredOption('--out <file>', '输出的 .xlsx 文件 / the .xlsx file to write')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--rows <n>', '带下拉列表的空白行数 / blank rows with dropdowns', '200')
    .option('--force', '覆盖已签核的文件 / overwrite a signed workbook')
    .action(async (opts: { out: string; lang: string; rows: string; force?: boolean }) => {
      const rows = Number(opts.rows);
      if (!Number.isInteger(rows) || rows < 1 || rows > 100000) {
        throw new UserError({ zh: `--rows 应为 1 到 100000 的整数：${opts.rows}`, en: `--rows must be a whole number from 1 to 100000: ${opts.rows}` });
      }
      await writeBlankRegister(opts.out, { lang: parseLang(opts.lang), rows, force: opts.force });
      process.stdout.write(`已生成空白台账 / blank register written: ${opts.out}\n`);
    });
}
