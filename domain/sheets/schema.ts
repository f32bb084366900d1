import { z } from 'zod';
import type { SheetDescription } from './description';

/**
 * The zod schema of a sheet description (templates/sheets/*.json). Pure, so the add-in can
 * validate the JSON it bundles with the very same rules the CLI applies when it loads the file.
 */
const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const argb = z.string().regex(/^[0-9A-Fa-f]{8}$/, 'ARGB colour such as FFFFF2CC');

const style = z
  .object({
    bold: z.boolean().optional(),
    fill: argb.optional(),
    fontColor: argb.optional(),
    align: z.enum(['left', 'center', 'right']).optional(),
    wrap: z.boolean().optional(),
  })
  .strict();

const column = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    header: bilingual,
    type: z.enum(['text', 'money', 'date', 'integer', 'decimal', 'percent', 'enum', 'id-number', 'phone']),
    required: z.boolean().optional(),
    width: z.number().positive().max(255).optional(),
    numberFormat: z.string().min(1).optional(),
    values: z.array(z.string().min(1)).min(1).optional(),
    computed: z.boolean().optional(),
    total: z.literal('sum').optional(),
    align: z.enum(['left', 'center', 'right']).optional(),
    wrap: z.boolean().optional(),
  })
  .strict()
  .refine((c) => c.type !== 'enum' || (c.values && c.values.length > 0), { message: 'enum columns need "values"' })
  .refine((c) => c.values === undefined || c.values.join(',').length <= 255, {
    message: 'the dropdown list is longer than Excel allows (255 characters)',
  })
  .refine((c) => c.total === undefined || ['money', 'integer', 'decimal'].includes(c.type), {
    message: 'only money, integer and decimal columns can be totalled',
  });

const conditional = z
  .object({
    column: z.string(),
    equals: z.union([z.string(), bilingual]).optional(),
    greaterThan: z.number().optional(),
    wholeRow: z.boolean().optional(),
    style,
    meaning: bilingual.optional(),
  })
  .strict()
  .refine((c) => (c.equals === undefined) !== (c.greaterThan === undefined), { message: 'give exactly one of "equals" or "greaterThan"' });

export const sheetDescriptionSchema = z
  .object({
    $comment: z.string().optional(),
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: bilingual.refine((n) => [n.zh, n.en].every((s) => s.length <= 31 && !/[[\]:*?/\\]/.test(s)), {
      message: 'sheet names are at most 31 characters without []:*?/\\',
    }),
    title: bilingual.optional(),
    columns: z.array(column).min(1),
    frozenRows: z.number().int().min(0),
    frozenColumns: z.number().int().min(0).optional(),
    print: z
      .object({
        orientation: z.enum(['landscape', 'portrait']),
        fitToWidth: z.boolean(),
        repeatHeader: z.boolean(),
        pagesAcross: z
          .object({ scale: z.number().int().min(10).max(400), repeatColumns: z.number().int().min(0), newPageAt: z.array(z.string()).min(1) })
          .strict()
          .optional(),
      })
      .strict(),
    signature: z.boolean(),
    protect: z.boolean().optional(),
    conditionalFormats: z.array(conditional).optional(),
    footnotes: z.array(bilingual).optional(),
    autoFilter: z.boolean().optional(),
    rowKey: z.array(z.string()).min(1).optional(),
    rowTieBreak: z.array(z.string()).min(1).optional(),
    formerRowKeys: z.array(z.array(z.string()).min(1)).min(1).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const keys = new Set<string>();
    d.columns.forEach((c, i) => {
      if (keys.has(c.key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['columns', i, 'key'], message: `duplicate column key "${c.key}"` });
      keys.add(c.key);
    });
    (d.conditionalFormats ?? []).forEach((c, i) => {
      if (!keys.has(c.column)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['conditionalFormats', i, 'column'], message: `no column "${c.column}"` });
    });
    for (const field of ['rowKey', 'rowTieBreak'] as const) {
      (d[field] ?? []).forEach((k, i) => {
        const c = d.columns.find((x) => x.key === k);
        if (!c) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field, i], message: `no column "${k}"` });
        // What identifies a row must be what Anjie writes, not what a person may type over.
        else if (!c.computed) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field, i], message: `"${k}" is an input column; a row's identity must be computed` });
      });
    }
    (d.formerRowKeys ?? []).forEach((set, i) =>
      set.forEach((k, j) => {
        const c = d.columns.find((x) => x.key === k);
        if (!c) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['formerRowKeys', i, j], message: `no column "${k}"` });
        else if (!c.computed) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['formerRowKeys', i, j], message: `"${k}" is an input column; a row's identity must be computed` });
      }),
    );
    if (d.formerRowKeys && !d.rowKey) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['formerRowKeys'], message: 'formerRowKeys are earlier rowKeys: give rowKey too' });
    if (d.rowTieBreak && !d.rowKey) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rowTieBreak'], message: 'rowTieBreak tells apart rows sharing a rowKey: give rowKey too' });
    const across = d.print.pagesAcross;
    if (across) {
      if (d.print.fitToWidth) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['print', 'fitToWidth'], message: 'a sheet printed several pages across is not fitted to one page\'s width (Excel would ignore its page breaks)' });
      // Each page starts after the repeated columns and after the page before it.
      let after = across.repeatColumns;
      across.newPageAt.forEach((k, i) => {
        const at = d.columns.findIndex((c) => c.key === k);
        if (at < 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['print', 'pagesAcross', 'newPageAt', i], message: `no column "${k}"` });
        else if (at <= after) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['print', 'pagesAcross', 'newPageAt', i], message: `"${k}" must come after the repeated columns and the page before it` });
        else after = at;
      });
    }
    if ((d.frozenColumns ?? 0) > d.columns.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['frozenColumns'], message: 'more frozen columns than columns' });
    }
  });

export type SheetDescriptionParse = { ok: true; description: SheetDescription } | { ok: false; problems: string[] };

/** Validates a parsed JSON value; problems read "columns.3.values: enum columns need "values"". */
export function parseSheetDescription(json: unknown): SheetDescriptionParse {
  const r = sheetDescriptionSchema.safeParse(json);
  if (r.success) {
    const { $comment: _c, ...description } = r.data;
    return { ok: true, description: description as SheetDescription };
  }
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}

/**
 * A description may say `"extends": "<id>"`: it takes the base description's fields and
 * overrides the top-level ones it gives (e.g. the blank register extends the register).
 */
export function resolveExtends(json: unknown, base: (id: string) => unknown): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return json;
  const { extends: parent, ...rest } = json as Record<string, unknown>;
  if (typeof parent !== 'string') return json;
  const b = resolveExtends(base(parent), base);
  if (!b || typeof b !== 'object') return rest;
  const { $comment: _c, ...baseFields } = b as Record<string, unknown>;
  return { ...baseFields, ...rest };
}
