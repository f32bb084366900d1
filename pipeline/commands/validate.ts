import type { Command } from 'commander';
import { formatLocation, hasErrors, type Issue } from '../../domain/issues';
import { validateRegister, type RegisterValidation } from '../../domain/registerValidation/validate';
import { readRegisterWorkbook } from '../read/register';
import { parseDateOption } from '../render/options';
import { loadSheetDescription } from '../render/templates';

/** Reads and validates a register file; issues sorted (errors first), located by sheet/row/column. */
export async function validateRegisterFile(file: string, opts: { today?: string; showPii?: boolean } = {}): Promise<RegisterValidation & { sheet: string }> {
  const description = loadSheetDescription('register');
  const { sheet } = await readRegisterWorkbook(file, { description });
  const r = validateRegister(sheet, { description, today: opts.today ?? parseDateOption('--today', undefined), showPii: opts.showPii });
  return { ...r, sheet: sheet.sheet };
}

export function formatIssue(i: Issue): string {
  const sev = i.severity === 'error' ? '错误 error  ' : '提示 warning';
  const where = formatLocation({ ...i.location, file: undefined });
  const header = i.location.columnHeader ? ` [${i.location.columnHeader}]` : '';
  const lines = [`${sev} ${where}${header} ${i.code}: ${i.message.zh}`, `${' '.repeat(13)}${i.message.en}`];
  if (i.fix) lines.push(`${' '.repeat(13)}→ ${i.fix.zh} / ${i.fix.en}`);
  return lines.join('\n');
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('校验按揭台账：必填、身份证校验位、阶段顺序、金额、贷款类型、银行、重复、未来日期 / validate a register: required fields, ID checksums, stage order, amounts, loan type, bank, duplicates, future dates')
    .argument('<register>', '按揭台账 .xlsx / the register .xlsx')
    .option('--today <date>', '以此日期判断“未来日期”（默认上海今天）/ date used for "in the future" (default: today in Shanghai)')
    .option('--json', '以 JSON 输出问题列表 / print the issues as JSON')
    .option('--show-pii', '显示完整证件号 / show ID numbers in full')
    .addHelpText('after', '\n退出码 / exit codes: 0 无错误（可能有提示）/ no errors (warnings allowed), 1 有错误 / errors found, 2 无法读取 / cannot read')
    .action(async (file: string, opts: { today?: string; json?: boolean; showPii?: boolean }) => {
      const today = parseDateOption('--today', opts.today);
      const r = await validateRegisterFile(file, { today, showPii: opts.showPii });
      const errors = r.issues.filter((i) => i.severity === 'error').length;
      const warnings = r.issues.length - errors;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ file, sheet: r.sheet, rows: r.rows, errors, warnings, issues: r.issues }, null, 2)}\n`);
      } else {
        for (const i of r.issues) process.stdout.write(`${formatIssue(i)}\n`);
        process.stdout.write(
          `工作表「${r.sheet}」共 ${r.rows} 条房屋记录：${errors} 个错误，${warnings} 个提示 / sheet "${r.sheet}", ${r.rows} unit rows: ${errors} error(s), ${warnings} warning(s)\n`,
        );
      }
      if (hasErrors(r.issues)) process.exitCode = 1;
    });
}
