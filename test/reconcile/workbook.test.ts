import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runReconcile } from '../../pipeline/reconcile/run';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { tempDir, writeBank, writeFinance } from './files';

describe('the report workbook', () => {
  it('has real numbers and dates with ¥ and date formats, frozen filtered headers, A4 landscape, a signature block, a hidden open-items sheet — and spills past the row limit, saying where', async () => {
    const dir = await tempDir();
    const n = 5;
    const bank = await writeBank(
      dir,
      '工行.csv',
      Array.from({ length: n }, (_, i) => ({ ref: `B${i}`, amount: `${100000 + i}.50`, name: `客户${i}`, memo: `1-1-${101 + i}` })).concat([{ ref: 'X', amount: '777', name: '某人', memo: '9-9-909' }]),
    );
    const fin = await writeFinance(
      dir,
      '序时账.xlsx',
      Array.from({ length: n }, (_, i) => ({ voucher: `记-${i}`, amount: `${100000 + i}.50`, customer: `客户${i}`, unit: `1-1-${101 + i}` })),
    );
    const out = path.join(dir, 'r.xlsx');
    // Three rows per sheet (header + 2): five pairs need three 已匹配 sheets.
    const r = await runReconcile({ bank: [bank], finance: fin, period: '2026-11', out, maxRows: 3 });
    expect(r.workbook.spills).toContainEqual({ sheet: '已匹配', continuedOn: ['已匹配(2)', '已匹配(3)'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '差异', '已匹配', '已匹配(2)', '已匹配(3)', '按户', '按户(2)', '按户(3)', '未解析', '_anjie_open']);
    expect(wb.getWorksheet('_anjie_open')!.state).toBe('veryHidden');

    const summary = wb.getWorksheet('汇总')!;
    const texts: string[] = [];
    summary.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.some((t) => t.includes('已匹配(2)、已匹配(3)'))).toBe(true);
    expect(texts).toEqual(expect.arrayContaining(['制表：', '审核：', '日期：']));

    let pairs = 0;
    for (const name of ['已匹配', '已匹配(2)', '已匹配(3)']) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.getRow(1).getCell(4).value).toBe('银行文件');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
      ws.eachRow((row, i) => {
        if (i === 1) return;
        pairs++;
        const date = row.getCell(6);
        expect(date.value).toBeInstanceOf(Date);
        expect(date.numFmt).toBe('yyyy-mm-dd');
        const amount = row.getCell(7);
        expect(typeof amount.value).toBe('number');
        expect(amount.numFmt).toBe('¥#,##0.00');
        expect(row.getCell(15).value).toBe(amount.value);
      });
    }
    expect(pairs).toBe(n);
    const diff = wb.getWorksheet('差异')!;
    expect(diff.getRow(1).values).toEqual(expect.arrayContaining(['处理人', '处理结果', '差额(银行−财务)']));
    expect(diff.getRow(2).getCell(2).value).toBe('未入账(银行已收企业未收)');
    expect(diff.getRow(2).getCell(6).value).toBe(777);
  });
});

describe('the report printed', () => {
  it('names the report and period at the top of every page of every sheet, the sheet at the right, and numbers the pages', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100000.50', name: '客户1', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100000.50', customer: '客户1', unit: '1-1-101' }]);
    const out = path.join(dir, 'r.xlsx');
    await runReconcile({ bank: [bank], finance: fin, period: '2026-11', out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const visible = wb.worksheets.filter((ws) => ws.state !== 'veryHidden');
    expect(visible.map((ws) => ws.name)).toEqual(expect.arrayContaining(['汇总', '差异', '已匹配', '按户', '未解析']));
    for (const ws of visible) {
      expect(ws.headerFooter.oddHeader, ws.name).toBe('&L按揭下款对账报告 2026-11&R&A');
      expect(ws.headerFooter.oddFooter, ws.name).toBe('&C第 &P 页 / 共 &N 页  Page &P of &N');
    }
  });

  it('a row made tall by a wrapped explanation holds every cell in its middle, as the generated sheets do: bottom-aligned, each row’s line sat against the next row’s top and read as part of it', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [
      { ref: 'B1', amount: '2860000.00', name: '陶勇辉', memo: '个人住房贷款放款 4-1-601' },
      { ref: 'B2', amount: '-15.50', name: '工商银行', memo: '手续费' },
    ]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '2680000.00', customer: '陶勇辉', unit: '4-1-601' }]);
    const out = path.join(dir, 'r.xlsx');
    await runReconcile({ bank: [bank], finance: fin, period: '2026-11', out });
    // Read from the file itself: a cell without a style number takes cellXfs' first entry in Excel
    // (which exceljs does not apply) and the Normal style (cellStyleXfs) in LibreOffice: both must centre it.
    const styles = (await readZipEntry(out, 'xl/styles.xml'))!;
    const verticals = (list: string) => [...styles.split(`<${list}`)[1].split(`</${list}>`)[0].matchAll(/<xf [^>]*?(?:\/>|>(.*?)<\/xf>)/g)].map((m) => /vertical="(\w+)"/.exec(m[1] ?? '')?.[1] ?? 'bottom');
    const vertical = verticals('cellXfs');
    expect(verticals('cellStyleXfs')[0]).toBe('center');
    const diff = (await readZipEntry(out, 'xl/worksheets/sheet2.xml'))!;
    expect(diff).toContain('>序号<');
    const tall = [...diff.matchAll(/<row r="(\d+)"[^>]*customHeight="1"[^>]*>(.*?)<\/row>/g)].filter((m) => m[1] !== '1');
    expect(tall.length).toBeGreaterThan(0);
    for (const [, , cells] of tall)
      for (const c of cells.matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?/g)) expect(vertical[Number(c[2] ?? 0)], `差异!${c[1]}`).toBe('center');
  });
});

describe('余额调节表 within Excel’s rows', () => {
  it('lists detail lines up to the row limit, counts the rest in one line, and keeps every total whole', async () => {
    const dir = await tempDir();
    // 100 bank fees (non-mortgage rows, listed one per line in section 三) with a running balance.
    let balance = 1_000_000_00;
    const rows = Array.from({ length: 100 }, (_, i) => {
      balance -= 1550;
      return { ref: `F${i}`, amount: '-15.50', name: '工商银行', memo: '手续费', balance: (balance / 100).toFixed(2) };
    });
    const bank = await writeBank(dir, '工行.csv', rows);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', customer: '甲', unit: '1-1-101' }]);
    const read = async (maxRows: number) => {
      const out = path.join(dir, `r${maxRows}.xlsx`);
      await runReconcile({ bank: [bank], finance: fin, period: '2026-11', out, maxRows });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('余额调节表')!;
      const lines: string[][] = [];
      ws.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? String(v.result) : String(v ?? '')))));
      return { count: ws.rowCount, lines };
    };
    const whole = await read(1_048_576);
    const capped = await read(100);
    expect(whole.count).toBeGreaterThan(100);
    expect(capped.count).toBeLessThanOrEqual(100);
    const fees = (s: { lines: string[][] }) => s.lines.filter((l) => l[0] === '非按揭款').length;
    expect(fees(whole)).toBe(100);
    expect(fees(capped)).toBeGreaterThan(0);
    expect(fees(capped)).toBeLessThan(100);
    const section = capped.lines.findIndex((l) => l[0].startsWith('三、'));
    const note = capped.lines.slice(section).find((l) => l[0].startsWith('另有'))!;
    expect(note[0]).toContain(`另有 ${100 - fees(capped)} 项未逐行列出`);
    // The totals are the same whether every line is listed or not.
    const totals = (s: { lines: string[][] }) => s.lines.filter((l) => !l[0].startsWith('另有') && /合计|小计|差额|调节后|对账单余额/.test(l[0] + l[3])).map((l) => l.join('|'));
    expect(totals(capped)).toEqual(totals(whole));
  });
});
