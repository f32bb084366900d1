import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { DepositRules, ReconcileConfig } from '../../domain/reconcile';
import { FEE_RULE_FILES } from '../../domain/fees/rules';
import { loadTemplate } from '../render/templates';
import { UserError } from '../errors';
import { templatesDir } from '../io/paths';
// Imported as well as read: tsc then emits it next to the compiled code, where projectRoot() may look.
import bundledDefaults from '../../templates/reconcile.json';

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

export const reconcileConfigSchema = z
  .object({
    dateWindowDays: z.number().int().min(0).max(366),
    nearWindowDays: z.number().int().min(0).max(366),
    notMortgage: z.array(
      z.object({
        id: z.string().min(1),
        name: bilingual,
        side: z.enum(['bank', 'finance', 'both']),
        keywords: z.array(z.string().min(1)).min(1),
        yieldsToDisbursement: z.boolean().optional(),
        carriedAcrossMonthEnd: z.boolean().optional(),
      }),
    ),
    reversalKeywords: z.array(z.string().min(1)),
    providentKeywords: z.array(z.string().min(1)),
    disbursementKeywords: z.array(z.string().min(1)).optional(),
    depositKeywords: z.array(z.string().min(1)),
    ownAccountNames: z.array(z.string().min(1)),
  })
  .strict()
  // A credit booked within dateWindowDays is matched outright; a near match looks further, up to
  // nearWindowDays. The other way round the near rules would never see a pair the first did not take.
  .refine((c) => c.dateWindowDays <= c.nearWindowDays, {
    path: ['dateWindowDays'],
    message: 'must not be more than nearWindowDays',
    params: { zh: '不能大于 nearWindowDays' },
  });

const SAVE_AS_UTF8 = {
  zh: '请用记事本或其他编辑器把该文件另存为 UTF-8 编码（记事本：另存为 → 编码 → UTF-8）。',
  en: 'Save the file as UTF-8 in Notepad or another editor (Notepad: Save As → Encoding → UTF-8).',
};

async function readJson(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UserError({ zh: `无法读取对账规则文件：${path.basename(file)}`, en: `Cannot read the reconciliation rules file: ${path.basename(file)}` }, { file });
  }
  // Bytes that are not UTF-8 (a file saved as GBK/GB18030, as Chinese Windows does by default)
  // decode to U+FFFD: its keywords would match nothing, without a word.
  if (text.includes('\ufffd')) {
    throw new UserError(
      { zh: '对账规则文件不是 UTF-8 编码（可能是 GBK/GB18030），其中的中文无法读取', en: 'The reconciliation rules file is not UTF-8 (GBK/GB18030?): its Chinese text cannot be read' },
      { file },
      SAVE_AS_UTF8,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError({ zh: '对账规则文件不是有效的 JSON（详见下行英文说明）', en: `The reconciliation rules file is not valid JSON: ${(err as Error).message}` }, { file });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError({ zh: '对账规则文件应为 JSON 对象（{ … }）', en: 'The reconciliation rules file must hold a JSON object ({ … })' }, { file });
  }
  const rules = { ...(data as Record<string, unknown>) };
  delete rules.$comment;
  return rules;
}

const TYPE_ZH: Record<string, string> = { number: '数字', string: '文字', array: '列表', object: '对象', boolean: '真/假', null: 'null', integer: '整数' };

/** One zod issue in Chinese: where, and what is wrong. */
function issueZh(i: z.ZodIssue): string {
  const at = i.path.join('.') || '（根）';
  switch (i.code) {
    case 'invalid_type':
      return i.received === 'undefined' ? `${at}：缺少该项` : `${at}：应为${TYPE_ZH[i.expected] ?? i.expected}，而不是${TYPE_ZH[i.received] ?? i.received}`;
    case 'too_small':
      return i.type === 'array' ? `${at}：至少 ${i.minimum} 项` : i.type === 'string' ? `${at}：不能为空` : `${at}：不能小于 ${i.minimum}`;
    case 'too_big':
      return i.type === 'array' ? `${at}：至多 ${i.maximum} 项` : `${at}：不能大于 ${i.maximum}`;
    case 'unrecognized_keys':
      return `${at === '（根）' ? '' : `${at}：`}未知的项 ${i.keys.join('、')}`;
    case 'invalid_enum_value':
      return `${at}：应为 ${i.options.join('、')} 之一`;
    case 'custom':
      return `${at}：${(i.params as { zh?: string } | undefined)?.zh ?? i.message}`;
    default:
      return `${at}：格式不对`;
  }
}

function invalid(file: string, err: z.ZodError): UserError {
  const zh = err.issues.map(issueZh).join('；');
  const en = err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new UserError({ zh: `对账规则文件内容不对：${zh}`, en: `The reconciliation rules file is invalid: ${en}` }, { file });
}

/** templates/reconcile.json, with the keys of `overrideFile` (--config) replacing the defaults. */
export async function loadReconcileConfig(overrideFile?: string): Promise<ReconcileConfig> {
  const defaultsFile = templatesDir('reconcile.json');
  let base: Record<string, unknown>;
  try {
    await fs.access(defaultsFile);
    base = await readJson(defaultsFile);
  } catch {
    base = { ...(bundledDefaults as Record<string, unknown>) };
    delete base.$comment;
  }
  let merged = base;
  if (overrideFile) {
    merged = { ...base, ...(await readJson(overrideFile)) };
  }
  const parsed = reconcileConfigSchema.safeParse(merged);
  if (!parsed.success) throw invalid(overrideFile ?? defaultsFile, parsed.error);
  return parsed.data;
}

/**
 * templates/fees/deposit.json — the per-bank 按揭保证金 ratios the fee ledger uses (computeDeposit):
 * the reconciliation gives a register unit without its own ratio its lending bank's (else the default),
 * and none to a unit whose bank is off the register's bank list (unknownDepositRatio).
 */
export function loadDepositRatios(): DepositRules {
  const { file, schema } = FEE_RULE_FILES.deposit;
  return loadTemplate((json) => {
    const r = schema.safeParse(json);
    return r.success ? { ok: true, value: { default: r.data.default, banks: r.data.banks } } : { ok: false, problems: r.error.issues.map((i) => `${file} ${i.path.join('.') || '(root)'}: ${i.message}`) };
  }, 'fees', file);
}
