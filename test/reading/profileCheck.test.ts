import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BankProfileSchema, JournalProfileSchema } from '../../pipeline/read/profile';
import { quickBankProfileParse, quickJournalProfileParse } from '../../pipeline/read/profileQuickCheck';
import { templatesDir } from '../../pipeline/io/paths';

/**
 * Profiles are validated on load by a hand-written check of the usual shape, and by zod when that
 * check gives up. Whatever the quick check accepts must be exactly what zod makes of it — same
 * values, defaults filled in, same key order — or the profiles in use would depend on which of the
 * two read them; and everything zod refuses the quick check must leave to zod (for its message).
 */
function rawProfiles(sub: string): { name: string; raw: unknown }[] {
  const dir = templatesDir(sub);
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => ({ name, raw: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as unknown }));
}

const kinds = [
  { sub: 'banks', quick: quickBankProfileParse, schema: BankProfileSchema },
  { sub: 'finance', quick: quickJournalProfileParse, schema: JournalProfileSchema },
] as const;

/** The quick check agrees with zod on `raw`: gives zod's own output, or gives up. */
function agrees(quick: (raw: unknown) => unknown, schema: { safeParse(raw: unknown): { success: boolean; data?: unknown } }, raw: unknown): void {
  const q = quick(raw);
  if (q === undefined) return;
  const z = schema.safeParse(raw);
  expect(z.success).toBe(true);
  expect(q).toEqual(z.data);
  expect(JSON.stringify(q)).toBe(JSON.stringify(z.data)); // key order too
}

/** A JSON value to put somewhere a profile field was. */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', 'x', '日期', 'csv', 'xlsx', 'gb18030', '\t', 'signed', 'split', 'direction', 'prefix', 'exact', 'bank', 'journal', 'Bad Id', 'YYYYMMDD', 'HHmmss', '__proto__'),
  fc.constantFrom(0, 1, -1, 2.5, true, false, null),
  fc.constantFrom([], [''], ['a'], ['a', 'b'], [['a']], [1], {}, { zh: 'z', en: 'e' }, { column: 'c', credit: 'c', debit: 'd' }, { kind: 'split', credit: 'c', debit: 'd' }),
);

/** Every path (list of keys / indexes) inside a JSON value. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

type Edit = { path: (string | number)[]; op: 'set' | 'delete' | 'add'; value: unknown; key: string };

function edited(raw: unknown, e: Edit): unknown {
  const copy = JSON.parse(JSON.stringify(raw)) as unknown;
  if (e.path.length === 0) return e.op === 'set' ? e.value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const k of e.path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = e.path[e.path.length - 1];
  if (e.op === 'set') parent[last] = e.value;
  else if (e.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) Object.defineProperty(target, e.key, { value: e.value, enumerable: true, writable: true, configurable: true });
    else if (Array.isArray(target)) target.push(e.value);
  }
  return copy;
}

describe('profile validation: the quick check of the usual shape gives what zod gives', () => {
  for (const { sub, quick, schema } of kinds) {
    for (const { name, raw } of rawProfiles(sub)) {
      it(`${sub}/${name} is read by the quick check, exactly as zod reads it`, () => {
        const q = quick(raw);
        expect(q).toBeDefined(); // the shipped profiles do not pay for zod
        agrees(quick, schema, raw);
      });
    }

    it(`${sub}: any one edit of a shipped profile — a field changed, removed or added — is read as zod reads it, or left to zod`, () => {
      const profiles = rawProfiles(sub);
      const edit = fc
        .tuple(fc.nat(), fc.nat(), fc.constantFrom<'set' | 'delete' | 'add'>('set', 'delete', 'add'), jsonValue, fc.constantFrom('extra', 'negate', 'match', 'neutral', 'columns', '__proto__', 'kind'))
        .map(([p, at, op, value, key]) => {
          const { raw } = profiles[p % profiles.length];
          const all = paths(raw);
          return { raw, e: { path: all[at % all.length], op, value, key } as Edit };
        });
      fc.assert(
        fc.property(edit, ({ raw, e }) => {
          agrees(quick, schema, edited(raw, e));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('a malformed profile is left to zod, which names the field', () => {
    const [{ raw }] = rawProfiles('banks');
    const bad = { ...(raw as object), format: 'pdf' };
    expect(quickBankProfileParse(bad)).toBeUndefined();
    const z = BankProfileSchema.safeParse(bad);
    expect(z.success).toBe(false);
    expect(z.error?.issues[0]?.path.join('.')).toBe('format');
  });
});
