import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { toInspectJson } from '../../pipeline/commands/inspect';
import { readAnyFile } from '../../pipeline/read';

const REAL = path.resolve(__dirname, '../../../shared/real-bank-exports');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-inspect-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));


const withBadRow = path.join(dir, 'bad.csv');
fs.writeFileSync(withBadRow, ['交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号', '2026-11-03,10:00:00,"1,000.00",1000.00,转账,张三,6222000011112222,按揭,A1', '2026-11-04,10:00:00,一千,1000.00,转账,,,,A2', '2026-11-05,10:00:00,-0.5,999.50,收费,,,,A3'].join('\n'));

describe('anjie inspect', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('--json prints the documented contract: amounts as two-decimal strings, counts as numbers, 1-based rows', async () => {
    const cmb = path.join(REAL, 'cmb/debit/example-cmb-records.csv');
    const { code, out } = await anjie('inspect', '--json', cmb, withBadRow);
    expect(code).toBe(0);
    const j = JSON.parse(out) as { files: Record<string, unknown>[] };
    expect(j.files).toHaveLength(2);
    expect(j.files[0]).toMatchObject({ file: cmb, profile: 'cmb-debit', headerRow: 1, transactions: 5, credits: '1234.00', debits: '2013.14', rejected: [], warnings: [] });
    expect(j.files[1]).toMatchObject({ file: withBadRow, profile: 'cmb-corporate', headerRow: 1, transactions: 2, credits: '1000.00', debits: '0.50' });
    expect(j.files[1].rejected).toEqual([{ sheet: '', row: 3, column: 'C', reason: expect.stringContaining('/') }]);
  });

  it('a header over two rows (发生额 over 借方发生额 | 贷方发生额): headerRow is its first row and headerRows 2, so the data starts under both', async () => {
    const twoRows = path.join(dir, 'two-rows.csv');
    fs.writeFileSync(twoRows, ['交易日期,摘要,发生额,,余额', ',,借方发生额,贷方发生额,', '2026-11-03,按揭放款,,680000,1680000', '2026-11-04,手续费,50,,1679950'].join('\n'));
    const { code, out } = await anjie('inspect', '--json', twoRows, withBadRow);
    expect(code).toBe(0);
    const j = JSON.parse(out) as { files: Record<string, unknown>[] };
    expect(j.files[0]).toMatchObject({ headerRow: 1, headerRows: 2, transactions: 2, credits: '680000.00', debits: '50.00', rejected: [] });
    expect(j.files[1]).toMatchObject({ headerRow: 1, headerRows: 1 });
    const text = await anjie('inspect', twoRows);
    expect(text.out).toContain('表头 header row: 1–2（两行表头 two-row header）');
  });

  it('prints profile, reason, header row, counts, rejected rows with row numbers and totals for a person', async () => {
    const { code, out } = await anjie('inspect', withBadRow);
    expect(code).toBe(0);
    expect(out).toContain('cmb-corporate');
    expect(out).toContain('表头 header row: 1');
    expect(out).toContain('交易 transactions: 2');
    expect(out).toContain('第 3 行 row 3 列 column C');
    expect(out).toContain('1000.00');
  });

  it('exit 2 when a file cannot be read at all; the other files are still reported', async () => {
    const unknown = path.join(dir, 'unknown.csv');
    fs.writeFileSync(unknown, '姓名,电话\n张三,13800000000\n');
    const { code, out } = await anjie('inspect', '--json', withBadRow, unknown);
    expect(code).toBe(2);
    const j = JSON.parse(out) as { files: { file: string; error?: string; transactions?: number }[] };
    expect(j.files[0].transactions).toBe(2);
    expect(j.files[1].file).toBe(unknown);
    expect(j.files[1].error).toContain('姓名, 电话');
    // The documented form: Chinese line, English line, where, then what to do in both languages.
    expect(Object.keys(j.files[1])).toEqual(['file', 'error']);
    expect(j.files[1].error!.split('\n').map((l) => l.split(':')[0])).toEqual(['错误', 'Error', '文件 file', '处理办法', 'What to do']);
  });

  it('masks personal numbers in skipped rows\' reasons, as in rejected rows\' reasons and warnings, unless --show-pii', async () => {
    const alipay = path.join(REAL, 'alipay/example-alipay-records.csv');
    const r = await readAnyFile(alipay, {});
    if (r.kind !== 'bank') throw new Error('expected a statement');
    expect(r.skipped.length).toBeGreaterThan(0);
    // A reason quotes the cell that made the row no money movement; that cell may hold anything.
    r.skipped[0] = { ...r.skipped[0], reason: { zh: '不计收支（退款 13800138000 440106199001011234）', en: 'neither in nor out (refund 13800138000 440106199001011234)' } };
    const masked = JSON.stringify(toInspectJson(alipay, r, false).skipped);
    expect(masked).not.toContain('13800138000');
    expect(masked).not.toContain('440106199001011234');
    expect(masked).toContain('138****8000');
    const shown = JSON.stringify(toInspectJson(alipay, r, true).skipped);
    expect(shown).toContain('13800138000');
    expect(shown).toContain('440106199001011234');
  });

  it('--profile forces a layout', async () => {
    const { code, out } = await anjie('inspect', '--json', '--profile', 'generic', withBadRow);
    expect(code).toBe(0);
    expect(JSON.parse(out).files[0]).toMatchObject({ profile: 'generic', generic: true, transactions: 2 });
  });

  it('reads a legacy .xls through LibreOffice', async () => {
    const { code, out } = await anjie('inspect', '--json', path.join(REAL, 'spdb_debit/example-spdb_debit-records.xls'));
    expect(code).toBe(0);
    expect(JSON.parse(out).files[0]).toMatchObject({ profile: 'spdb-debit', sheet: 'sheet', headerRow: 2, transactions: 4, credits: '10.00', debits: '11.64', account: '****1230' });
  });
});
