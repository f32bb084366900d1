import { z } from 'zod';
import type { LocalDate } from '../dates';
import type { Bilingual } from '../text';

/**
 * Fee rules as dated data (templates/fees/*.json), validated here so the add-in and the CLI
 * apply the same checks. Amounts and rates are decimal text ("0.015"), never floats.
 */
const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal number written as text, e.g. "0.015"');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const dated = { effectiveFrom: date, effectiveTo: date.nullable() };
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

const deedTaxRule = z
  .object({
    id: ruleId,
    name: bilingual,
    source: z.string().min(1),
    ...dated,
    areaThreshold: decimalText,
    firstHome: z.object({ atOrBelow: decimalText, above: decimalText }).strict(),
    secondHome: z.object({ atOrBelow: decimalText, above: decimalText }).strict(),
    otherRate: decimalText,
    nonResidentialRate: decimalText,
    /** Cities (maintenance-fund city ids) where the second-home rates do not apply: otherRate instead. */
    secondHomeExcludedCities: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict();

const registrationRule = z
  .object({
    id: ruleId,
    name: bilingual,
    source: z.string().min(1),
    ...dated,
    residential: decimalText,
    nonResidential: decimalText,
    freeCertificates: z.number().int().min(0),
    extraCertificate: decimalText,
    extraCertificateRuleId: ruleId,
    note: z.string().optional(),
  })
  .strict();

const stampDutyRule = z
  .object({
    id: ruleId,
    name: bilingual,
    source: z.string().min(1),
    ...dated,
    exemptUsages: z.array(z.string()),
    rate: decimalText,
    rateRuleId: ruleId,
    note: z.string().optional(),
  })
  .strict();

const maintenanceCity = z
  .object({
    id: ruleId,
    name: bilingual,
    /** The figures illustrate the method; check them against the city's current notice. */
    example: z.boolean(),
    method: z.enum(['per-sqm-by-building-type', 'percent-of-price']),
    ratesPerSqm: z.record(z.string(), decimalText).optional(),
    percentOfPrice: decimalText.optional(),
    source: z.string().min(1),
    ...dated,
  })
  .strict()
  .refine((c) => (c.method === 'percent-of-price' ? c.percentOfPrice !== undefined : c.ratesPerSqm !== undefined), {
    message: 'per-sqm-by-building-type needs ratesPerSqm; percent-of-price needs percentOfPrice',
  });

const withComment = <T extends z.ZodRawShape>(shape: T) => z.object({ $comment: z.string().optional(), ...shape }).strict();

function noOverlap(rules: { id: string; effectiveFrom: string; effectiveTo: string | null }[], ctx: z.RefinementCtx): void {
  const sorted = [...rules].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.effectiveTo === null || prev.effectiveTo >= sorted[i].effectiveFrom) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `rules ${prev.id} and ${sorted[i].id} overlap in time` });
    }
  }
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `duplicate rule id ${r.id}` });
    ids.add(r.id);
  }
}

export const deedTaxFileSchema = withComment({ vatRate: decimalText, rules: z.array(deedTaxRule).min(1) }).superRefine((f, ctx) => noOverlap(f.rules, ctx));
export const registrationFileSchema = withComment({ rules: z.array(registrationRule).min(1) }).superRefine((f, ctx) => noOverlap(f.rules, ctx));
export const stampDutyFileSchema = withComment({ rules: z.array(stampDutyRule).min(1) }).superRefine((f, ctx) => noOverlap(f.rules, ctx));
export const maintenanceFundFileSchema = withComment({ cities: z.array(maintenanceCity).min(1) });
export const depositFileSchema = withComment({
  default: z.object({ id: ruleId, ratio: decimalText }).strict(),
  banks: z.array(z.object({ id: ruleId, bank: z.string().min(1), ratio: decimalText, source: z.string() }).strict()),
});

export type DeedTaxRule = z.infer<typeof deedTaxRule>;
export type RegistrationRule = z.infer<typeof registrationRule>;
export type StampDutyRule = z.infer<typeof stampDutyRule>;
export type MaintenanceCity = z.infer<typeof maintenanceCity>;

export interface FeeRules {
  deedTax: z.infer<typeof deedTaxFileSchema>;
  registration: z.infer<typeof registrationFileSchema>;
  stampDuty: z.infer<typeof stampDutyFileSchema>;
  maintenanceFund: z.infer<typeof maintenanceFundFileSchema>;
  deposit: z.infer<typeof depositFileSchema>;
}

/** The file name (in templates/fees/) and schema of each part of FeeRules. */
export const FEE_RULE_FILES = {
  deedTax: { file: 'deed-tax.json', schema: deedTaxFileSchema },
  registration: { file: 'registration.json', schema: registrationFileSchema },
  stampDuty: { file: 'stamp-duty.json', schema: stampDutyFileSchema },
  maintenanceFund: { file: 'maintenance-fund.json', schema: maintenanceFundFileSchema },
  deposit: { file: 'deposit.json', schema: depositFileSchema },
} as const;

export type FeeRulesParse = { ok: true; value: FeeRules } | { ok: false; problems: string[] };

/** Validates the five parsed JSON files; problems are prefixed with the file name. */
export function parseFeeRules(json: Record<keyof FeeRules, unknown>): FeeRulesParse {
  const problems: string[] = [];
  const out: Partial<FeeRules> = {};
  for (const key of Object.keys(FEE_RULE_FILES) as (keyof FeeRules)[]) {
    const { file, schema } = FEE_RULE_FILES[key];
    const r = schema.safeParse(json[key]);
    if (r.success) (out as Record<string, unknown>)[key] = r.data;
    else problems.push(...r.error.issues.map((i) => `${file} ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: out as FeeRules };
}

/** The rule in force on a date (effectiveFrom ≤ date ≤ effectiveTo), or null. */
export function ruleInForce<T extends { effectiveFrom: string; effectiveTo: string | null }>(rules: readonly T[], on: LocalDate): T | null {
  return rules.find((r) => r.effectiveFrom <= on && (r.effectiveTo === null || on <= r.effectiveTo)) ?? null;
}

/** A city by id ("beijing") or by its Chinese or English name ("北京", "Beijing"). */
export function findCity(rules: FeeRules, city: string): MaintenanceCity | null {
  const c = city.trim().toLowerCase();
  return rules.maintenanceFund.cities.find((x) => x.id === c || x.name.zh === city.trim() || x.name.en.toLowerCase() === c) ?? null;
}

export function cityNames(rules: FeeRules): Bilingual[] {
  return rules.maintenanceFund.cities.map((c) => ({ zh: `${c.name.zh}（${c.id}）`, en: `${c.name.en} (${c.id})` }));
}
