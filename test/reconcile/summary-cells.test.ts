import { describe, expect, it } from 'vitest';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { scenario } from './files';

/** Per cellXfs entry: its number format, horizontal alignment (general when unset) and indent. */
async function cellStyles(file: string): Promise<{ numFmt: number; horizontal: string; indent: number }[]> {
  const xml = (await readZipEntry(file, 'xl/styles.xml'))!;
  const xfs = xml.split('<cellXfs')[1].split('</cellXfs>')[0];
  return [...xfs.matchAll(/<xf ([^>]*?)(?:\/>|>(.*?)<\/xf>)/g)].map((m) => ({
    numFmt: Number(/numFmtId="(\d+)"/.exec(m[1])?.[1] ?? 0),
    horizontal: /horizontal="(\w+)"/.exec(m[2] ?? '')?.[1] ?? 'general',
    indent: Number(/indent="(\d+)"/.exec(m[2] ?? '')?.[1] ?? 0),
  }));
}

/**
 * 汇总's cells where a figure, right-aligned, ends where the text in the next cell begins (left-aligned,
 * not indented): on screen and on paper the two read as one ("94.74%162 / 171", "22 项：本期核销 2").
 */
async function touching(file: string): Promise<string[]> {
  const styles = await cellStyles(file);
  const sheet = (await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!;
  const out: string[] = [];
  for (const [, cells] of sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)) {
    const row = [...cells.matchAll(/<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?[^>]*>(.*?)<\/c>/g)].map(([, col, r, s, t, inner]) => ({ col: col.charCodeAt(0), at: `${col}${r}`, style: styles[Number(s ?? 0)], text: t === 'inlineStr' || t === 's', inner }));
    for (let k = 1; k < row.length; k++) {
      const [left, right] = [row[k - 1], row[k]];
      if (right.col !== left.col + 1 || left.text || !right.text) continue;
      const figureRight = left.style.horizontal === 'general' || left.style.horizontal === 'right';
      const textLeft = (right.style.horizontal === 'general' || right.style.horizontal === 'left') && !right.style.indent;
      if (figureRight && textLeft) out.push(`${left.at}|${right.at}: ${right.inner.replace(/<[^>]+>/g, '')}`);
    }
  }
  return out;
}

describe('汇总 reads cleanly: no figure runs into the text beside it', () => {
  it('the auto-match rate and its counts, the tie-out’s 差额 and 结论, the carried-in count and what became of them are apart', async () => {
    const oct = await scenario({
      period: '2026-10',
      bank: [
        { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-20' },
        { ref: 'B2', amount: '700000', name: '丁', memo: '2-1-302按揭', date: '2026-10-22' },
      ],
      finance: [{ voucher: '记-1', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-10-20' }],
    });
    expect(oct.json.open).toHaveLength(1);
    const nov = await scenario({
      bank: [{ ref: 'B3', amount: '500000', name: '戊', memo: '2-1-303按揭', date: '2026-11-05' }],
      finance: [
        { voucher: '记-2', amount: '700000', customer: '丁', unit: '2-1-302', date: '2026-11-02' },
        { voucher: '记-3', amount: '500000', customer: '戊', unit: '2-1-303', date: '2026-11-05' },
      ],
      args: ['--previous', oct.jsonPath],
    });
    const sheet = (await readZipEntry(nov.out, 'xl/worksheets/sheet1.xml'))!;
    // The rows this is about are there: rate and counts, the tie-out's conclusion, the carried item.
    for (const text of ['自动匹配率 Auto-match rate', '相符 ✓', '上期结转未达项 Carried in']) expect(sheet).toContain(text);
    expect(await touching(nov.out)).toEqual([]);
    expect(await touching(oct.out)).toEqual([]);
  });
});
