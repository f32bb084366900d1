import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cli, scenario, tempDir, writeBank, writeFinance, type ReconcileJson } from './files';
import { unit } from './helpers';

describe('anjie reconcile — command line', () => {
  it('--help is bilingual and lists every option', async () => {
    const r = await cli(['reconcile', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--bank', '--finance', '--register', '--project', '--period', '--out', '--json', '--previous', '--config', '--fail-on-mismatch', '--show-pii', '--force', '银行流水', 'bank statement']) expect(r.stdout).toContain(s);
    // Every exit code it can give, 3 (a bug) included.
    for (const s of ['0 对账完成', '1 --fail-on-mismatch', '2 输入或用法错误', '3 内部错误（请报告）/ internal error (please report it)', '130/143']) expect(r.stdout).toContain(s);
  });

  it('a file no layout fits is not told to use --profile, which reconcile does not have', async () => {
    const dir = await tempDir();
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    // A layout some profile nearly fits: try one with inspect.
    const nearly = path.join(dir, 'nearly.csv');
    await fs.writeFile(nearly, '凭证号,本方账号,对方账号,交易时间,摘要\n0001,1202020209000012345,6222,2026-11-03 10:22:13,按揭款\n');
    const r = await cli(['reconcile', '--bank', nearly, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法识别文件版式');
    expect(r.stderr).not.toContain('可用 --profile');
    expect(r.stderr).not.toContain('Force one with --profile');
    expect(r.stderr).toContain('anjie inspect --profile');
    expect(r.stderr).toContain('templates/banks/');
    // Meeting minutes, which no profile comes near: not a statement, and no --profile either.
    const noHeader = path.join(__dirname, '..', 'fixtures', 'hostile', 'no-header.csv');
    const m = await cli(['reconcile', '--bank', noHeader, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('不像银行流水或财务序时账');
    expect(m.stderr).not.toContain('--profile');
    (await cli(['reconcile', '--help'])).stdout.split('\n').forEach((l) => expect(l).not.toMatch(/^\s*--profile/));
  });

  it('on a terminal, the progress line is cleared before an error is printed (its first line not glued to it)', async () => {
    const dir = await tempDir();
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const was = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      const r = await cli(['reconcile', '--bank', path.join(dir, 'nope.csv'), '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('读取 read');
      const at = r.stderr.indexOf('错误:');
      expect(at).toBeGreaterThan(0);
      expect(r.stderr.slice(0, at).endsWith('\r\x1b[K')).toBe(true);
    } finally {
      if (was) Object.defineProperty(process.stderr, 'isTTY', was);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
  });

  it('exit 2 on bad usage and bad input, without writing a report', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const out = path.join(dir, 'r.xlsx');
    expect((await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-13', '--out', out])).code).toBe(2);
    expect((await cli(['reconcile', '--bank', bank, '--finance', fin, '--out', out])).code).toBe(2);
    const missing = await cli(['reconcile', '--bank', path.join(dir, 'nope.csv'), '--finance', fin, '--period', '2026-11', '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/错误/);
    await expect(fs.access(out)).rejects.toThrow();
  });

  it('an output that cannot be written: a bilingual message naming it, exit 2, and neither the report nor the JSON lands', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const aFile = path.join(dir, 'afile');
    await fs.writeFile(aFile, 'x');
    const aFolder = path.join(dir, 'folder');
    await fs.mkdir(aFolder);
    const base = ['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11'];
    const cases = [
      { out: path.join(aFile, 'r.xlsx'), json: path.join(dir, 'a.json'), bad: path.join(aFile, 'r.xlsx') }, // a file where a folder should be
      { out: path.join(dir, 'b.xlsx'), json: aFolder, bad: aFolder }, // a folder where the JSON should be
    ];
    for (const c of cases) {
      const r = await cli([...base, '--out', c.out, '--json', c.json]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`无法写入输出文件 ${c.bad}`);
      expect(r.stderr).toContain(`Cannot write the output file ${c.bad}`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      for (const f of [c.out, c.json].filter((f) => f !== aFolder)) await expect(fs.access(f).then(() => `${f} exists`), f).rejects.toThrow();
    }
    expect((await fs.readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
    const same = await cli([...base, '--out', path.join(dir, 'x.xlsx'), '--json', path.join(dir, 'x.xlsx')]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--out 与 --json 是同一个文件');
  });

  it.skipIf(process.platform === 'win32')('an output that is a symbolic link is written through it (the link stays); a named pipe is refused, exit 2, nothing written', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const base = ['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11'];
    const share = path.join(dir, 'share');
    const link = path.join(dir, 'link');
    await fs.mkdir(share);
    await fs.mkdir(link);
    // An existing report on the share, and one not written yet (a dangling link).
    await fs.writeFile(path.join(share, '月报.xlsx'), 'last month');
    await fs.symlink(path.join(share, '月报.xlsx'), path.join(link, '月报.xlsx'));
    await fs.symlink('../share/月报.json', path.join(link, '月报.json'));
    const r = await cli([...base, '--out', path.join(link, '月报.xlsx'), '--json', path.join(link, '月报.json')]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['月报.xlsx', '月报.json']) expect((await fs.lstat(path.join(link, f))).isSymbolicLink(), f).toBe(true);
    expect((await fs.readFile(path.join(share, '月报.xlsx'))).subarray(0, 2).toString()).toBe('PK');
    expect(JSON.parse(await fs.readFile(path.join(share, '月报.json'), 'utf8'))).toMatchObject({ period: '2026-11' });
    expect((await fs.readdir(share)).sort()).toEqual(['月报.json', '月报.xlsx']);
    expect((await fs.readdir(link)).sort()).toEqual(['月报.json', '月报.xlsx']);

    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const out = path.join(dir, 'r.xlsx');
    const piped = await cli([...base, '--out', out, '--json', fifo]);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(`无法写入输出文件 ${fifo}：这不是普通文件`);
    expect(piped.stderr).toContain(`Cannot write the output file ${fifo}: it is not a regular file`);
    expect((await fs.lstat(fifo)).isFIFO()).toBe(true);
    await expect(fs.access(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a read-only report is not replaced: exit 2, a bilingual message naming it, the old file kept and nothing else written', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const base = ['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11'];
    for (const which of ['out', 'json'] as const) {
      const out = path.join(dir, `${which}.xlsx`);
      const json = path.join(dir, `${which}.json`);
      const locked = which === 'out' ? out : json;
      await fs.writeFile(locked, 'last month');
      await fs.chmod(locked, 0o444); // no write permission for anyone (as root too)
      const r = await cli([...base, '--out', out, '--json', json]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`无法写入输出文件 ${locked}：文件是只读的（可能正被占用，或设置了只读属性）`);
      expect(r.stderr).toContain(`Cannot write the output file ${locked}: the file is read-only (is it open in Excel, or marked read-only?)`);
      expect(await fs.readFile(locked, 'utf8')).toBe('last month');
      await expect(fs.access(which === 'out' ? json : out)).rejects.toThrow();
    }
    expect((await fs.readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('--register and --previous get the checks the bank and journal files get: a damaged, encrypted, empty or hostile file is named with what is wrong, exit 2, nothing written', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const hostile = (f: string) => path.join(__dirname, '..', 'fixtures', 'hostile', f);
    const cases: [string, string, string][] = [
      ['damaged-deflate.xlsx', '工作簿已损坏', 'the workbook is damaged'],
      ['truncated.xlsx', '文件不完整', 'the file is incomplete'],
      ['encrypted.xlsx', '工作簿已加密', 'the workbook is encrypted'],
      ['empty.xlsx', '文件是空的', 'the file is empty'],
      ['not-a-zip.xlsx', '文件扩展名是 .xlsx，但内容不是 Excel 工作簿', 'the name ends in .xlsx but the content is not an Excel workbook'],
      ['zip-bomb.xlsx', '压缩炸弹', 'zip bomb'],
      ['zip-bomb-understated.xlsx', '压缩炸弹', 'zip bomb'],
    ];
    const out = path.join(dir, 'r.xlsx');
    for (const option of ['--register', '--previous']) {
      for (const [file, zh, en] of cases) {
        const r = await cli(['reconcile', '--bank', bank, '--finance', fin, option, hostile(file), '--period', '2026-11', '--out', out]);
        const what = `${option} ${file}`;
        expect(r.code, what).toBe(2);
        expect(r.stderr, what).toContain(`错误: 无法读取文件 ${file}：`);
        expect(r.stderr, what).toContain(`Error: Cannot read the file ${file}: `);
        expect(r.stderr, what).toContain(zh);
        expect(r.stderr, what).toContain(en);
        expect(r.stderr, what).not.toMatch(/jszip|central directory|Bug :|Corrupted zip|End of data|Internal error|\n\s+at /);
      }
    }
    // Neither a workbook nor a JSON report: said in both languages, not in JSON.parse's English.
    const csv = await cli(['reconcile', '--bank', bank, '--finance', fin, '--previous', bank, '--period', '2026-11', '--out', out]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('--previous 不是 anjie reconcile 的上期报告（JSON 或 .xlsx）：既不是 JSON 文件，也不是 .xlsx 工作簿');
    expect(csv.stderr).not.toContain('is not valid JSON');
    // A workbook or JSON that is no report (the register, inspect --json's output): why, in Chinese on the 错误 line and in English on the Error line.
    const lineStarting = (stderr: string, start: string) => stderr.split('\n').find((l) => l.startsWith(start)) ?? '';
    const inspectJson = path.join(dir, 'inspect.json');
    await fs.writeFile(inspectJson, JSON.stringify({ files: [] }));
    const noReport: [string, string, string][] = [
      [await writeFinance(dir, '序时账_10月.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]), '没有 _anjie_open 数据表', 'no _anjie_open sheet'],
      [inspectJson, '缺少 "open" 未达项列表', 'no "open" list'],
    ];
    for (const [file, zh, en] of noReport) {
      const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--previous', file, '--period', '2026-11', '--out', out]);
      expect(r.code, file).toBe(2);
      const zhLine = lineStarting(r.stderr, '错误:');
      const enLine = lineStarting(r.stderr, 'Error:');
      expect(zhLine, file).toContain(`--previous 不是 anjie reconcile 的上期报告（JSON 或 .xlsx）：${zh}`);
      expect(enLine, file).toContain(`--previous is not a report written by anjie reconcile (JSON or .xlsx): ${en}`);
      expect(zhLine, file).not.toContain(en);
      expect(enLine, file).not.toMatch(/[\u4e00-\u9fff]/);
    }
    const reg = await cli(['reconcile', '--bank', bank, '--finance', fin, '--register', bank, '--period', '2026-11', '--out', out]);
    expect(reg.code).toBe(2);
    expect(reg.stderr).toContain('无法读取文件 工行.csv：这是文本文件（CSV？），不是 Excel 工作簿；按揭台账须为 .xlsx');
    // A legacy .xls register goes the way a legacy bank file goes: converted, or (no LibreOffice) the advice to save it as .xlsx.
    const savedPath = process.env.PATH;
    const savedSoffice = process.env.ANJIE_SOFFICE;
    process.env.PATH = '/nonexistent';
    delete process.env.ANJIE_SOFFICE;
    try {
      const xls = await cli(['reconcile', '--bank', bank, '--finance', fin, '--register', hostile('legacy.xls'), '--period', '2026-11', '--out', out]);
      expect(xls.code).toBe(2);
      expect(xls.stderr).toContain('无法读取旧版 Excel 文件（.xls）：未安装 LibreOffice');
      expect(xls.stderr).toContain('save it as .xlsx');
    } finally {
      process.env.PATH = savedPath;
      if (savedSoffice !== undefined) process.env.ANJIE_SOFFICE = savedSoffice;
    }
    expect(await fs.readdir(dir)).toEqual(expect.not.arrayContaining(['r.xlsx']));
  });

  it('an option that takes one value, given twice, is a usage error naming it (exit 2), not the last one read silently', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '100', memo: '1-1-101' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const other = await writeFinance(dir, '序时账_另一个.xlsx', [{ voucher: '记-2', amount: '200', unit: '1-1-102' }]);
    const out = path.join(dir, 'r.xlsx');
    const base = { '--bank': bank, '--finance': fin, '--period': '2026-11', '--out': out };
    const twice: [string, string, string][] = [
      ['--finance', fin, other],
      ['--period', '2026-10', '2026-11'],
      ['--register', path.join(dir, 'a.xlsx'), path.join(dir, 'b.xlsx')],
      ['--out', path.join(dir, 'x.xlsx'), out],
      ['--json', path.join(dir, 'a.json'), path.join(dir, 'b.json')],
      ['--previous', path.join(dir, 'a.json'), path.join(dir, 'b.json')],
      ['--config', path.join(dir, 'a.json'), path.join(dir, 'b.json')],
    ];
    for (const [option, first, second] of twice) {
      const args = ['reconcile', ...Object.entries(base).flatMap(([k, v]) => (k === option ? [] : [k, v])), option, first, option, second];
      const r = await cli(args);
      expect(r.code, option).toBe(2);
      expect(r.stderr, option).toContain(`${option} 只能给一次（给了 ${first} 和 ${second}）`);
      expect(r.stderr, option).toContain(`${option} may be given only once (given ${first} and ${second})`);
    }
    expect(await fs.readdir(dir)).toEqual(expect.not.arrayContaining(['r.xlsx', 'x.xlsx']));
  });

  it('a bank file or journal with only its header row is reconciled (exit 0) with a warning naming it', async () => {
    const onlyHeader = await scenario({ bank: { '工行.csv': [], '建行.csv': [{ ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101' }] }, finance: [] });
    expect(onlyHeader.code).toBe(0);
    expect(onlyHeader.stdout).toContain('警告 warning: 文件没有交易行：工行.csv');
    expect(onlyHeader.stdout).toContain('no transaction rows: 工行.csv');
    expect(onlyHeader.stdout).toContain('警告 warning: 文件没有交易行：序时账.xlsx');
    expect(onlyHeader.stdout).toContain('no transaction rows: 序时账.xlsx');
    expect(onlyHeader.stdout).not.toContain('文件没有交易行：建行.csv');
    const full = await scenario({ bank: [{ ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101' }], finance: [{ voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101' }] });
    expect(full.stdout).not.toContain('文件没有交易行');
  });

  it('the rows it prints per file are those the JSON and 汇总 count: every row read, rejected ones included', async () => {
    const dir = await tempDir();
    const hostile = (f: string) => path.join(__dirname, '..', 'fixtures', 'hostile', f);
    const json = path.join(dir, 'r.json');
    const r = await cli(['reconcile', '--bank', hostile('text-amounts.csv'), '--finance', hostile('journal-bad-rows.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'r.xlsx'), '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const files = (JSON.parse(await fs.readFile(json, 'utf8')) as { totals: { files: { side: string; file: string; rows: number; rejected: number }[] } }).totals.files;
    expect(files).toEqual([
      { side: 'bank', file: 'text-amounts.csv', rows: 5, rejected: 3 },
      { side: 'finance', file: 'journal-bad-rows.xlsx', rows: 3, rejected: 2 },
    ]);
    expect(r.stdout).toContain('银行 bank: text-amounts.csv (cmb-corporate) 5 行 rows，未解析 rejected 3');
    expect(r.stdout).toContain('财务 finance: journal-bad-rows.xlsx (kingdee-journal) 3 行 rows，未解析 rejected 2');
  });

  it('warns when no row is dated in --period (a mistyped month), and not when some are', async () => {
    const p = { bank: [{ ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101', date: '2026-11-03' }], finance: [{ voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-04' }] };
    const wrong = await scenario({ ...p, period: '2025-11' });
    expect(wrong.code).toBe(0);
    expect(wrong.stdout).toContain('警告 warning: 没有一行的日期在 2025-11 内（读入的日期为 2026-11-03 至 2026-11-04），请检查 --period');
    expect(wrong.json.rows.every((r) => r.outcome === 'OUT_OF_PERIOD')).toBe(true);
    const right = await scenario(p);
    expect(right.stdout).not.toContain('请检查 --period');
  });

  it('names the file none of whose rows is dated in --period, also when other files have rows in it (a mistyped month, last month\'s journal)', async () => {
    const lineOf = (stdout: string, file: string) => stdout.split('\n').findIndex((l) => l.includes(`: ${file} (`));
    // Exports run over the month's ends: 工行 holds one credit of 10-31 besides November's.
    const bank = {
      '工行.csv': [
        { ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101', date: '2026-10-31' },
        { ref: 'B2', amount: '600000', name: '乙', memo: '1-1-102', date: '2026-11-03' },
      ],
      '建行.csv': [{ ref: 'C1', amount: '700000', name: '丙', memo: '1-1-103', date: '2026-11-05' }],
    };
    const finance = [
      { voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-02' },
      { voucher: '记-2', amount: '600000', customer: '乙', unit: '1-1-102', date: '2026-11-03' },
      { voucher: '记-3', amount: '700000', customer: '丙', unit: '1-1-103', date: '2026-11-05' },
    ];
    // November's files reconciled as October: only 工行's 10-31 row is in the period.
    const october = await scenario({ bank, finance, period: '2026-10' });
    expect(october.code).toBe(0);
    const lines = october.stdout.split('\n');
    const jian = lineOf(october.stdout, '建行.csv');
    expect(lines[jian + 1]).toContain('警告 warning: 文件 建行.csv 没有一行的日期在 2026-10 内（该文件的日期为 2026-11-05 至 2026-11-05），请检查 --period 和所选文件');
    expect(lines[jian + 1]).toContain('no row of 建行.csv is dated in 2026-10 (its rows run from 2026-11-05 to 2026-11-05): check --period and that this is the right file');
    const fin = lineOf(october.stdout, '序时账.xlsx');
    expect(lines[fin + 1]).toContain('文件 序时账.xlsx 没有一行的日期在 2026-10 内（该文件的日期为 2026-11-02 至 2026-11-05）');
    expect(lines[lineOf(october.stdout, '工行.csv') + 1]).not.toContain('警告 warning');
    // Last month's journal given with this month's statements.
    const lastJournal = await scenario({ bank, finance: finance.map((v) => ({ ...v, date: v.date.replace('2026-11', '2026-10') })) });
    expect(lastJournal.stdout).toContain('文件 序时账.xlsx 没有一行的日期在 2026-11 内（该文件的日期为 2026-10-02 至 2026-10-05）');
    expect(lastJournal.stdout).not.toContain('文件 工行.csv 没有一行');
    expect(lastJournal.stdout).not.toContain('文件 建行.csv 没有一行');
    // The right month: no file is named.
    expect((await scenario({ bank, finance })).stdout).not.toContain('没有一行的日期在');
  });

  it('exit 0 with findings; exit 1 with --fail-on-mismatch when a row needs action; summary on stdout', async () => {
    const p = {
      bank: [
        { ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101' },
        { ref: 'B2', amount: '600000', name: '乙', memo: '1-1-102' },
      ],
      finance: [{ voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101' }],
    };
    const plain = await scenario(p);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('工行.csv (icbc-corporate) 2 行 rows');
    expect(plain.stdout).toContain('MISSING_IN_FINANCE 未入账(银行已收企业未收): 1');
    expect(plain.stdout).toContain(`报告 Report: ${plain.out}`);
    const strict = await scenario({ ...p, args: ['--fail-on-mismatch'] });
    expect(strict.code).toBe(1);
    const clean = await scenario({ bank: [p.bank[0]], finance: p.finance, args: ['--fail-on-mismatch'] });
    expect(clean.code).toBe(0);
  });

  it('--fail-on-mismatch exits 1 only when a row needs action: interest, fees and a late booking on a matched row are a clean month (exit 0); a booking with no credit is not (exit 1)', async () => {
    const p = {
      bank: [
        { ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101', date: '2026-11-03' },
        { ref: 'B2', amount: '2066.03', memo: '结息', date: '2026-11-21' },
        { ref: 'B3', amount: '-15.5', memo: '电子汇划费 手续费', date: '2026-11-10' },
      ],
      finance: [
        { voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-06' },
        { voucher: '记-2', amount: '2066.03', summary: '利息收入', date: '2026-11-21' },
        { voucher: '记-3', amount: '-15.5', summary: '支付手续费', date: '2026-11-10' },
      ],
      args: ['--fail-on-mismatch'],
    };
    const clean = await scenario(p);
    expect(clean.json.totals.flags).toMatchObject({ NOT_MORTGAGE: 4, LATE_BOOKING: 2 });
    expect(clean.bank('B1').outcome).toBe('MATCHED');
    expect(clean.code).toBe(0);
    const open = await scenario({ ...p, finance: [...p.finance, { voucher: '记-4', amount: '700000', customer: '乙', unit: '1-1-102', date: '2026-11-30' }] });
    expect(open.fin('记-4').outcome).toBe('MISSING_IN_BANK');
    expect(open.code).toBe(1);
    const help = (await cli(['reconcile', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('exit 1 when a row needs action (UNPARSEABLE, DUPLICATE_FINANCE, AMBIGUOUS');
    expect(help).toContain('有需要处理的行时退出码为 1');
  });

  it('the same inputs give a byte-identical JSON and the same workbook bytes', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101' },
        { ref: 'B2', amount: '-12.5', memo: '手续费' },
      ],
      finance: [{ voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-09' }],
    });
    const json1 = await fs.readFile(s.jsonPath);
    const xlsx1 = await fs.readFile(s.out);
    const again = await scenario({ dir: s.dir, bank: [{ ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101' }, { ref: 'B2', amount: '-12.5', memo: '手续费' }], finance: [{ voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-09' }] });
    expect((await fs.readFile(again.jsonPath)).equals(json1)).toBe(true);
    expect((await fs.readFile(again.out)).equals(xlsx1)).toBe(true);
  });

  it('--previous carries last month\'s open items in: a credit of 10-31 booked on 11-02 matches across the month-end (from the JSON and from the .xlsx)', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      bank: [{ ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' }],
      finance: [{ voucher: '记-1', amount: '1', summary: '占位', date: '2026-10-08', account: { code: '1002.01', name: '银行存款-工行监管户' } }],
    });
    expect(oct.bank('B1').outcome).toBe('MISSING_IN_FINANCE');
    expect(oct.json.open.map((o) => [o.side, o.amount, o.outcome])).toContainEqual(['bank', '880000.00', 'MISSING_IN_FINANCE']);
    for (const previous of [oct.jsonPath, oct.out]) {
      const novDir = path.join(dir, `11-${path.extname(previous).slice(1)}`);
      await fs.mkdir(novDir, { recursive: true });
      const nov = await scenario({ dir: novDir, bank: [{ ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }], finance: [{ voucher: '记-7', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-11-02' }], args: ['--previous', previous] });
      const carried = nov.json.rows.find((r) => r.file === '2026-10/工行.csv');
      expect(carried, previous).toMatchObject({ side: 'bank', outcome: 'MATCHED', flags: ['LATE_BOOKING'] });
      expect(nov.fin('记-7')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'bank', file: '2026-10/工行.csv', row: oct.bank('B1').row }] });
      // October's unmatched booking is still open and is carried on; the credit is not (November's interest, not booked, is).
      expect(nov.json.open.map((o) => [o.side, o.file, o.amount])).toEqual([
        ['bank', '工行.csv', '100.00'],
        ['finance', '2026-10/序时账.xlsx', '1.00'],
      ]);
    }
    // Re-saved by a spreadsheet program that stores the hidden sheet's texts as rich text: still read, not skipped.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(oct.out);
    const open = wb.worksheets.find((w) => w.getCell(1, 1).value === 'anjie-open/1')!;
    open.eachRow((row, n) => {
      if (n > 1) row.getCell(1).value = { richText: [{ text: String(row.getCell(1).value), font: { name: 'Noto Sans CJK SC' } }] };
    });
    const resaved = path.join(dir, 'resaved.xlsx');
    await wb.xlsx.writeFile(resaved);
    const decDir = path.join(dir, '11-resaved');
    await fs.mkdir(decDir, { recursive: true });
    const fromRich = await scenario({ dir: decDir, bank: [{ ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }], finance: [], args: ['--previous', resaved] });
    expect(fromRich.code).toBe(0);
    expect(fromRich.json.rows.filter((r) => r.file.startsWith('2026-10/')).map((r) => r.side).sort()).toEqual(['bank', 'finance']);
    // October's own report cannot be October's previous month: refused, not carried in a second time.
    const again = scenario({ dir: path.join(dir, '10-again'), period: '2026-10', bank: [{ ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' }], finance: [], args: ['--previous', oct.jsonPath] });
    await expect(again).rejects.toThrow(/reconcile failed \(2\)[^]*--previous 是 2026-10 的报告，不早于本次对账的 2026-10/);
  });

  it('--previous must be last month\'s whole open list: a skipped month, an edited item or a repeated one is refused, never silently dropped', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      bank: [
        { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31' },
        { ref: 'B2', amount: '300000', name: '丁', memo: '2-1-302按揭', date: '2026-10-30' },
      ],
      finance: [],
    });
    expect(oct.json.open).toHaveLength(2);
    const nov = { bank: [{ ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }], finance: [] };
    const run = async (name: string, period: string, edit?: (j: { period?: string; open: Record<string, unknown>[] }) => void) => {
      const previous = path.join(dir, `${name}.json`);
      const j = JSON.parse(await fs.readFile(oct.jsonPath, 'utf8'));
      edit?.(j);
      await fs.writeFile(previous, JSON.stringify(j));
      await fs.mkdir(path.join(dir, name));
      return scenario({ dir: path.join(dir, name), period, ...nov, args: ['--previous', previous] });
    };
    // December given October's report: November's open items would be lost without a word.
    await expect(run('gap', '2026-12')).rejects.toThrow(/reconcile failed \(2\)[^]*--previous 是 2026-10 的报告，不是 2026-12 的上一个月 2026-11[^]*Reconcile 2026-11 first/);
    // An item relabelled MATCHED (or mistyped) used to be skipped: one open credit fewer, exit 0.
    await expect(run('relabelled', '2026-11', (j) => (j.open[0].outcome = 'MATCHED'))).rejects.toThrow(/reconcile failed \(2\)[^]*第 1 项的结果 MATCHED 不是未达项/);
    // The same item twice used to give two JSON rows for one input row.
    await expect(run('dup', '2026-11', (j) => j.open.push({ ...j.open[1] }))).rejects.toThrow(new RegExp(`reconcile failed \\(2\\)[^]*第 3 项重复：工行.csv 第 ${oct.bank('B2').row} 行`));
    await expect(run('noperiod', '2026-11', (j) => delete j.period)).rejects.toThrow(/reconcile failed \(2\)[^]*没有报告期间/);
    // Last month's open credits of a bank with no statement this month: a forgotten export, said on stdout.
    const ccb = await run('ccb', '2026-11', (j) => (j.open[1].bank = 'CCB'));
    expect(ccb.stdout).toContain('警告 warning: 上期有 1 笔 CCB 的到账未达，但本期没有 CCB 的对账单');
    const ok = await run('ok', '2026-11');
    expect(ok.stdout).not.toContain('但本期没有');
    expect(ok.json.rows.filter((r) => r.file === '2026-10/工行.csv').map((r) => r.outcome)).toEqual(['MISSING_IN_FINANCE', 'MISSING_IN_FINANCE']);
  });

  it('month-end chain: nothing open at the period end leaves the chain — re-exported open rows, a credit booked after the month-end, a carried booking exported again', async () => {
    const dir = await tempDir();
    const month = async (name: string, p: Parameters<typeof scenario>[0]) => {
      await fs.mkdir(path.join(dir, name));
      return scenario({ ...p, dir: path.join(dir, name) });
    };
    const ledger = { code: '1002.01', name: '银行存款-工行监管户' };
    const oct = await month('10', {
      period: '2026-10',
      bank: [{ ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31' }],
      finance: [{ voucher: '记-1', amount: '700000', customer: '丁', unit: '2-1-302', date: '2026-10-30', account: ledger }],
    });
    expect(oct.json.open.map((o) => o.outcome).sort()).toEqual(['MISSING_IN_BANK', 'MISSING_IN_FINANCE']);
    // November's statement (a file name that sorts before "2026-10/") starts on 10-31 and holds the
    // open credit again; the journal export starts on 10-30 and holds the open booking again. A
    // credit of 11-30 is booked on 12-01, a line the journal export runs into.
    const nov = await month('11', {
      bank: {
        '11月工行.csv': [
          { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31' },
          { ref: 'B2', amount: '700000', name: '丁', memo: '2-1-302按揭', date: '2026-11-02' },
          { ref: 'B3', amount: '500000', name: '戊', memo: '2-1-303按揭', date: '2026-11-30' },
        ],
      },
      finance: [
        { voucher: '记-1', amount: '700000', customer: '丁', unit: '2-1-302', date: '2026-10-30', account: ledger },
        { voucher: '记-9', amount: '500000', customer: '戊', unit: '2-1-303', date: '2026-12-01', account: ledger },
      ],
      args: ['--previous', oct.jsonPath],
    });
    // The re-exported 10-31 credit stands in for the carried one (which is its duplicate): still unbooked, still open.
    expect(nov.bank('B1').explanation.zh).toContain('上期(2026-10)未达项在本期导出中再次出现（日期2026-10-31），按本行对账：¥880,000.00财务仍未入账，继续结转下期');
    expect(nov.bank('B1').flags).toEqual(['OUT_OF_PERIOD', 'MISSING_IN_FINANCE']);
    // The re-exported booking is a duplicate of the carried one, not a rival: 11-02's credit pairs, nothing AMBIGUOUS.
    expect(nov.json.rows.filter((r) => r.outcome === 'AMBIGUOUS')).toEqual([]);
    expect(nov.fin('记-1').outcome).toBe('DUPLICATE_FINANCE');
    expect(nov.bank('B2')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ file: '2026-10/序时账.xlsx' }] });
    // What became of October's two items, on stdout: the credit still open (through its re-exported copy), the booking closed.
    expect(nov.stdout).toContain('上期结转 Carried in: 2 项：本期核销 1，仍未达 1（2026-10 起 1 项） / 2: 1 closed this month, 1 still open (1 since 2026-10)');
    // The carried booking counts under its 科目 in 汇总's per-account totals, not apart as "(上期结转)".
    expect(Object.keys(nov.json.totals.byAccount)).toEqual(['银行存款-工行监管户']);
    // 11-30's credit is paired with 12-01's booking, so it is 银行已收企业未收 at 11-30: carried.
    expect(nov.bank('B3').outcome).toBe('MATCHED');
    const open = nov.json.open.map((o) => [o.file, o.date, o.period, o.outcome]);
    expect(open).toEqual([
      // Open since October (its age), in November's file.
      ['2026-11/11月工行.csv', '2026-10-31', '2026-10', 'MISSING_IN_FINANCE'],
      ['11月工行.csv', '2026-11-30', '2026-11', 'MISSING_IN_FINANCE'],
    ]);
    // December: 12-01's booking, in its own month's export, pairs with the carried credit instead of being MISSING_IN_BANK.
    const dec = await month('12', {
      period: '2026-12',
      bank: [{ ref: 'B8', amount: '100', memo: '结息', date: '2026-12-20' }],
      finance: [
        { voucher: '记-9', amount: '500000', customer: '戊', unit: '2-1-303', date: '2026-12-01', account: ledger },
        { voucher: '记-12', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-12-03', account: ledger },
      ],
      args: ['--previous', nov.jsonPath],
    });
    expect(dec.fin('记-9')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'bank', file: '2026-11/11月工行.csv' }] });
    expect(dec.fin('记-12')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'bank', file: '2026-11/11月工行.csv' }] });
    // Only December's interest, not booked yet, is carried (a timing item).
    expect(dec.json.open.map((o) => [o.file, o.amount, o.text])).toEqual([['工行.csv', '100.00', '非按揭跨期未达 timing: 结息']]);
    // December's 汇总: both carried items closed, none left to age (one open since October, one from November).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(dec.out);
    const summary: string[] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => summary.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join('|')));
    expect(summary).toContain('上期结转未达项 Carried in||2|2 项：本期核销 2，仍未达 0');
  });

  it('a deposit withheld from a whole-loan booking stays open until the bank refunds it next month', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '11'));
    await fs.mkdir(path.join(dir, '12'));
    const register = [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000', ratio: '0.05' })];
    const nov = await scenario({
      dir: path.join(dir, '11'),
      register,
      bank: [{ ref: 'B1', amount: '950000', name: '张三', memo: '个人住房贷款放款 3-2-1501', date: '2026-11-05' }],
      finance: [{ voucher: '记-1', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-05' }],
    });
    expect(nov.fin('记-1')).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'] });
    // 余额调节表 lists the ¥50,000 as 企业已收银行未收: the open list carries it on.
    expect(nov.json.open.map((o) => [o.side, o.outcome, o.amount])).toEqual([['finance', 'MISSING_IN_BANK', '50000.00']]);
    const dec = await scenario({
      dir: path.join(dir, '12'),
      period: '2026-12',
      register,
      bank: [{ ref: 'B7', amount: '50000', name: '中国工商银行某支行', memo: '退还按揭保证金 3-2-1501', date: '2026-12-10' }],
      finance: [],
      args: ['--previous', nov.jsonPath],
    });
    // Was MISSING_IN_FINANCE ("财务未找到对应入账"), and 余额调节表 then overstated the book balance by ¥50,000.
    expect(dec.bank('B7')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'finance', file: '2026-11/序时账.xlsx' }] });
    expect(dec.json.open).toEqual([]);
  });

  it('a carried booking keeps its 凭证字号: a 冲销 next month quoting it cancels that booking, not its twin', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    await fs.mkdir(path.join(dir, '11'));
    // Two equal parts of a 组合贷, each with its own 摘要 (so not a booking entered twice).
    const twin = (voucher: string, loan: string) => ({ voucher, amount: '300000', customer: '丁', unit: '2-1-302', date: '2026-10-30', summary: `收丁按揭款(${loan})` });
    const oct = await scenario({ dir: path.join(dir, '10'), period: '2026-10', bank: [{ ref: 'B8', amount: '100', memo: '结息', date: '2026-10-20' }], finance: [twin('记-5', '商贷'), twin('记-6', '公积金')] });
    // October's interest, not booked yet, is carried too (a statement row: no 凭证字号).
    expect(oct.json.open.map((o) => (o as { voucher?: string }).voucher)).toEqual([null, '记-5', '记-6']);
    const nov = await scenario({
      dir: path.join(dir, '11'),
      bank: [{ ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }],
      finance: [{ voucher: '记-3', amount: '-300000', customer: '丁', unit: '2-1-302', summary: '红字冲销10月记-6', date: '2026-11-04' }],
      args: ['--previous', oct.jsonPath],
    });
    const carried = nov.json.rows.filter((r) => r.file === '2026-10/序时账.xlsx');
    expect(carried.map((r) => r.outcome)).toEqual(['MISSING_IN_BANK', 'REVERSED']);
    expect(nov.fin('记-3')).toMatchObject({ outcome: 'REVERSED', counterparts: [{ file: '2026-10/序时账.xlsx', row: carried[1].row }] });
    // 差异 shows the still-open carried booking with its 凭证号 and 客户 (both were blank).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(nov.out);
    const lines: string[][] = [];
    wb.getWorksheet('差异')!.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const open = lines.find((l) => l.some((v) => v.includes('2026-10/序时账.xlsx')) && l.includes('记-5'));
    expect(open).toBeDefined();
    expect(open).toContain('丁');
  });

  it('a 组合贷 paid this month against a booking carried from last month: the provident credit naming only the buyer joins the split', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    await fs.mkdir(path.join(dir, '11'));
    const oct = await scenario({ dir: path.join(dir, '10'), period: '2026-10', bank: [{ ref: 'B0', amount: '100', memo: '结息', date: '2026-10-20' }], finance: [{ voucher: '记-1', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-10-30' }] });
    const nov = await scenario({
      dir: path.join(dir, '11'),
      bank: [
        { ref: 'B1', amount: '600000', name: '张三', memo: '商贷放款 3-2-1501', date: '2026-11-02' },
        { ref: 'B2', amount: '400000', name: '某市住房公积金管理中心', memo: '公积金放款 张三', date: '2026-11-03' },
      ],
      finance: [],
      args: ['--previous', oct.jsonPath],
    });
    // Was AMOUNT_MISMATCH (600,000 against 1,000,000) and MISSING_IN_FINANCE: 张三 was not a name the run knew.
    for (const ref of ['B1', 'B2']) expect(nov.bank(ref)).toMatchObject({ outcome: 'MATCHED', flags: expect.arrayContaining(['SPLIT_MATCH']), counterparts: [{ file: '2026-10/序时账.xlsx' }] });
    // Only October's interest, still not booked, is carried on.
    expect(nov.json.open.map((o) => [o.file, o.text])).toEqual([['2026-10/工行.csv', '非按揭跨期未达 timing: 结息']]);
  });

  it('a deposit refund naming no unit, of a deposit two units share: AMBIGUOUS with both withheld deposits named, not MISSING_IN_FINANCE', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    await fs.mkdir(path.join(dir, '11'));
    const register = [unit({ unitKey: '1-2-501', buyer: '孙八', commercial: '800000', ratio: '0.05' }), unit({ unitKey: '1-2-502', buyer: '周九', commercial: '800000', ratio: '0.05' })];
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      register,
      bank: [
        { ref: 'B1', amount: '760000', name: '孙八', memo: '放款 1-2-501', date: '2026-10-10' },
        { ref: 'B2', amount: '760000', name: '周九', memo: '放款 1-2-502', date: '2026-10-12' },
      ],
      finance: [
        { voucher: '记-1', amount: '800000', customer: '孙八', unit: '1-2-501', date: '2026-10-10' },
        { voucher: '记-2', amount: '800000', customer: '周九', unit: '1-2-502', date: '2026-10-12' },
      ],
    });
    expect(oct.json.open.map((o) => o.amount)).toEqual(['40000.00', '40000.00']);
    const nov = await scenario({ dir: path.join(dir, '11'), register, bank: [{ ref: 'B3', amount: '40000', name: '中国工商银行', memo: '按揭保证金退还', date: '2026-11-15' }], finance: [], args: ['--previous', oct.jsonPath] });
    const refund = nov.bank('B3');
    expect(refund.outcome).toBe('AMBIGUOUS');
    expect(refund.counterparts.map((c) => c.file)).toEqual(['2026-10/序时账.xlsx', '2026-10/序时账.xlsx']);
  });

  it('a loan booking carried from last month competes with this month\'s down payment: the credit of that amount is left to matching', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    await fs.mkdir(path.join(dir, '11'));
    const oct = await scenario({ dir: path.join(dir, '10'), period: '2026-10', bank: [{ ref: 'B0', amount: '100', memo: '结息', date: '2026-10-20' }], finance: [{ voucher: '记-1', amount: '300000', customer: '张三', unit: '1-1-101', date: '2026-10-30', summary: '收1-1-101张三按揭款' }] });
    const nov = await scenario({
      dir: path.join(dir, '11'),
      bank: [{ ref: 'B1', amount: '300000', name: '张三', memo: '房款 1-1-101', date: '2026-11-03' }],
      finance: [{ voucher: '记-5', amount: '300000', customer: '张三', unit: '1-1-101', date: '2026-11-03', summary: '收1-1-101张三首付款' }],
      args: ['--previous', oct.jsonPath],
    });
    expect(nov.fin('记-5').outcome).toBe('NOT_MORTGAGE');
    // Was set aside with the down payment, leaving October's loan booking open with no candidate.
    expect(nov.bank('B1')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ file: '2026-10/序时账.xlsx' }] });
  });

  it('--show-pii shows account numbers in the open items; by default they are masked', async () => {
    const p = { bank: [{ ref: 'B1', amount: '880000', name: '丙', memo: '转入 卡号6222020200112233445' }], finance: [] as never[] };
    const masked = await scenario(p);
    const shown = await scenario({ ...p, args: ['--show-pii'] });
    const text = (s: { json: ReconcileJson }) => JSON.stringify(s.json.open);
    expect(text(masked)).not.toContain('6222020200112233445');
    expect(text(masked)).toContain('****3445');
    expect(text(shown)).toContain('6222020200112233445');
  });

  it('--config replaces rules from templates/reconcile.json; an invalid one stops with exit 2', async () => {
    const dir = await tempDir();
    const cfg = path.join(dir, 'rules.json');
    // Treat 物业费 (property fees) as not a disbursement, on top of the shipped rules.
    const shipped = JSON.parse(await fs.readFile(path.join(__dirname, '../../templates/reconcile.json'), 'utf8'));
    await fs.writeFile(cfg, JSON.stringify({ notMortgage: [...shipped.notMortgage, { id: 'propertyFee', name: { zh: '物业费', en: 'Property fee' }, side: 'both', keywords: ['物业费'] }] }));
    const p = { bank: [{ ref: 'B1', amount: '3600', name: '丁', memo: '2026年物业费' }], finance: [] as never[] };
    expect((await scenario(p)).bank('B1').outcome).toBe('MISSING_IN_FINANCE');
    const custom = await scenario({ ...p, args: ['--config', cfg] });
    expect(custom.bank('B1')).toMatchObject({ outcome: 'NOT_MORTGAGE', explanation: { zh: expect.stringContaining('物业费') } });
    await fs.writeFile(cfg, JSON.stringify({ dateWindowDays: 'seven' }));
    const bad = await cli(['reconcile', '--bank', await writeBank(dir, 'b.csv', p.bank), '--finance', await writeFinance(dir, 'j.xlsx', [{ voucher: '记-1', amount: '1', unit: '1-1-101' }]), '--period', '2026-11', '--out', path.join(dir, 'o.xlsx'), '--config', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('dateWindowDays');
  });

  it('--config: a file not in UTF-8, not an object, or with windows the wrong way round stops with exit 2 and a message in Chinese, then English', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, 'b.csv', [{ ref: 'B1', amount: '3600', name: '丁', memo: '2026年物业费' }]);
    const fin = await writeFinance(dir, 'j.xlsx', [{ voucher: '记-1', amount: '1', unit: '1-1-101' }]);
    const cfg = path.join(dir, 'rules.json');
    const run = async (content: string | Buffer) => {
      await fs.writeFile(cfg, content);
      const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'o.xlsx'), '--config', cfg]);
      const zhLine = r.stderr.split('\n').find((l) => l.startsWith('错误:')) ?? '';
      const enLine = r.stderr.split('\n').find((l) => l.startsWith('Error:')) ?? '';
      return { ...r, zhLine, enLine };
    };
    // Saved by Chinese Windows' Notepad in its default encoding: the keyword would have become ����.
    const gbk = await run(iconv.encode(JSON.stringify({ reversalKeywords: ['冲正', '退回'] }), 'gb18030'));
    expect(gbk.code).toBe(2);
    expect(gbk.zhLine).toContain('对账规则文件不是 UTF-8 编码');
    expect(gbk.enLine).toContain('is not UTF-8');
    expect(gbk.stderr).toContain('另存为 UTF-8');
    expect(gbk.stderr).toContain('Save the file as UTF-8');

    for (const notObject of ['null', '[]', '7']) {
      const r = await run(notObject);
      expect(r.code, notObject).toBe(2);
      expect(r.zhLine, notObject).toContain('对账规则文件应为 JSON 对象');
      expect(r.stderr, notObject).not.toMatch(/Cannot convert|Internal error|内部错误/);
    }

    const windows = await run(JSON.stringify({ dateWindowDays: 40 }));
    expect(windows.code).toBe(2);
    expect(windows.zhLine).toContain('对账规则文件内容不对：dateWindowDays：不能大于 nearWindowDays');
    expect(windows.enLine).toContain('dateWindowDays: must not be more than nearWindowDays');

    const typed = await run(JSON.stringify({ dateWindowDays: 'seven', notMortgage: [{ id: 'x', name: { zh: '物业费', en: 'Fee' }, side: 'neither', keywords: [] }], extra: 1 }));
    expect(typed.code).toBe(2);
    expect(typed.zhLine).toContain('dateWindowDays：应为数字，而不是文字');
    expect(typed.zhLine).toContain('notMortgage.0.side：应为 bank、finance、both 之一');
    expect(typed.zhLine).toContain('notMortgage.0.keywords：至少 1 项');
    expect(typed.zhLine).toContain('未知的项 extra');
    expect(typed.zhLine).not.toMatch(/[A-Z][a-z]+ [a-z]+/); // no English sentence (zod's "Expected number, received string") on the Chinese line
    expect(typed.enLine).toContain('dateWindowDays: Expected number, received string');

    const broken = await run('{"dateWindowDays": 7,');
    expect(broken.code).toBe(2);
    expect(broken.zhLine).toContain('对账规则文件不是有效的 JSON');
    expect(broken.zhLine).not.toMatch(/[A-Z][a-z]+ [a-z]+/);
  });
});
