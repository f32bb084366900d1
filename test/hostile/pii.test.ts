import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anjie, CORPUS, freshDir, zipParts } from './helpers';

/**
 * Personal data: buyers' ID numbers, phone numbers and card/account numbers from the inputs never
 * appear in full in the report workbook (any sheet, hidden ones included), the JSON, or what the
 * person sees on the terminal — unless --show-pii.
 */
const H = (f: string) => path.join(CORPUS, f);
// Unmatched journal: the statement rows land in 差异 with their names and memos.
const JOURNAL = H('journal-bad-rows.xlsx');

/** What pii.csv holds (hand-written in scripts/make-hostile-corpus.ts). */
const SECRETS = {
  id: '11010519491231002X',
  phones: ['13812345678', '13987654321'],
  cards: ['6222020200112233445', '6217000010012345678'],
};
const ALL = [SECRETS.id, ...SECRETS.phones, ...SECRETS.cards];

async function everything(dir: string, out: { out: string; err: string }): Promise<string> {
  const parts = await zipParts(path.join(dir, 'report.xlsx'));
  // Inline strings only: XML escapes nothing inside digits, so a plain search finds any full number.
  return [...parts.values(), fs.readFileSync(path.join(dir, 'report.json'), 'utf8'), out.out, out.err].join('\n');
}

describe('personal data in reports and messages', () => {
  it('masks ID numbers, phones and card numbers everywhere by default, in the DOMAIN.md forms', async () => {
    const dir = freshDir('pii');
    const r = await anjie(['reconcile', '--bank', H('pii.csv'), '--finance', JOURNAL, '--period', '2026-03', '--out', path.join(dir, 'report.xlsx'), '--json', path.join(dir, 'report.json')]);
    expect(r.code, r.out + r.err).toBe(0);
    const text = await everything(dir, r);
    for (const s of ALL) expect(text.includes(s), `${s} appears unmasked`).toBe(false);
    // The masked forms are there, so the data was not simply dropped.
    expect(text).toContain('110105********002X');
    expect(text).toContain('138****5678');
  });

  it('shows them in full with --show-pii', async () => {
    const dir = freshDir('pii-show');
    const r = await anjie(['reconcile', '--bank', H('pii.csv'), '--finance', JOURNAL, '--period', '2026-03', '--out', path.join(dir, 'report.xlsx'), '--json', path.join(dir, 'report.json'), '--show-pii']);
    expect(r.code, r.out + r.err).toBe(0);
    const text = await everything(dir, r);
    expect(text).toContain(SECRETS.id);
    expect(text).toContain(SECRETS.phones[0]);
  });

  it('keeps them out of rejected-row reasons and raw cells in the report and in inspect', async () => {
    // A statement whose bad cells hold an ID number, a phone and a card number.
    const dir = freshDir('pii-bad');
    const csv = path.join(dir, 'pii-bad-rows.csv');
    fs.writeFileSync(
      csv,
      [
        '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号',
        `${SECRETS.id},10:00:00,680000.00,1680000.00,汇入,张伟,${SECRETS.cards[0]},按揭放款 张伟 3-2-1501,CMB1`,
        `2026-03-05,10:00:00,${SECRETS.phones[0]}元整,1680000.00,汇入,李娜,${SECRETS.cards[1]},按揭放款 李娜 3-2-1502,CMB2`,
        `2026-03-06,10:00:00,450000.00,2130000.00,汇入,王强,6222020200112233446,按揭放款 王强 5-1-0801,CMB3`,
      ].join('\r\n') + '\r\n',
    );
    const out = freshDir('pii-bad-out');
    const r = await anjie(['reconcile', '--bank', csv, '--finance', JOURNAL, '--period', '2026-03', '--out', path.join(out, 'report.xlsx'), '--json', path.join(out, 'report.json')]);
    expect(r.code, r.out + r.err).toBe(0);
    const text = await everything(out, r);
    for (const s of [...ALL, '6222020200112233446']) expect(text.includes(s), `${s} appears unmasked in the report`).toBe(false);

    const ins = await anjie(['inspect', csv]);
    const insJson = await anjie(['inspect', '--json', csv]);
    expect(ins.code).toBe(0);
    for (const s of ALL) {
      expect((ins.out + ins.err).includes(s), `${s} appears unmasked in inspect`).toBe(false);
      expect((insJson.out + insJson.err).includes(s), `${s} appears unmasked in inspect --json`).toBe(false);
    }
  });

  it('keeps them out of the error message when a file cannot be read', async () => {
    // No header: the message lists the columns it found — here a buyer's data row.
    const dir = freshDir('pii-msg');
    const csv = path.join(dir, 'buyers.csv');
    fs.writeFileSync(csv, `张伟,${SECRETS.id},${SECRETS.phones[0]},${SECRETS.cards[0]}\r\n李娜,${SECRETS.id},${SECRETS.phones[1]},${SECRETS.cards[1]}\r\n`);
    const ins = await anjie(['inspect', csv]);
    const rec = await anjie(['reconcile', '--bank', csv, '--finance', JOURNAL, '--period', '2026-03', '--out', path.join(dir, 'r.xlsx')]);
    expect(ins.code).toBe(2);
    expect(rec.code).toBe(2);
    for (const r of [ins, rec]) {
      const seen = r.out + r.err;
      expect(seen).toContain('buyers.csv');
      for (const s of ALL) expect(seen.includes(s), `${s} appears unmasked in the message`).toBe(false);
    }
    expect(ins.out + ins.err).toContain('110105********002X');
  });
});
