import { describe, expect, it } from 'vitest';
import { FakeExcel, PAYLOAD_LIMIT_BYTES } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { readRecordTable, WRITE_BUDGET, writeSignoff, type SheetWrite } from '../../addin/excel/signoff';
import type { SignoffRecord } from '../../domain/signoff/record';
import { PART_LENGTH, recordsToTable, tableToRecords } from '../../domain/signoff/recordTable';

/**
 * Signing writes the whole 签核记录 table again, a signature block on each signed sheet, and the
 * protection. On Excel on the web each round trip is a pause the manager waits through, and a
 * request over 5 MB is refused: the table goes out in as few requests as that limit allows, so a
 * year of records or ten sheets signed at once cost no more round trips than one, and only a
 * table of several MB takes one more request per ~3 MB.
 */
function record(i: number, parts: number): SignoffRecord {
  return {
    seq: i + 1,
    round: i + 1,
    status: 'active',
    role: i % 2 ? '审核' : '制表',
    name: '王经理',
    signedAt: '2026-01-05T10:00:00',
    fingerprint: 'ab'.repeat(32),
    canon: 'anjie-canon-1',
    scope: { sheets: [{ sheet: `表${i}`, ranges: ['A1:XFD1048576'], exclude: [] }] },
    cellCount: 12,
    toolVersion: '0.1.0',
    unsealed: null,
    overrideReason: '',
    // Distinct text per record and part, so a part written to the wrong cell shows.
    content: Array.from({ length: parts }, (_, p) => `${i}:${p};`.padEnd(PART_LENGTH, '表')).join(''),
  };
}

/** A workbook of `sheets` small sheets (表0, 表1 …), each with a signature line on row 5. */
function workbook(sheets: number) {
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '表0';
  for (let k = 0; k < sheets; k++) fake.seed(`表${k}`, { row: 0, col: 0 }, [['房号', '金额'], ['1-1-101', 100]]);
  const writes: SheetWrite[] = Array.from({ length: sheets }, (_, k) => ({
    sheet: `表${k}`,
    slots: { row: 5, preparedBy: { row: 5, col: 2 }, reviewedBy: { row: 5, col: 4 }, date: { row: 5, col: 6 } },
    fill: { preparedBy: '张三', reviewedBy: '王经理', dateSerial: 46000 },
    protect: true,
  }));
  return { fake, host: memoryHost(fake), writes };
}

async function syncsToSign(records: SignoffRecord[], sheets: number) {
  const { fake, host, writes } = workbook(sheets);
  const before = fake.stats.syncs;
  await writeSignoff(host, recordsToTable(records), writes, { next: 'pw' });
  const syncs = fake.stats.syncs - before;
  const requests = fake.stats.requests.slice(-syncs);
  return { syncs, requests, fake, host };
}

describe('writing the 签核记录 table and the signature blocks in the add-in', () => {
  // A workbook without the records sheet: the sheets' protection (1), unprotecting (2), looking up
  // 签核记录 (3), the table (4), the signature blocks and protection (5).
  const FIXED = 5;

  it('costs the same round trips with a hundred records as with one, and with ten sheets as with one', async () => {
    const one = await syncsToSign([record(0, 0)], 1);
    const hundred = await syncsToSign(Array.from({ length: 100 }, (_, i) => record(i, 0)), 1);
    const tenSheets = await syncsToSign([record(0, 0)], 10);
    expect(one.syncs).toBe(FIXED);
    expect(hundred.syncs).toBe(FIXED);
    expect(tenSheets.syncs).toBe(FIXED);
    expect(String(tenSheets.fake.sheet('表9').cell(4, 3)?.v)).toBe('王经理');
  });

  it('a table of several MB goes out in requests under 5 MB, one more per ~3 MB, and reads back whole', async () => {
    // 60 parts of 30,000 characters, mostly 表 (3 bytes in UTF-8): about 5.4 MB, more than one request may carry.
    const records = Array.from({ length: 6 }, (_, i) => record(i, 10));
    const bytes = records.length * 10 * PART_LENGTH * 3;
    expect(bytes).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
    const { syncs, requests, host } = await syncsToSign(records, 1);
    expect(Math.max(...requests.map((r) => r.bytes))).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
    expect(syncs).toBeGreaterThan(FIXED);
    expect(syncs).toBeLessThanOrEqual(FIXED + Math.ceil(bytes / WRITE_BUDGET));
    expect(tableToRecords(await readRecordTable(host))).toEqual(records);
  });
});
