import Decimal from 'decimal.js';
import { z } from 'zod';
import { isValidDate, type LocalDate } from '../dates';
import type { Bilingual } from '../text';

/**
 * Fee rules as dated data (templates/fees/*.json), validated here so the add-in and the CLI
 * apply the same checks. Amounts and rates are decimal text ("0.015"), never floats.
 */
const DECIMAL_RE = /^\d+(\.\d+)?$/;
const decimalText = z.string().regex(DECIMAL_RE, '应为写成文本的小数，如 "0.015" / a decimal number written as text, e.g. "0.015"');
/** "0.015" → "1.5%". */
const pctText = (v: string) => `${new Decimal(v).times(100).toString()}%`;
/** "3" → "0.03": how a percentage written as a whole number is written as a fraction. */
const fractionOf = (v: string) => new Decimal(v).div(100).toString();

/** A rate or ratio: a fraction in [0, 1]. "3" for 3% is refused with the way to write it. */
const rateText = decimalText.refine((v) => !DECIMAL_RE.test(v) || new Decimal(v).lte(1), (v) => ({
  message: `比例应在 0 到 1 之间：${v}%请写作 "${fractionOf(v)}" / a rate is a fraction between 0 and 1: write ${v}% as "${fractionOf(v)}"`,
}));
/** 3%–5% (《中华人民共和国契税法》第三条), reliefs below: a rate above is a slipped decimal point ("0.1" for 1%), and would be charged. */
const DEED_TAX_MAX = new Decimal('0.05');
const deedTaxRateText = rateText.refine((v) => !DECIMAL_RE.test(v) || new Decimal(v).gt(1) || new Decimal(v).lte(DEED_TAX_MAX), (v) => {
  const meant = new Decimal(v).div(10);
  return {
    message: `契税税率不超过 5%（《契税法》第三条 3%–5%）：${v} 即 ${pctText(v)}；若是 ${pctText(meant.toString())}，请写作 "${meant.toString()}" / a deed-tax rate is at most 5% (Deed Tax Law art. 3: 3%–5%): ${v} is ${pctText(v)}; for ${pctText(meant.toString())}, write "${meant.toString()}"`,
  };
});
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const date = z
  .string()
  .regex(DATE_RE, '应为日期 YYYY-MM-DD / a date YYYY-MM-DD')
  .refine((v) => !DATE_RE.test(v) || isValidDate(v), (v) => ({ message: `不是真实的日期：${v} / not a calendar date: ${v}` }));
const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const dated = { effectiveFrom: date, effectiveTo: date.nullable() };
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '规则编号只用小写字母、数字和连字符 / a rule id is lower-case letters, digits and hyphens');

/** effectiveFrom ≤ effectiveTo, reported at effectiveTo. */
function fromBeforeTo(r: { effectiveFrom: string; effectiveTo: string | null }, ctx: z.RefinementCtx): void {
  if (r.effectiveTo !== null && r.effectiveTo < r.effectiveFrom) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['effectiveTo'],
      message: `失效日期 ${r.effectiveTo} 早于生效日期 ${r.effectiveFrom} / effectiveTo ${r.effectiveTo} is before effectiveFrom ${r.effectiveFrom}`,
    });
  }
}

const deedTaxRule = z
  .object({
    id: ruleId,
    name: bilingual,
    source: z.string().min(1),
    ...dated,
    areaThreshold: decimalText,
    firstHome: z.object({ atOrBelow: deedTaxRateText, above: deedTaxRateText }).strict(),
    secondHome: z.object({ atOrBelow: deedTaxRateText, above: deedTaxRateText }).strict(),
    otherRate: deedTaxRateText,
    nonResidentialRate: deedTaxRateText,
    /** Cities (maintenance-fund city ids) where the second-home rates do not apply: otherRate instead. */
    secondHomeExcludedCities: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict()
  .superRefine(fromBeforeTo);

/**
 * The VAT rate taken out of the price for the deed-tax base, by contract date: `general` for the
 * general method, `simple` (5%) for a project under the simple method (the file's vatMethod). Before
 * VAT replaced business tax (营业税, to 2016-04-30) both are 0: the base is the full price.
 */
const vatRate = z
  .object({
    id: ruleId,
    name: bilingual,
    source: z.string().min(1),
    ...dated,
    general: rateText,
    simple: rateText,
  })
  .strict()
  .superRefine(fromBeforeTo);

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
  .strict()
  .superRefine(fromBeforeTo);

const stampDutyRule = z
  .object({
    id: ruleId,
    name: bilingual,
    source: z.string().min(1),
    ...dated,
    exemptUsages: z.array(z.string()),
    rate: rateText,
    rateRuleId: ruleId,
    note: z.string().optional(),
  })
  .strict()
  .superRefine(fromBeforeTo);

/**
 * One city's maintenance-fund rate over a period. A city may have several entries (one `id`, dates
 * that do not overlap): the one in force on the contract date applies; each has its own `ruleId`.
 */
const maintenanceCity = z
  .object({
    id: ruleId,
    /** The rule id the ledger records for fees computed with this entry (unique in the file). */
    ruleId,
    name: bilingual,
    /** The figures illustrate the method; check them against the city's current notice. */
    example: z.boolean(),
    method: z.enum(['per-sqm-by-building-type', 'percent-of-price']),
    ratesPerSqm: z
      .record(z.string().min(1), decimalText)
      .refine((r) => Object.keys(r).length > 0, '每平方米费率不能为空 / ratesPerSqm must name at least one building type')
      .optional(),
    percentOfPrice: rateText.optional(),
    source: z.string().min(1),
    ...dated,
  })
  .strict()
  .superRefine(fromBeforeTo)
  .refine((c) => (c.method === 'percent-of-price' ? c.percentOfPrice !== undefined : c.ratesPerSqm !== undefined), {
    message: 'per-sqm-by-building-type 需要 ratesPerSqm，percent-of-price 需要 percentOfPrice / per-sqm-by-building-type needs ratesPerSqm; percent-of-price needs percentOfPrice',
  });

const withComment = <T extends z.ZodRawShape>(shape: T) => z.object({ $comment: z.string().optional(), ...shape }).strict();

type Dated = { id: string; effectiveFrom: string; effectiveTo: string | null };

/** Rules of one kind must not overlap in time; each comes with its place in the file. */
function noOverlap(rules: readonly { r: Dated; path: (string | number)[] }[], ctx: z.RefinementCtx): void {
  const sorted = [...rules].sort((a, b) => a.r.effectiveFrom.localeCompare(b.r.effectiveFrom));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1].r;
    const next = sorted[k].r;
    if (prev.effectiveTo === null || prev.effectiveTo >= next.effectiveFrom) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: sorted[k].path,
        message: `${prev.id} 与 ${next.id} 的有效期重叠 / ${prev.id} and ${next.id} overlap in time`,
      });
    }
  }
}

const placed = <T extends Dated>(list: readonly T[], at: string) => list.map((r, i) => ({ r, path: [at, i, 'effectiveFrom'] }));

/** Each value once: `what` names it in the message ("规则编号 / rule id"). */
function unique(values: readonly { value: string; path: (string | number)[] }[], what: { zh: string; en: string }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.value)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: v.path, message: `${what.zh}重复：${v.value} / duplicate ${what.en}: ${v.value}` });
    seen.add(v.value);
  }
}

const RULE_ID = { zh: '规则编号', en: 'rule id' };

function datedFile(f: { rules: Dated[] }, ctx: z.RefinementCtx): void {
  noOverlap(placed(f.rules, 'rules'), ctx);
  unique(f.rules.map((r, i) => ({ value: r.id, path: ['rules', i, 'id'] })), RULE_ID, ctx);
}

export const deedTaxFileSchema = withComment({
  /** general (default) or simple: which rate of each vatRates entry comes out of the price. */
  vatMethod: z.enum(['general', 'simple']).optional(),
  vatRates: z.array(vatRate).min(1),
  rules: z.array(deedTaxRule).min(1),
}).superRefine((f, ctx) => {
  datedFile(f, ctx);
  noOverlap(placed(f.vatRates, 'vatRates'), ctx);
  unique(f.vatRates.map((r, i) => ({ value: r.id, path: ['vatRates', i, 'id'] })), RULE_ID, ctx);
});
export const registrationFileSchema = withComment({ rules: z.array(registrationRule).min(1) }).superRefine(datedFile);
export const stampDutyFileSchema = withComment({ rules: z.array(stampDutyRule).min(1) }).superRefine(datedFile);
export const maintenanceFundFileSchema = withComment({ cities: z.array(maintenanceCity).min(1) }).superRefine((f, ctx) => {
  const byCity = new Map<string, { r: Dated; path: (string | number)[] }[]>();
  f.cities.forEach((c, i) => {
    const entry = { r: { id: c.ruleId, effectiveFrom: c.effectiveFrom, effectiveTo: c.effectiveTo }, path: ['cities', i, 'effectiveFrom'] };
    byCity.set(c.id, [...(byCity.get(c.id) ?? []), entry]);
  });
  for (const entries of byCity.values()) noOverlap(entries, ctx);
  unique(f.cities.map((c, i) => ({ value: c.ruleId, path: ['cities', i, 'ruleId'] })), RULE_ID, ctx);
});
export const depositFileSchema = withComment({
  default: z.object({ id: ruleId, ratio: rateText }).strict(),
  banks: z.array(z.object({ id: ruleId, bank: z.string().min(1), ratio: rateText, source: z.string() }).strict()),
}).superRefine((f, ctx) => {
  unique([{ value: f.default.id, path: ['default', 'id'] }, ...f.banks.map((b, i) => ({ value: b.id, path: ['banks', i, 'id'] }))], RULE_ID, ctx);
  unique(f.banks.map((b, i) => ({ value: b.bank, path: ['banks', i, 'bank'] })), { zh: '银行', en: 'bank' }, ctx);
});

export type DeedTaxRule = z.infer<typeof deedTaxRule>;
export type RegistrationRule = z.infer<typeof registrationRule>;
export type StampDutyRule = z.infer<typeof stampDutyRule>;
export type MaintenanceCity = z.infer<typeof maintenanceCity>;
export type VatRate = z.infer<typeof vatRate>;

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

/**
 * zod's own words for what the schemas do not say themselves (a field left out, a number where text
 * is written, a key misspelt, a method not offered), in Chinese, then English, as every message is:
 * the person editing the JSON reads them first.
 */
const bilingualErrors: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: '缺少此项 / this entry is missing' };
      if (issue.expected === 'string' && issue.received === 'number') {
        const n = String(ctx.data);
        return { message: `应写成带引号的文本 "${n}"，不是数字 ${n} / write it as text in quotes, "${n}", not the number ${n}` };
      }
      return { message: `应为 ${issue.expected}，不是 ${issue.received} / expected ${issue.expected}, received ${issue.received}` };
    case z.ZodIssueCode.unrecognized_keys: {
      const keys = issue.keys.join(', ');
      return { message: `不认识的字段：${issue.keys.join('、')} / unknown field${issue.keys.length > 1 ? 's' : ''}: ${keys}` };
    }
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `应为 ${issue.options.join('、')} 之一，不是 ${JSON.stringify(issue.received)} / should be one of ${issue.options.join(', ')}, not ${JSON.stringify(issue.received)}`,
      };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'array') return { message: `至少要有 ${String(issue.minimum)} 项 / at least ${String(issue.minimum)} item(s)` };
      if (issue.type === 'string') return { message: `不能为空 / must not be empty` };
      return { message: `不能小于 ${String(issue.minimum)} / must be at least ${String(issue.minimum)}` };
    default:
      return { message: `格式不对 / ${ctx.defaultError}` };
  }
};

/** Validates the five parsed JSON files; problems are prefixed with the file name. */
export function parseFeeRules(json: Record<keyof FeeRules, unknown>): FeeRulesParse {
  const problems: string[] = [];
  const out: Partial<FeeRules> = {};
  for (const key of Object.keys(FEE_RULE_FILES) as (keyof FeeRules)[]) {
    const { file, schema } = FEE_RULE_FILES[key];
    const r = schema.safeParse(json[key], { errorMap: bilingualErrors });
    if (r.success) (out as Record<string, unknown>)[key] = r.data;
    else problems.push(...r.error.issues.map((i) => `${file} ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: out as FeeRules };
}

/** The rule in force on a date (effectiveFrom ≤ date ≤ effectiveTo), or null. */
export function ruleInForce<T extends { effectiveFrom: string; effectiveTo: string | null }>(rules: readonly T[], on: LocalDate): T | null {
  return rules.find((r) => r.effectiveFrom <= on && (r.effectiveTo === null || on <= r.effectiveTo)) ?? null;
}

/** A city by id ("beijing") or by its Chinese or English name ("北京", "Beijing"): its first entry, or null. */
export function findCity(rules: FeeRules, city: string): MaintenanceCity | null {
  return cityEntries(rules, city)[0] ?? null;
}

/** Every dated entry of a city (by id or name), in file order. */
export function cityEntries(rules: FeeRules, city: string): MaintenanceCity[] {
  const c = city.trim().toLowerCase();
  const first = rules.maintenanceFund.cities.find((x) => x.id === c || x.name.zh === city.trim() || x.name.en.toLowerCase() === c);
  return first ? rules.maintenanceFund.cities.filter((x) => x.id === first.id) : [];
}

/** A city's name to show, in both languages: the rules' name, else what was given. */
export function cityName(rules: FeeRules, city: string): Bilingual {
  const found = findCity(rules, city);
  return found ? found.name : { zh: city.trim(), en: city.trim() };
}

/** Each city once (a city with several dated entries is one city), with its id and its name as the rules give it (北京 / Beijing). */
export function cityNames(rules: FeeRules): { id: string; name: Bilingual }[] {
  const out: { id: string; name: Bilingual }[] = [];
  for (const c of rules.maintenanceFund.cities) {
    if (!out.some((x) => x.id === c.id)) out.push({ id: c.id, name: c.name });
  }
  return out;
}
