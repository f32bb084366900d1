import type { RegisterUnit } from '../../domain/register';
import { registerUnitToRow } from '../../domain/registerValidation/toRow';
import type { SheetRow } from '../../domain/sheets/layoutSheet';
import { layoutSheet } from '../../domain/sheets/layoutSheet';
import { loadSheetDescription } from '../../pipeline/render/templates';
import { writeWorkbook } from '../../pipeline/render/workbook';

/** Writes hand-made units as a register .xlsx in the register.json layout (title row above the header, like the real template). */
export async function writeRegisterFile(file: string, units: readonly RegisterUnit[], extraRows: SheetRow[] = [], lang: 'zh' | 'en' = 'zh'): Promise<void> {
  const desc = loadSheetDescription('register');
  const layout = layoutSheet(desc, [...units.map(registerUnitToRow), ...extraRows], { lang });
  await writeWorkbook(file, [layout]);
}
