import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBankFile, readJournalFile } from '../../pipeline/read';
import { generateSampleSet, writeSampleSet, type SampleSet } from '../../pipeline/sample';

let dir: string;
let set: SampleSet;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-sample-read-'));
  set = generateSampleSet({ units: 90, seed: 5 });
  await writeSampleSet(dir, set);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('sample files read back with the statement and journal readers', () => {
  it('reads every statement with its own profile, every row where the model says, nothing rejected', async () => {
    for (const s of set.statements) {
      const r = await readBankFile(path.join(dir, s.file));
      expect(r.profile, s.file).toBe(s.profile);
      expect(r.rejected, s.file).toEqual([]);
      expect(r.transactions.length, s.file).toBe(s.transactions.length);
      r.transactions.forEach((t, i) => {
        const want = s.transactions[i]!;
        expect(t.source, s.file).toEqual(want.source);
        expect(t.amount.eq(want.amount), `${s.file} row ${want.source.row}`).toBe(true);
        expect(t.date).toBe(want.date);
        expect(t.time).toBe(want.time);
        expect(t.reference).toBe(want.reference);
        expect(t.counterpartyName).toBe(want.counterpartyName);
        expect(t.balance?.eq(want.balance!)).toBe(true);
      });
    }
  });

  it('reads the journal as Kingdee, every line where the model says, with customer and unit', async () => {
    const r = await readJournalFile(path.join(dir, set.journal.file));
    expect(r.profile).toBe('kingdee-journal');
    expect(r.rejected).toEqual([]);
    expect(r.lines.length).toBe(set.journal.lines.length);
    r.lines.forEach((l, i) => {
      const want = set.journal.lines[i]!;
      expect(l.source).toEqual(want.source);
      expect(l.voucher).toBe(want.voucher);
      expect(l.date).toBe(want.date);
      expect(l.debit.eq(want.debit) && l.credit.eq(want.credit), `row ${want.source.row}`).toBe(true);
      expect(l.isBankLine).toBe(want.isBankLine);
      expect(l.auxiliary).toEqual(want.auxiliary);
      if (want.unitKey) expect(l.unitKey, `row ${want.source.row}`).toBe(want.unitKey);
    });
  });
});
