import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import JSZip from 'jszip';
import { readWorkbookRecords, signWorkbook } from '../../pipeline/signoff/workbook';
import { anjie } from '../helpers/cli';
import { entryDates } from '../helpers/zipEntryDates';
import { makeUnit } from '../templates/helpers';
import { writeRegisterFile } from '../templates/registerFile';

/**
 * Same inputs, same output: a workbook written again from the same register (a week later, to
 * check a figure, or by a colleague) is byte for byte the one written before, whatever the clock
 * says. Each run below is made at another time of the machine's clock (days and hours apart, so
 * that a zip entry stamped with the write time could not come out equal by chance).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-determ-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

// Both after the register's last date (1502 credited 11-25): a date after the day of a run is a finding of that run (DATE_FUTURE, 无法判断).
const CLOCKS = [new Date('2026-11-26T01:15:42Z'), new Date('2026-12-03T09:48:06Z')];

function at<T>(clock: Date, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clock);
  return work().finally(() => vi.useRealTimers());
}

const stages = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01' };
const units = [
  makeUnit({ room: '1501', contractNo: 'YQF-2026-00101', commercialLoan: '700000.00', stages }),
  makeUnit({ room: '1502', contractNo: 'YQF-2026-00102', commercialLoan: '500000.00', downPayment: '500000.00', stages: { ...stages, disbursed: '2026-11-25' } }),
];
let register: string;
beforeAll(async () => {
  register = path.join(dir, '按揭台账.xlsx');
  await writeRegisterFile(register, units);
});

const COMMANDS: [string, (out: string) => string[]][] = [
  ['anjie fees', (out) => ['fees', '--register', register, '--city', 'guangzhou', '--out', out]],
  ['anjie progress', (out) => ['progress', '--register', register, '--week', '2026-W48', '--out', out]],
  ['anjie title-search', (out) => ['title-search', '--register', register, '--out', out]],
  ['anjie register new', (out) => ['register', 'new', '--out', out]],
];

describe('a workbook written twice from the same inputs is the same file', () => {
  for (const [name, args] of COMMANDS) {
    it(`${name}: byte-identical at another time of day, every zip entry dated 1980-01-01 00:00:00`, async () => {
      const files = CLOCKS.map((_, i) => path.join(dir, `${name.replace(/ /g, '-')}-${i}.xlsx`));
      for (const [i, clock] of CLOCKS.entries()) {
        const r = await at(clock, () => anjie(...args(files[i])));
        expect(r.code, r.err).toBe(0);
      }
      const dates = entryDates(files[0]);
      expect(dates.length).toBeGreaterThan(5);
      for (const d of dates) expect(d).toMatch(/ 1980-01-01 00:00:00$/);
      expect(fs.readFileSync(files[1]).equals(fs.readFileSync(files[0])), `${name} wrote different bytes at another time`).toBe(true);
    });
  }
});

describe('signing the same workbook at the same recorded time gives the same file', () => {
  // The signing time is what the record says (SignOptions.now); the machine's clock at the save is not.
  const now = '2026-11-30T10:00:00';
  it('signed streamed (a fees ledger as anjie fees writes it)', async () => {
    const ledger = path.join(dir, 'ledger.xlsx');
    expect((await anjie('fees', '--register', register, '--city', 'guangzhou', '--out', ledger)).code).toBe(0);
    const files = CLOCKS.map((_, i) => path.join(dir, `signed-${i}.xlsx`));
    for (const [i, clock] of CLOCKS.entries()) {
      fs.copyFileSync(ledger, files[i]);
      await at(clock, () => signWorkbook(files[i], { name: '陈静', role: '制表', now }));
    }
    expect(fs.readFileSync(files[1]).equals(fs.readFileSync(files[0]))).toBe(true);
  });

  // A link cell is left to exceljs by the streaming reader: the workbook is loaded and saved whole.
  const WRITERS: [string, Part | null][] = [
    ['', null],
    [', written by a tool that leaves out xl/styles.xml', 'styles'],
    [', written by a tool that leaves out the document properties (docProps/core.xml)', 'core'],
  ];
  for (const [what, leftOut] of WRITERS) {
    it(`signed through exceljs (a workbook with a link${what})`, async () => {
      const plain = path.join(dir, `linked-${leftOut}.xlsx`);
      await linkedWorkbook(plain, leftOut);
      const files = CLOCKS.map((_, i) => path.join(dir, `linked-${leftOut}-signed-${i}.xlsx`));
      for (const [i, clock] of CLOCKS.entries()) {
        fs.copyFileSync(plain, files[i]);
        await at(clock, () => signWorkbook(files[i], { name: '陈静', role: '制表', now }));
      }
      expect((await readWorkbookRecords(files[0])).map((r) => [r.name, r.role, r.signedAt])).toEqual([['陈静', '制表', now]]);
      for (const d of entryDates(files[0])) expect(d).toMatch(/ 1980-01-01 00:00:00$/);
      expect(fs.readFileSync(files[1]).equals(fs.readFileSync(files[0]))).toBe(true);
    });
  }
});

type Part = 'styles' | 'core';
const PARTS: Record<Part, { name: string; rels: string; rel: RegExp; type: RegExp }> = {
  styles: { name: 'xl/styles.xml', rels: 'xl/_rels/workbook.xml.rels', rel: /<Relationship [^>]*Target="styles.xml"\/>/, type: /<Override PartName="\/xl\/styles.xml"[^>]*\/>/ },
  core: { name: 'docProps/core.xml', rels: '_rels/.rels', rel: /<Relationship [^>]*Target="docProps\/core.xml"\/>/, type: /<Override PartName="\/docProps\/core.xml"[^>]*\/>/ },
};

/** A workbook with a link cell and a signature block, as exceljs writes it, with one part (and its relationship and content type) left out. */
async function linkedWorkbook(file: string, leftOut: Part | null): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('回单');
  ws.getCell('A1').value = '房号';
  ws.getCell('B1').value = '回单';
  ws.getCell('A2').value = '3-2-1501';
  ws.getCell('B2').value = { text: '银行回单', hyperlink: 'https://example.com/r/1' };
  ws.getCell('A4').value = '制表：';
  ws.getCell('C4').value = '审核：';
  ws.getCell('E4').value = '日期：';
  await wb.xlsx.writeFile(file);
  if (!leftOut) return;
  const part = PARTS[leftOut];
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const text = async (name: string) => zip.file(name)!.async('string');
  zip.remove(part.name);
  zip.file(part.rels, (await text(part.rels)).replace(part.rel, ''));
  zip.file('[Content_Types].xml', (await text('[Content_Types].xml')).replace(part.type, ''));
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
