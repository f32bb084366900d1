import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { readRecordTable } from '../../addin/excel/signoff';
import { generateProgress } from '../../addin/services/actions';
import type { SignoffRecord } from '../../domain/signoff/record';
import { PART_LENGTH, recordsToTable, tableToRecords } from '../../domain/signoff/recordTable';

/**
 * Every write in the add-in first reads 签核记录 (it refuses to overwrite a signed sheet), and a
 * workbook signed every week gathers a hundred records in a year. On Excel on the web each round
 * trip costs a noticeable pause, so the table is read in a few of them, not one per record.
 */
function record(i: number, parts: number): SignoffRecord {
  return {
    seq: i + 1,
    round: i + 1,
    status: 'unsealed',
    role: i % 2 ? '审核' : '制表',
    name: '王经理',
    signedAt: '2026-01-05T10:00:00',
    fingerprint: 'ab'.repeat(32),
    canon: 'anjie-canon-1',
    scope: { sheets: [{ sheet: `旧表${i}`, ranges: ['A1:XFD1048576'], exclude: [] }] },
    cellCount: 12,
    toolVersion: '0.1.0',
    unsealed: { by: '李主管', at: '2026-01-06T09:00:00', reason: '更正' },
    overrideReason: '',
    // Distinct text per record and part, so a part read from the wrong cell shows.
    content: Array.from({ length: parts }, (_, p) => `${i}:${p};`.padEnd(PART_LENGTH, '表')).join(''),
  };
}

function workbookWith(records: SignoffRecord[]) {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units: 20, asOf: '2026-11-23' });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  if (records.length) fake.seed('签核记录', { row: 0, col: 0 }, recordsToTable(records));
  return { fake, host: memoryHost(fake) };
}

describe('reading the 签核记录 table in the add-in', () => {
  it('reads a year of records in a few round trips and gets every record back whole', async () => {
    // 104 records: the first of each round keeps its content (2 parts), the others none; one
    // record is 45 parts long, more than one read may carry.
    const records = Array.from({ length: 104 }, (_, i) => record(i, i === 50 ? 45 : i % 2 ? 0 : 2));
    const { fake, host } = workbookWith(records);
    const before = fake.stats.syncs;
    const table = await readRecordTable(host);
    const syncs = fake.stats.syncs - before;
    expect(tableToRecords(table)).toEqual(records);
    // Sheet lookup, used range, the record fields, then 20 parts per trip: 2 + 1 + ⌈(52 × 2 + 45) / 20⌉ at most.
    expect(syncs).toBeLessThanOrEqual(2 + 1 + Math.ceil((52 * 2 + 45) / 20) + 2);
    expect(syncs).toBeGreaterThanOrEqual(2 + 1 + Math.ceil((52 * 2 + 45) / 20));
  });

  it('costs a progress sheet write the same round trips with a hundred records as with one', async () => {
    const costOf = async (n: number) => {
      const { fake, host } = workbookWith(Array.from({ length: n }, (_, i) => record(i, i % 2 ? 0 : 1)));
      await generateProgress(host, { week: '2026-W47', lang: 'zh' });
      const before = fake.stats.syncs;
      await generateProgress(host, { week: '2026-W47', lang: 'zh' });
      return fake.stats.syncs - before;
    };
    const one = await costOf(1);
    const hundred = await costOf(100);
    // 50 parts of content: two more reads of 20 parts than the one record's single part.
    expect(hundred - one).toBeLessThanOrEqual(2);
  });
});
