import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDate, timeOfDay } from '../../domain/dates';
import { parseDateCell, parseDateText, parseTimeCell, parseTimeText } from '../../pipeline/read/cells';
import { readBankFile } from '../../pipeline/read';
import { gbCsvFile, xlsxFile } from './sheetFile';

/**
 * Times written with the day-part words of Chinese locales (凌晨, 早上, 中午, 傍晚, 晚上), with AM/PM, in
 * 点分秒, and yyyyMMddHHmm: every row of an export written so was 未解析. The same cell is read to the
 * same date and time by the export readers (reconcile, inspect) and by domain parseDate (查册表, notes
 * on the desk's sheets), and what cannot be a time stays refused in both, saying why.
 */
const reader = (c: string | number): string => {
  const r = parseDateCell(c);
  return r.ok ? `${r.date} ${r.time}` : 'refused';
};
const desk = (c: string | number): string => {
  const r = parseDate(c);
  return r.ok ? `${r.date} ${r.time}` : 'refused';
};

describe('one table of date-time spellings, read the same by the export readers and by parseDate', () => {
  it.each([
    // 中午 is noon: 中午12:30 stays 12:30 (ICU's 0–11 clock writes it 中午0:30); 中午1:05 is 13:05
    ['2026-11-03 中午12:30', '2026-11-03 12:30:00'],
    ['2026/11/03 中午12:30:15', '2026-11-03 12:30:15'],
    ['2026/11/03 中午0:30', '2026-11-03 12:30:00'],
    // 上午/下午 on zh-CN's 0–11 clock, as Node writes them: 上午0:05 is 00:05, 下午0:05 12:05
    ['2026/11/3 上午0:05:00', '2026-11-03 00:05:00'],
    ['2026/11/3 下午0:05:00', '2026-11-03 12:05:00'],
    ['2026/11/03 中午11:45', '2026-11-03 11:45:00'],
    ['2026/11/03 中午1:05', '2026-11-03 13:05:00'],
    // 凌晨 is after midnight: 凌晨1:05 is 01:05, 凌晨12:05 (or 0:05) five past midnight
    ['2026/11/03 凌晨1:05', '2026-11-03 01:05:00'],
    ['2026/11/03 凌晨12:05', '2026-11-03 00:05:00'],
    ['2026/11/03 凌晨0:05', '2026-11-03 00:05:00'],
    ['2026/11/03 凌晨5:30:00', '2026-11-03 05:30:00'],
    // 早上 / 清晨 / 早晨 morning, 傍晚 dusk, 晚上 evening: 晚上9:15 is 21:15
    ['2026/11/03 早上7:05', '2026-11-03 07:05:00'],
    ['2026/11/03 清晨6:00', '2026-11-03 06:00:00'],
    ['2026/11/03 早晨8:15', '2026-11-03 08:15:00'],
    ['2026/11/03 傍晚6:40', '2026-11-03 18:40:00'],
    ['2026/11/03 晚上9:15', '2026-11-03 21:15:00'],
    ['2026/11/03 晚上11:59:59', '2026-11-03 23:59:59'],
    ['2026年11月3日 晚上9:15', '2026-11-03 21:15:00'],
    ['2026年11月3日晚上9点15分', '2026-11-03 21:15:00'],
    // AM/PM after a year-first date: 12 AM is midnight, 12 PM noon
    ['2026/11/03 10:00:00 AM', '2026-11-03 10:00:00'],
    ['2026/11/03 3:05 PM', '2026-11-03 15:05:00'],
    ['2026-11-03 3:05PM', '2026-11-03 15:05:00'],
    ['2026-11-03 12:00:00 AM', '2026-11-03 00:00:00'],
    ['2026-11-03 12:30 PM', '2026-11-03 12:30:00'],
    ['2026-11-03 11:59:59 pm', '2026-11-03 23:59:59'],
    ['2026/11/03 9:05 a.m.', '2026-11-03 09:05:00'],
    ['2026/11/03 3 PM', '2026-11-03 15:00:00'],
    ['20261103 3:05 PM', '2026-11-03 15:05:00'],
    // 点分秒
    ['2026年11月5日10点20分', '2026-11-05 10:20:00'],
    ['2026年11月5日 10点20分30秒', '2026-11-05 10:20:30'],
    ['2026年11月5日10点', '2026-11-05 10:00:00'],
    // 点半 is half past: 10点半 10:30, 下午3点半 15:30
    ['2026-11-05 10点半', '2026-11-05 10:30:00'],
    ['2026年11月5日10点半', '2026-11-05 10:30:00'],
    ['2026年11月5日 下午3点半', '2026-11-05 15:30:00'],
    ['2026年11月5日 10时半', '2026-11-05 10:30:00'],
    // 夜间 is the night of its date, before midnight: 夜间11:20 is 23:20, 夜间7点 19:00; 半夜11点 23:00
    ['2026-11-03 夜间11:20', '2026-11-03 23:20:00'],
    ['2026/11/03 夜间7:00', '2026-11-03 19:00:00'],
    ['2026年11月3日夜间10点半', '2026-11-03 22:30:00'],
    ['2026-11-03 半夜11:30', '2026-11-03 23:30:00'],
    ['2026-11-05 10点20分', '2026-11-05 10:20:00'],
    ['2026年11月5日 下午3点05分', '2026-11-05 15:05:00'],
    ['2026年11月5日 晚上9点', '2026-11-05 21:00:00'],
    // yyyyMMddHHmm
    ['202611031000', '2026-11-03 10:00:00'],
    ['202611032359', '2026-11-03 23:59:00'],
    ['202402290001', '2024-02-29 00:01:00'],
    // what the readers learned before, which parseDate refused
    ['20261103100000', '2026-11-03 10:00:00'],
    ['2026-11-03-15.05.30.123456', '2026-11-03 15:05:30'],
    ['2026/11/03 上午10:00:00', '2026-11-03 10:00:00'],
    ['2026/11/03 下午3:05:00', '2026-11-03 15:05:00'],
    ['2026年11月5日10:20', '2026-11-05 10:20:00'],
    ['2026年11月5日 10时20分', '2026-11-05 10:20:00'],
  ])('%s → %s', (cell, expected) => {
    expect(reader(cell)).toBe(expected);
    expect(parseDateText(cell)).toEqual(parseDateCell(cell));
    expect(desk(cell)).toBe(expected);
  });

  it.each([
    ['2026-11-03 25:00', 'time of day'],
    ['2026年11月5日 25点', '25'],
    ['2026/11/03 13:00 PM', '12-hour'],
    ['2026/11/03 13 PM', '12-hour'],
    ['2026/11/03 0:30 AM', '12-hour'],
    ['2026/11/03 下午13:00', '12-hour'],
    ['2026/11/03 凌晨9:00', 'after midnight'],
    ['2026/11/03 凌晨13:00', 'after midnight'],
    ['2026/11/03 中午5:00', 'noon'],
    ['2026/11/03 早上12:00', 'morning'],
    ['2026/11/03 傍晚9:00', 'dusk'],
    ['2026/11/03 晚上3:00', 'evening'],
    ['2026/11/03 晚上12:00', 'midnight'], // the end of the 3rd or the start of the 4th?
    // The night after the 3rd: 夜间/半夜 past midnight may be the 3rd's early hours or the 4th's (凌晨 says which)
    ['2026-11-03 夜间1:20', 'which night'],
    ['2026-11-03 夜间12:20', 'which night'],
    ['2026-11-03 半夜0:30', 'which night'],
    ['2026-11-03 半夜2:00', 'which night'],
    ['2026-11-03 半夜12:00', 'which night'],
    ['2026-11-03 夜间3:00 PM', 'both'],
    ['2026-11-03 夜间5:00', 'night'],
    // 午夜 is midnight itself: the 3rd's start or its end?
    ['2026-11-03 午夜12:00', 'midnight'],
    ['2026-11-03 午夜0:00', 'midnight'],
    ['2026年11月5日 10点半30分', 'date'],
    ['2026/11/03 下午3:05 PM', 'both'],
    ['2026年11月5日 10点60分', 'minute'],
    ['2026年11月5日 10点20分60秒', 'second'],
    ['202611032400', 'hour'],
    ['202611031060', 'minute'],
    ['202602301000', 'date'],
    ['202613031000', 'date'],
  ])('%s stays refused by both, saying why (%s)', (cell, why) => {
    const r = parseDateCell(cell);
    const d = parseDate(cell);
    expect(r.ok || d.ok).toBe(false);
    if (r.ok || d.ok) return;
    for (const reason of [r.reason, d.reason]) {
      expect(reason.zh).toContain(cell);
      expect(reason.en).toContain(why);
    }
  });

  it('the reasons say what is wrong with the time, Chinese first', () => {
    expect(parseDateCell('2026/11/03 下午13:00')).toEqual({ ok: false, reason: { zh: '时间不存在：2026/11/03 下午13:00（下午13点不成立：下午写 0–12 点）', en: 'impossible time of day: 2026/11/03 下午13:00 (下午 13 o’clock is no time: a 12-hour clock with 下午 shows 0 to 12)' } });
    expect(parseDateCell('2026年11月5日 25点')).toEqual({ ok: false, reason: { zh: '时间不存在：2026年11月5日 25点（一天只有 0–23 点，没有 25 点）', en: 'impossible time of day: 2026年11月5日 25点 (a day has hours 0 to 23, not 25)' } });
    expect(parseDateCell('2026/11/03 13 PM')).toEqual({ ok: false, reason: { zh: '时间不存在：2026/11/03 13 PM（13 PM不成立：12 小时制只有 1–12 点）', en: 'impossible time of day: 2026/11/03 13 PM (13 PM is no time: a 12-hour clock shows 1 to 12)' } });
    const d = parseDate('2026/11/03 凌晨9:00');
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason.zh).toBe('无法识别的日期"2026/11/03 凌晨9:00"：时间不存在（凌晨9点不成立：凌晨是午夜之后、天亮之前，写 12（或 0）至 6 点）');
  });

  it.each(['11/03/2026 3:05 PM', '03/11/2026 10:00:00 AM', '11/03/2026 下午3:05', '11/23/2026 3:05 PM'])('%s: month or day first is not guessed at, whatever the clock', (cell) => {
    const r = parseDateCell(cell);
    const d = parseDate(cell);
    expect(r.ok).toBe(false);
    expect(d.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toContain('ambiguous');
    if (!d.ok) expect(d.reason.en).toContain('ambiguous');
  });

  it('a yearless MM/DD, whose order a credit-card layout fixes with its statement month, takes the new clocks too', () => {
    const ctx = { statement: { year: 2026, month: 11 } };
    expect(parseDateCell('11/03 3:05 PM', ctx)).toEqual({ ok: true, date: '2026-11-03', time: '15:05:00' });
    expect(parseDateCell('11/03 晚上9:15', ctx)).toEqual({ ok: true, date: '2026-11-03', time: '21:15:00' });
  });

  it('yyyyMMddHHmm kept as a number by a spreadsheet reads as the text does; a 12-digit account does not', () => {
    expect(parseDateCell(202611031000)).toEqual({ ok: true, date: '2026-11-03', time: '10:00:00' });
    expect(parseDate(202611031000)).toEqual({ ok: true, date: '2026-11-03', time: '10:00:00' });
    expect(parseDate(20261103100000)).toEqual({ ok: true, date: '2026-11-03', time: '10:00:00' });
    for (const account of [621700123456, '621700123456', 202613031000, '102611031000']) {
      expect(parseDateCell(account).ok).toBe(false);
      expect(parseDate(account).ok).toBe(false);
    }
  });
});

describe('the same spellings in a time column of their own', () => {
  it.each([
    ['中午12:30', '12:30:00'],
    ['凌晨1:05', '01:05:00'],
    ['凌晨12:05', '00:05:00'],
    ['晚上9:15', '21:15:00'],
    ['早上7:05:30', '07:05:30'],
    ['傍晚5:00', '17:00:00'],
    ['10点20分', '10:20:00'],
    ['10点20分30秒', '10:20:30'],
    ['10点', '10:00:00'],
    ['10点半', '10:30:00'],
    ['凌晨1点半', '01:30:00'],
    ['夜间11:20', '23:20:00'],
    ['半夜11点', '23:00:00'],
    ['下午3点', '15:00:00'],
    ['3:05 PM', '15:05:00'],
    ['10:00:00 AM', '10:00:00'],
    ['12:15 AM', '00:15:00'],
  ])('%s → %s', (cell, expected) => {
    expect(parseTimeText(cell)).toBe(expected);
    expect(parseTimeCell(cell)).toBe(expected);
    expect(timeOfDay(cell)).toEqual({ ok: true, time: expected });
  });

  it.each(['25点', '13 PM', '0:30 AM', '下午13:00', '凌晨9:00', '晚上12:00', '中午5:00', '10点60分', '10点20分60秒', '下午3:05 PM', '10', '点', '晚上', '半夜0:30', '夜间1:00', '午夜12:00', '点半', '25点半'])('%s is no time', (cell) => {
    expect(parseTimeText(cell)).toBeUndefined();
    const t = timeOfDay(cell);
    expect(t === null || !t.ok).toBe(true);
  });
});

describe('an export written with these spellings is read, not rejected row by row', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-dayparts-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const HEADER = '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号';

  it('a GB18030 CSV: 中午/凌晨/晚上 in the time column, AM/PM, 点分 and yyyyMMddHHmm in the date column', async () => {
    const file = gbCsvFile(dir, 'cmb-dayparts.csv', [
      HEADER,
      '2026-11-03,中午12:30,"600,000.00","1,600,000.00",转账,张三,6222020200001111,按揭放款 3-2-1501,CM0001',
      '2026-11-04,凌晨1:05,"-1,234.56","1,598,765.44",转账,某某物业公司,6222020200002222,付款,CM0002',
      '2026-11-04,晚上9:15,-30.00,"1,598,735.44",费用,,,手续费,CM0003',
      '2026/11/05 3:05 PM,,100.00,"1,598,835.44",转账,李四,6222020200003333,退款,CM0004',
      '2026年11月6日10点20分,,-35.44,"1,598,800.00",费用,,,手续费,CM0005',
      '202611071000,,200.00,"1,599,000.00",转账,王五,6222020200004444,定金,CM0006',
      '11/08/2026 3:05 PM,,1.00,"1,599,001.00",转账,,,月日不明,CM0007',
      '2026/11/08 下午13:00,,2.00,"1,599,003.00",转账,,,没有的钟点,CM0008',
    ]);
    const r = await readBankFile(file);
    expect(r.profile).toBe('cmb-corporate');
    expect(r.transactions.map((t) => [t.source.row, t.date, t.time, t.amount.toFixed(2)])).toEqual([
      [2, '2026-11-03', '12:30:00', '600000.00'],
      [3, '2026-11-04', '01:05:00', '-1234.56'],
      [4, '2026-11-04', '21:15:00', '-30.00'],
      [5, '2026-11-05', '15:05:00', '100.00'],
      [6, '2026-11-06', '10:20:00', '-35.44'],
      [7, '2026-11-07', '10:00:00', '200.00'],
    ]);
    // 600,000.00 + 100.00 + 200.00 in; 1,234.56 + 30.00 + 35.44 out
    expect([r.credits.toFixed(2), r.debits.toFixed(2)]).toEqual(['600300.00', '1300.00']);
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([
      [8, 'A'],
      [9, 'A'],
    ]);
    expect(r.rejected[0].reason.en).toContain('ambiguous');
    expect(r.rejected[1].reason.zh).toContain('时间不存在');
    expect(r.warnings.filter((w) => w.zh.includes('时间无法识别'))).toEqual([]);
  });

  it('an XLSX: yyyyMMddHHmm as a number cell, AM/PM and 凌晨 as text', async () => {
    const file = await xlsxFile(dir, 'cmb-dayparts.xlsx', [
      HEADER.split(','),
      [202611031000, null, 600000, 1600000, '转账', '张三', '6222020200001111', '按揭放款', 'CM0001'],
      ['2026/11/03 10:00:00 PM', null, -1000, 1599000, '转账', '李四', '6222020200003333', '付款', 'CM0002'],
      ['2026-11-04', '凌晨12:05', -500, 1598500, '费用', null, null, '手续费', 'CM0003'],
    ]);
    const r = await readBankFile(file);
    expect(r.profile).toBe('cmb-corporate');
    expect(r.rejected).toEqual([]);
    expect(r.transactions.map((t) => [t.date, t.time, t.amount.toFixed(2)])).toEqual([
      ['2026-11-03', '10:00:00', '600000.00'],
      ['2026-11-03', '22:00:00', '-1000.00'],
      ['2026-11-04', '00:05:00', '-500.00'],
    ]);
  });
});
