/**
 * The language a group of generated sheets is written in (生成进度表's, 计算费用's four, 创建查册表's
 * summary): the pane's, unless the workbook already has Anjie's sheets of the group under their
 * names in the other language and none under the pane's. A desk member whose pane is in English
 * then regenerates the team's 按揭进度表 in Chinese, in place — what was typed on it carried over,
 * its signature checked — instead of adding a second progress sheet "Weekly progress" beside it.
 * Whether a sheet is Anjie's is writeLayout's rule (isGeneratedSheet: a row holds every header
 * Anjie writes on it, or the workbook keeps Anjie's record of it and its row-matching headers are
 * there), except that an empty sheet tells no language: it decides nothing.
 */
import { isGeneratedSheet, parseRecord } from '../../domain/sheets/carryOver';
import type { Lang, SheetDescription } from '../../domain/sheets/description';
import type { Bilingual } from '../../domain/text';
import type { ExcelHost } from '../excel/host';
import { INPUTS_SETTING, RUN_OPTIONS } from '../excel/requests';
import { readSettingsIn, readSheetsIn } from '../excel/sheets';

export interface GeneratedSheetName {
  /** The sheet's name in each language ("按揭进度表" / "Weekly progress"). */
  name: Bilingual;
  description: SheetDescription;
}

export interface SheetLanguage {
  lang: Lang;
  /** The sheets of the other language that kept the group in it (empty: the pane's language is used). */
  kept: string[];
}

/**
 * `known`: the workbook's sheet names as the caller's register read found them (RegisterLocation.workbookSheets).
 * No round trip when none of them is one of the names in the other language (a fresh workbook, or one
 * of the pane's language), the common case; unknown, one to list the sheets. Two more when there is one.
 */
export async function sheetLanguage(host: ExcelHost, sheets: readonly GeneratedSheetName[], lang: Lang, known?: readonly string[]): Promise<SheetLanguage> {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const pane: SheetLanguage = { lang, kept: [] };
  // Excel compares sheet names without case.
  const differ = sheets.filter((s) => s.name.zh.toLowerCase() !== s.name.en.toLowerCase());
  if (!differ.length) return pane;
  if (known) {
    const names = new Set(known.map((n) => n.toLowerCase()));
    if (!differ.some((s) => names.has(s.name[other].toLowerCase()))) return pane;
  }
  return host.run(RUN_OPTIONS, async (context) => {
    const all = context.workbook.worksheets.load('items/name');
    await context.sync();
    const present = new Map(all.items.map((w) => [w.name.toLowerCase(), w.name]));
    const named = (l: Lang) => differ.flatMap((s) => {
      const sheet = present.get(s.name[l].toLowerCase());
      return sheet !== undefined ? [{ sheet, description: s.description }] : [];
    });
    const theirs = named(other);
    if (!theirs.length) return pane;
    const ours = named(lang);
    const look = [...theirs, ...ours];
    const grids = await readSheetsIn(context, look.map((s) => s.sheet));
    const records = await readSettingsIn(context, look.map((s) => `${INPUTS_SETTING}.${s.sheet}`));
    // readSheetsIn leaves out a sheet without values.
    const anjies = look.map((s, i) => {
      const grid = grids.get(s.sheet);
      return grid !== undefined && isGeneratedSheet(s.description, grid, parseRecord(records[i]) !== null);
    });
    if (anjies.slice(theirs.length).some(Boolean)) return pane;
    const kept = theirs.filter((_, i) => anjies[i]).map((s) => s.sheet);
    return kept.length ? { lang: other, kept } : pane;
  });
}

/** What the pane says when the group was written in the language of the sheets already there (`lang`), not the pane's. */
export function keptLanguageNotice(kept: readonly string[], lang: Lang): Bilingual {
  const zhLang = lang === 'zh' ? '中文' : '英文';
  const zhOther = lang === 'zh' ? '英文' : '中文';
  const enLang = lang === 'zh' ? 'Chinese' : 'English';
  const enOther = lang === 'zh' ? 'English' : 'Chinese';
  const many = kept.length > 1;
  return {
    zh: `工作簿里已有安捷以${zhLang}生成的${kept.map((n) => `“${n}”`).join('')}，本次仍以${zhLang}生成并写回${many ? '这些表' : '该表'}（其中填写的内容照常带入），没有另建${zhOther}工作表。如要改用${zhOther}，请先将${many ? '这些表' : '该表'}改名或移走，再重新生成。`,
    en: `This workbook already has ${kept.map((n) => `"${n}"`).join(', ')}, written by Anjie in ${enLang}, so this run kept to ${enLang} and wrote into ${many ? 'them' : 'it'} (what was typed there carried over as usual) instead of adding ${many ? `${enOther} sheets` : `${enOther === 'English' ? 'an' : 'a'} ${enOther} sheet`} beside ${many ? 'them' : 'it'}. To switch to ${enOther}, rename or move ${many ? 'them' : 'it'} first, then generate again.`,
  };
}
