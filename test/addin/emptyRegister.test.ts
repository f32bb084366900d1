import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { createRegister, generateProgress } from '../../addin/services/actions';
import { computeFees } from '../../addin/services/fees';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';
import { AddinError } from '../../addin/excel/errors';
import type { Lang } from '../../domain/sheets/description';

/**
 * A new project's blank register (创建台账) has a header and no unit rows. Generating from it is
 * refused, the workbook left as it was, saying the register has no units yet and to fill them in:
 * "validate and correct the errors" sent the desk looking for errors validation does not find.
 */
async function blankWorkbook(lang: Lang = 'zh') {
  const host = memoryHost();
  const r = await createRegister(host, lang);
  return { host, sheet: r.sheet };
}

async function refusal(work: Promise<unknown>): Promise<AddinError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AddinError);
  return err as AddinError;
}

describe('generating from a register with no units yet', () => {
  const runs = {
    progress: (host: ReturnType<typeof memoryHost>, lang: Lang) => generateProgress(host, { week: '2026-W48', lang }),
    fees: (host: ReturnType<typeof memoryHost>, lang: Lang) => computeFees(host, { city: 'beijing', lang }),
    'title search (stage)': (host: ReturnType<typeof memoryHost>, lang: Lang) => createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang }),
    'title search (selected rows)': (host: ReturnType<typeof memoryHost>, lang: Lang) => createTitleSearch(host, { scope: { kind: 'selected' }, lang }),
    // Not 没有发现问题, as if searches had been checked.
    'title search check': (host: ReturnType<typeof memoryHost>, lang: Lang) => validateTitleSearch(host, lang),
  };
  for (const [what, run] of Object.entries(runs)) {
    it(`${what}: refused, nothing written, saying the register has no units yet and to fill them in`, async () => {
      const { host, sheet } = await blankWorkbook();
      // The selected-rows choice with the first blank input row selected, as a person would try it.
      host.fake.select(sheet, { row: 3, col: 0, rows: 1, cols: 1 });
      const before = host.fake.sheetNames();
      const err = await refusal(run(host, 'zh'));
      expect(err.text.zh).toContain(`台账“${sheet}”里还没有房屋`);
      expect(err.text.zh).toContain('填写房屋');
      expect(err.text.zh).not.toContain('改正错误');
      expect(err.text.zh).not.toContain('较早的阶段');
      expect(err.text.en).toContain(`the register "${sheet}" has no units yet`);
      expect(err.text.en).not.toContain('fix the errors');
      expect(host.fake.sheetNames()).toEqual(before);
    });
  }

  it('says so in English from an English pane', async () => {
    const { host, sheet } = await blankWorkbook('en');
    const err = await refusal(generateProgress(host, { week: '2026-W48', lang: 'en' }));
    expect(err.text.en).toMatch(new RegExp(`^The progress sheet was not generated; the workbook was not changed: the register "${sheet}" has no units yet`));
  });

  it('rows typed that no unit could be read from still send the desk to the errors validation lists', async () => {
    const { host, sheet } = await blankWorkbook();
    const s = host.fake.sheet(sheet);
    const header = s.rows.findIndex((row) => row?.[0]?.v === '项目');
    s.ensure(header + 1, 0).v = '滨江花园';
    s.ensure(header + 1, 1).v = '3栋';
    const err = await refusal(computeFees(host, { city: 'beijing', lang: 'zh' }));
    expect(err.text.zh).toContain('1 行');
    expect(err.text.zh).toContain('校验台账');
    expect(err.text.zh).not.toContain('还没有房屋');
  });
});
