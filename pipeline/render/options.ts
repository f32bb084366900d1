import type { Lang } from '../../domain/sheets/description';
import { isValidDate, shanghaiToday } from '../../domain/dates';
import { UserError } from '../errors';

/** --lang zh|en (headers and sheet names of generated workbooks). */
export function parseLang(value: string | undefined): Lang {
  const v = (value ?? 'zh').trim().toLowerCase();
  if (v === 'zh' || v === 'zh-cn' || v === 'cn' || v === '中文') return 'zh';
  if (v === 'en' || v === 'en-us' || v === 'english') return 'en';
  throw new UserError({ zh: `--lang 只能是 zh 或 en：${value}`, en: `--lang must be zh or en: ${value}` });
}

/** A YYYY-MM-DD option, or today in Asia/Shanghai when absent. */
export function parseDateOption(name: string, value: string | undefined): string {
  if (value === undefined) return shanghaiToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value)) {
    throw new UserError({ zh: `${name} 应为 YYYY-MM-DD 格式的日期：${value}`, en: `${name} must be a date YYYY-MM-DD: ${value}` });
  }
  return value;
}
