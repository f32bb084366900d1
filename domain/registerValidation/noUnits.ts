import type { Bilingual } from '../text';

/**
 * Why nothing is generated from a register holding no unit, and what to do: said alike by `anjie
 * progress`, `fees`, `title-search` and the pane's 生成进度表, 计算费用, 创建查册表. A new project's
 * blank register has no unit rows: nothing is wrong with it, its units are still to be filled in
 * (sent to validate and "correct the errors", the desk looked for errors validation does not find).
 * Rows typed from none of which a unit could be read are another matter: validation lists why.
 * `what` is what was not done ("未生成进度表" / "The progress sheet was not generated"); `validate`
 * how the caller validates (the pane's 校验台账, `anjie validate`).
 */
export function noUnitsRefusal(what: Bilingual, register: { sheet: string; rows: number }, validate: Bilingual): { text: Bilingual; fix: Bilingual } {
  const { sheet, rows } = register;
  if (rows === 0) {
    return {
      text: { zh: `${what.zh}：台账“${sheet}”里还没有房屋（表头下没有房屋行）`, en: `${what.en}: the register "${sheet}" has no units yet (no unit rows under its header)` },
      fix: { zh: '请在表头下逐户填写房屋，每户一行（项目、楼栋、房号、合同编号……），然后重试。', en: 'Fill in the units under the header, one row each (project, building, room, contract number …), then try again.' },
    };
  }
  return {
    text: { zh: `${what.zh}：台账“${sheet}”的 ${rows} 行都读不出房屋`, en: `${what.en}: no unit could be read from the ${rows} row(s) of the register "${sheet}"` },
    fix: { zh: `请先校验台账（${validate.zh}），改正所列的错误后重试。`, en: `Validate the register (${validate.en}), correct the errors it lists, then try again.` },
  };
}
