import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SheetDescription } from '../../domain/sheets/description';
import { parseSheetDescription, resolveExtends } from '../../domain/sheets/schema';
import { FEE_RULE_FILES, parseFeeRules, type FeeRules } from '../../domain/fees/rules';
import { parseStageThresholds, type StageThresholds } from '../../domain/progress/thresholds';
import { UserError } from '../errors';

export { templatesDir } from '../io/paths';
import { templatesDir } from '../io/paths';

/** Reads one JSON file from templates/, or throws a UserError naming the file. */
export function readTemplateJson(...parts: string[]): unknown {
  const file = templatesDir(...parts);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(
      { zh: `找不到模板文件 ${path.join('templates', ...parts)}`, en: `Template file not found: ${path.join('templates', ...parts)}` },
      { file },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UserError(
      { zh: `模板文件不是有效的 JSON：${(err as Error).message}`, en: `The template is not valid JSON: ${(err as Error).message}` },
      { file },
    );
  }
}

/** Loads and validates a parsed template with its domain parser; problems become a UserError. */
export function loadTemplate<T>(
  parse: (json: unknown) => { ok: true; value: T } | { ok: false; problems: string[] },
  ...parts: string[]
): T {
  const r = parse(readTemplateJson(...parts));
  if (r.ok) return r.value;
  throw new UserError(
    { zh: `模板文件有误：${r.problems.join('；')}`, en: `The template file is not valid: ${r.problems.join('; ')}` },
    { file: templatesDir(...parts) },
    { zh: '请改正该 JSON 文件后重试。', en: 'Correct the JSON file and run again.' },
  );
}

const cache = new Map<string, SheetDescription>();

/** templates/sheets/<id>.json, `extends` resolved, validated. */
export function loadSheetDescription(id: string): SheetDescription {
  const hit = cache.get(id);
  if (hit) return hit;
  const json = resolveExtends(readTemplateJson('sheets', `${id}.json`), (base) => readTemplateJson('sheets', `${base}.json`));
  const r = parseSheetDescription(json);
  if (!r.ok) {
    throw new UserError(
      { zh: `表格模板 ${id}.json 有误：${r.problems.join('；')}`, en: `Sheet template ${id}.json is not valid: ${r.problems.join('; ')}` },
      { file: templatesDir('sheets', `${id}.json`) },
    );
  }
  cache.set(id, r.description);
  return r.description;
}

/** Every sheet description id in templates/sheets/. */
export function sheetDescriptionIds(): string[] {
  return fs
    .readdirSync(templatesDir('sheets'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** templates/fees/*.json, validated (domain/fees/rules). */
export function loadFeeRules(): FeeRules {
  const json = {} as Record<keyof FeeRules, unknown>;
  for (const key of Object.keys(FEE_RULE_FILES) as (keyof FeeRules)[]) json[key] = readTemplateJson('fees', FEE_RULE_FILES[key].file);
  const r = parseFeeRules(json);
  if (r.ok) return r.value;
  throw new UserError(
    { zh: `费用规则文件有误：${r.problems.join('；')}`, en: `The fee rule files are not valid: ${r.problems.join('; ')}` },
    { file: templatesDir('fees') },
    { zh: '请改正 templates/fees/ 下的 JSON 文件后重试。', en: 'Correct the JSON files in templates/fees/ and run again.' },
  );
}

/** templates/stages.json: overdue limits per stage. */
export function loadStageThresholds(): StageThresholds {
  return loadTemplate(parseStageThresholds, 'stages.json');
}
