import { z } from 'zod';
import type { StageKey } from '../stages';

/** templates/stages.json: days a unit may stay in a stage before it is overdue. */
const stageKeys = [
  'signed',
  'filed',
  'docsComplete',
  'sentToBank',
  'bankInterview',
  'approved',
  'mortgageRegistered',
  'disbursed',
  'certificateHandedOver',
  'depositRefunded',
] as const;

export const stageThresholdsSchema = z
  .object({
    $comment: z.string().optional(),
    overdueDays: z.record(z.enum(stageKeys), z.number().int().positive()),
  })
  .strict();

export type StageThresholds = Partial<Record<StageKey, number>>;

export function parseStageThresholds(json: unknown): { ok: true; value: StageThresholds } | { ok: false; problems: string[] } {
  const r = stageThresholdsSchema.safeParse(json);
  if (r.success) return { ok: true, value: r.data.overdueDays };
  return { ok: false, problems: r.error.issues.map((i) => `stages.json ${i.path.join('.') || '(root)'}: ${i.message}`) };
}
