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
      }),
    ),
    reversalKeywords: z.array(z.string().min(1)),
    providentKeywords: z.array(z.string().min(1)),
    disbursementKeywords: z.array(z.string().min(1)).optional(),
    depositKeywords: z.array(z.string().min(1)),
    ownAccountNames: z.array(z.string().min(1)),
  })
  .strict();

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UserError({ zh: `无法读取对账规则文件：${path.basename(file)}`, en: `Cannot read the reconciliation rules file: ${path.basename(file)}` }, { file });
  }
  try {
    const data = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    delete data.$comment;
    return data;
  } catch (err) {
    throw new UserError({ zh: `对账规则文件不是有效的 JSON：${(err as Error).message}`, en: `The reconciliation rules file is not valid JSON: ${(err as Error).message}` }, { file });
  }
}

function invalid(file: string, err: z.ZodError): UserError {
  const detail = err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new UserError({ zh: `对账规则文件内容不对：${detail}`, en: `The reconciliation rules file is invalid: ${detail}` }, { file });
}

/** templates/reconcile.json, with the keys of `overrideFile` (--config) replacing the defaults. */
export async function loadReconcileConfig(overrideFile?: string): Promise<ReconcileConfig> {
  const defaultsFile = templatesDir('reconcile.json');
  let base: Record<string, unknown>;
  try {
    await fs.access(defaultsFile);
    base = (await readJson(defaultsFile)) as Record<string, unknown>;
  } catch {
    base = { ...(bundledDefaults as Record<string, unknown>) };
    delete base.$comment;
  }
  let merged = base;
  if (overrideFile) {
    const extra = await readJson(overrideFile);
    if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw new UserError({ zh: '对账规则文件应为 JSON 对象', en: 'The reconciliation rules file must hold a JSON object' }, { file: overrideFile });
    merged = { ...base, ...(extra as Record<string, unknown>) };
  }
  const parsed = reconcileConfigSchema.safeParse(merged);
  if (!parsed.success) throw invalid(overrideFile ?? defaultsFile, parsed.error);
  return parsed.data;
}

/**
 * templates/fees/deposit.json — the per-bank 按揭保证金 ratios the fee ledger uses (computeDeposit):
 * the reconciliation gives a register unit without its own ratio its lending bank's (else the default).
 */
export function loadDepositRatios(): DepositRules {
  const { file, schema } = FEE_RULE_FILES.deposit;
  return loadTemplate((json) => {
    const r = schema.safeParse(json);
    return r.success ? { ok: true, value: { default: r.data.default, banks: r.data.banks } } : { ok: false, problems: r.error.issues.map((i) => `${file} ${i.path.join('.') || '(root)'}: ${i.message}`) };
  }, 'fees', file);
}
