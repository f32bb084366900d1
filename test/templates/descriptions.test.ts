import { describe, expect, it } from 'vitest';
import { parseSheetDescription } from '../../domain/sheets/schema';
import { loadSheetDescription, readTemplateJson, sheetDescriptionIds } from '../../pipeline/render/templates';

describe('sheet descriptions in templates/sheets', () => {
  it('every description loads and validates', () => {
    const ids = sheetDescriptionIds();
    expect(ids).toEqual(
      expect.arrayContaining(['register', 'register-blank', 'progress', 'title-search', 'title-search-summary', 'fee-ledger', 'fee-balances', 'deposits']),
    );
    for (const id of ids) expect(loadSheetDescription(id).id).toBe(id);
  });

  it('the blank register has the register columns in the same order', () => {
    const reg = loadSheetDescription('register');
    const blank = loadSheetDescription('register-blank');
    expect(blank.columns.map((c) => c.key)).toEqual(reg.columns.map((c) => c.key));
    expect(blank.title?.zh).toBe('按揭台账（空白）');
  });

  it('rejects a description with a broken column, naming where', () => {
    const json = readTemplateJson('sheets', 'progress.json') as { columns: { type: string; key: string }[] };
    const bad = { ...json, columns: [...json.columns, { key: 'x', header: { zh: '状态', en: 'State' }, type: 'enum' }, { ...json.columns[0] }] };
    const r = parseSheetDescription(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.join('\n')).toMatch(/enum columns need "values"/);
      expect(r.problems.join('\n')).toMatch(/duplicate column key "seq"/);
    }
  });

  it('rejects pages across that Excel would not print as described, naming where', () => {
    const json = readTemplateJson('sheets', 'register.json') as { print: Record<string, unknown> };
    const across = { scale: 75, repeatColumns: 4, newPageAt: ['contractNo', 'buyer2Name', 'noSuchColumn', 'building'] };
    const r = parseSheetDescription({ ...json, print: { ...json.print, fitToWidth: true, pagesAcross: across } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const problems = r.problems.join('\n');
      expect(problems).toMatch(/print\.fitToWidth: .*page breaks/);
      // Out of column order, and inside the repeated columns.
      expect(problems).toMatch(/print\.pagesAcross\.newPageAt\.1: "buyer2Name" must come after/);
      expect(problems).toMatch(/print\.pagesAcross\.newPageAt\.2: no column "noSuchColumn"/);
      expect(problems).toMatch(/print\.pagesAcross\.newPageAt\.3: "building" must come after/);
    }
  });
});
