import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile, type StatementRead } from '../../pipeline/read';

/** The same statement in every encoding banks use gives identical records. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-enc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LINES = [
  '中国工商银行对公账户明细',
  '账号：1202020209000012345',
  '户名：某某置业有限公司（监管户）',
  '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息',
  '0001,1202020209000012345,6222020200001111,2026-11-03 10:22:13,贷,,"1,200,000.00",102100099996,按揭放款,"3栋2单元1501 张三,""首付""已付",中国工商银行个人贷款中心,"5,200,000.00",',
  '0002,1202020209000012345,,2026-11-04 09:00:00,借,50.00,,,"手续费',
  '（第二行）",,,"5,199,950.00",',
  '0003,1202020209000012345,6217000000001234,2026-11-30 23:59:59,贷,,0.01,,利息,,𠀀测试公司,"5,199,950.01",',
];

function encode(text: string, enc: string): Buffer {
  switch (enc) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
  throw new Error(enc);
}

function records(r: StatementRead): unknown[] {
  return r.transactions.map((t) => ({ ...t, source: { ...t.source, file: '' }, amount: t.amount.toFixed(2), balance: t.balance?.toFixed(2) ?? null }));
}

describe('encodings and separators', () => {
  const ENCODINGS = ['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'utf-16be'];
  const reads: Record<string, StatementRead> = {};

  for (const enc of ENCODINGS) {
    for (const eol of ['\r\n', '\n']) {
      it(`${enc} (${eol === '\n' ? 'LF' : 'CRLF'}) reads the same records`, async () => {
        const file = path.join(dir, `stmt-${enc}-${eol.length}.csv`);
        fs.writeFileSync(file, encode(LINES.join(eol) + eol, enc));
        const r = await readBankFile(file);
        reads[`${enc}${eol.length}`] = r;
        expect(r.profile).toBe('icbc-corporate');
        expect(r.encoding).toBe(enc === 'utf-8-bom' ? 'utf-8' : enc);
        expect(r.rejected).toEqual([]);
        // quoted comma, doubled quotes and a quoted line break stay inside their cells; rows keep the line they start on
        expect(r.transactions.map((t) => t.source.row)).toEqual([5, 6, 8]);
        expect(r.transactions[0].memo).toBe('按揭放款 3栋2单元1501 张三,"首付"已付');
        expect(r.transactions[1].memo).toBe(`手续费${eol === '\r\n' ? '\r\n' : '\n'}（第二行）`);
        expect(r.transactions[2].counterpartyName).toBe('𠀀测试公司');
        expect(r.accountName).toBe('某某置业有限公司（监管户）');
        expect(records(r)).toEqual(records(reads[`utf-8${eol.length}`]));
      });
    }
  }

  it('GB18030 and UTF-8 give identical records', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    fs.writeFileSync(a, encode(LINES.join('\r\n'), 'utf-8'));
    fs.writeFileSync(b, encode(LINES.join('\r\n'), 'gb18030'));
    expect(records(await readBankFile(a))).toEqual(records(await readBankFile(b)));
  });

  it('tab-separated text with the same content is read the same', async () => {
    const tab = LINES.join('\r\n').replace(/"([^"]*(?:""[^"]*)*)"|,/g, (m, q) => (m === ',' ? '\t' : `"${q}"`));
    const t = path.join(dir, 'tab.txt');
    const c = path.join(dir, 'comma.csv');
    fs.writeFileSync(t, encode(tab, 'utf-16le'));
    fs.writeFileSync(c, encode(LINES.join('\r\n'), 'utf-8'));
    const rt = await readBankFile(t);
    expect(rt.delimiter).toBe('\t');
    expect(records(rt)).toEqual(records(await readBankFile(c)));
  });

  it('records spanning the 1 MiB read chunks keep their line numbers (UTF-16, quoted cells)', async () => {
    const head = LINES.slice(0, 4);
    const rows: string[] = [];
    for (let i = 0; i < 20000; i++) rows.push(`${i},1202020209000012345,,2026-11-03 10:00:00,贷,,"${i}.25",,"摘要 ${i}, 含逗号",,张三${i % 7},,`);
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, encode([...head, ...rows].join('\r\n'), 'utf-16le'));
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    const r = await readBankFile(file);
    expect(r.transactionCount).toBe(20000);
    expect(r.transactions.every((t, i) => t.source.row === 5 + i && t.reference === String(i) && t.amount.toFixed(2) === `${i}.25`)).toBe(true);
  });
});
