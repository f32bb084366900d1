import { checkResidentId, checkUscc, maskId } from '../identifiers';
import type { Issue } from '../issues';
import type { RegisterUnit } from '../register';
import { normaliseName } from '../units';
import { BUYER_KEYS, isBlankCell, type RawRegisterRow } from './parse';

/** The buyers' ID checks of register validation: ID_AS_NUMBER, ID_OTHER_NAME, ID_CHECKSUM, ID_LEGACY. */

/** ID number (folded) → the first buyer's name (normaliseName) and row. */
export type SeenIds = Map<string, { name: string; row: number }>;

type AddIssue = (severity: Issue['severity'], code: string, key: string, zh: string, en: string, fix?: { zh: string; en: string }) => void;

const SCIENTIFIC = /^\d(\.\d+)?E\+\d+$/;
const RESIDENT_ID_SHAPE = /^(\d{17}[\dX]|\d{15})$/;

/** A check's reason with the 8-digit birth date it quotes starred out, as maskId stars it. */
function hideBirthDate(text: string): string {
  return text.replace(/\d{8}/g, '********');
}

/** Checks one row's buyers' ID numbers, each reported at its own buyer's column; `seenId` carries the IDs of earlier rows. */
export function checkBuyerIds(raw: RawRegisterRow, u: RegisterUnit, seenId: SeenIds, opts: { today: string; showPii?: boolean }, add: AddIssue): void {
  const mask = (id: string) => (opts.showPii ? id : maskId(id));
  // ID numbers, each at its own buyer's columns: u.buyers skips a blank buyer 2, the columns do not.
  const buyerColumns = BUYER_KEYS.filter((k) => !isBlankCell(raw.cells[k.name]));
  u.buyers.forEach((b, i) => {
    const key = buyerColumns[i].idNumber;
    if (!b.idNumber) return;
    // Excel keeps 15 significant digits: an 18-digit number has lost its last ones, a 15-digit one is
    // whole. "1.10105E+17" is such a number pasted as the text Excel showed for it.
    if ((typeof raw.cells[key] === 'number' && b.idNumber.length > 15) || SCIENTIFIC.test(b.idNumber)) {
      add('error', 'ID_AS_NUMBER', key, '证件号码被存成了数字，末几位可能已丢失', 'The ID number was stored as a number; its last digits may be lost', {
        zh: '把该列设为文本格式后重新输入证件号码。',
        en: 'Format the column as text and enter the ID number again.',
      });
      return;
    }
    // One buyer on several units is fine; one ID under another name is most often an ID copied from
    // the row above. Names are compared as written apart from spaces and width (normaliseName).
    const idKey = b.idNumber.normalize('NFKC').replace(/\s+/g, '');
    const holder = seenId.get(idKey);
    if (!holder) seenId.set(idKey, { name: normaliseName(b.name), row: raw.row });
    else if (holder.name !== normaliseName(b.name)) {
      add('warning', 'ID_OTHER_NAME', key, `证件号码 ${mask(b.idNumber)} 在第 ${holder.row} 行属于另一位买受人，姓名不同`, `ID number ${mask(b.idNumber)} belongs to a buyer of another name on row ${holder.row}`, {
        zh: '对照证件原件核对两行的姓名和证件号码。',
        en: 'Check both rows’ names and ID numbers against the ID documents.',
      });
    }
    // Buyers 3 and 4 have no ID-type column: check only what looks like a resident ID.
    const typed = !isBlankCell(raw.cells[buyerColumns[i].idType]);
    if (!typed && !RESIDENT_ID_SHAPE.test(idKey)) return;
    if (b.idType === '身份证') {
      const r = checkResidentId(b.idNumber, opts.today);
      if (!r.valid) {
        // The reason may quote the birth date, the very digits the mask hides.
        const why = opts.showPii ? r.reason : { zh: hideBirthDate(r.reason.zh), en: hideBirthDate(r.reason.en) };
        add(r.warnOnly ? 'warning' : 'error', 'ID_CHECKSUM', key, `身份证号 ${mask(b.idNumber)} 无效：${why.zh}`, `ID number ${mask(b.idNumber)} is not valid: ${why.en}`, {
          zh: '对照证件原件重新录入；若是护照、港澳或台湾通行证，请把证件类型改为相应类型。',
          en: 'Enter it again from the ID card; for a passport or a Hong Kong/Macau or Taiwan permit, set the ID type to match.',
        });
      } else if (r.warning) {
        // A legacy 15-digit number has no check digit: the desk should confirm it.
        add('warning', 'ID_LEGACY', key, `身份证号 ${mask(b.idNumber)}：${r.warning.zh}`, `ID number ${mask(b.idNumber)}: ${r.warning.en}`);
      }
    } else if (b.idType === '统一社会信用代码') {
      const r = checkUscc(b.idNumber);
      if (!r.valid) {
        add(r.warnOnly ? 'warning' : 'error', 'ID_CHECKSUM', key, `统一社会信用代码 ${b.idNumber} 校验不通过：${r.reason.zh}`, `Credit code ${b.idNumber} fails its check: ${r.reason.en}`);
      }
    }
  });
}
