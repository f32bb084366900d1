import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile } from '../../pipeline/read';

/** Awkward exports a finance clerk gets from a bank portal, found in a QA pass of the readers. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-readqa-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a 交易时间 column holding the whole timestamp beside the 记账日期', () => {
  it('gives each row its time (same day), without calling the times unreadable', async () => {
    const f = path.join(dir, 'timestamps.csv');
    fs.writeFileSync(
      f,
      [
        '记账日期,交易时间,收入金额,支出金额,对方户名,摘要,余额',
        '2026-11-03,2026-11-03 10:00:00,1400000.00,,张三,按揭放款 3-2-1501,1400000.00',
        '2026-11-04,2026/11/04 09:05,,100.00,工行,手续费,1399900.00',
        '2026-11-05,2026-11-04 23:59:00,900000.00,,李四,按揭放款 3-2-1502,2299900.00',
        '',
      ].join('\n'),
    );
    const r = await readBankFile(f);
    expect(r.profile).toBe('generic');
    expect(r.transactions.map((t) => [t.date, t.time])).toEqual([
      ['2026-11-03', '10:00:00'],
      ['2026-11-04', '09:05:00'],
      // A timestamp of another day than the booking date is not the row's time: left empty, and said.
      ['2026-11-05', null],
    ]);
    expect(r.warnings.map((w) => w.en)).toEqual(['1 row(s) have an unreadable time; time left empty (rows 4)']);
  });
});
