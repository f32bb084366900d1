/**
 * Reconciliation benchmark (`npm run bench`; `-- --quick` for 100,000 rows per side only):
 * generates a bank statement and a finance journal of N rows per side — as CSV (bank side GB18030,
 * icbc-corporate; journal kingdee-journal as CSV) and as XLSX (ccb-corporate; kingdee-journal) —
 * then runs `anjie reconcile` end to end in a child process and prints wall time, rows per second,
 * peak RSS and the share of time spent reading, matching and writing.
 *
 * The data: ~97% disbursements booked the same or next day (unit in the memo and in 辅助核算),
 * the rest a mix of the known problems (missing either side, amount typos, late bookings, interest
 * and fees, 组合贷 splits). The journal's bank lines carry 辅助核算 themselves (no counter lines), so
 * "rows per side" is the same on both sides.
 *
 * Targets (2 cores): 100k+100k XLSX ≤ 8 s; 1M+1M CSV ≤ 15 s; 1M+1M XLSX ≤ 60 s; peak RSS ≤ 1.5 GB;
 * matching ≤ 20% of the total. Prints figures; asserts nothing.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Decimal from 'decimal.js';
import { writeJournal, writeStatement, type JournalRowIn, type StatementRow } from '../pipeline/write/statements';
import { projectRoot } from '../pipeline/io/paths';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅玉兰海燕鹏飞宇浩然子轩雨桐欣怡俊杰晨曦思远嘉怡文博';

interface Tx {
  date: string;
  time: string;
  amount: Decimal;
  name: string | null;
  memo: string;
  ref: string;
}
interface Booking {
  date: string;
  voucher: string;
  summary: string;
  debit: Decimal;
  credit: Decimal;
  customer: string | null;
  unit: string | null;
}

/** Deterministic month of N bank rows and N journal bank lines. */
export function generate(n: number): { bank: Tx[]; fin: Booking[] } {
  // mulberry32: a full-period 32-bit generator (a plain LCG in doubles repeats after ~1,500 draws).
  let seed = 20261130;
  const rnd = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (s: string) => s[Math.floor(rnd() * s.length)];
  const bank: Tx[] = [];
  const fin: Booking[] = [];
  let v = 0;
  const book = (date: string, summary: string, amount: Decimal, customer: string | null, unit: string | null) => {
    v++;
    fin.push({ date, voucher: `记-${String(v).padStart(7, '0')}`, summary, debit: amount.gt(0) ? amount : new Decimal(0), credit: amount.lt(0) ? amount.neg() : new Decimal(0), customer, unit });
  };
  for (let i = 0; bank.length < n; i++) {
    const day = 1 + Math.floor((bank.length / n) * 29);
    const date = `2026-11-${String(day).padStart(2, '0')}`;
    const next = `2026-11-${String(day + 1).padStart(2, '0')}`;
    const secs = Math.floor(rnd() * 86400);
    const time = `${String(Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
    // A unique unit per credit: building 1–999, unit 1–4, floor 1–99, room 01–06.
    const unit = `${1 + (i % 999)}-${1 + (Math.floor(i / 999) % 4)}-${1 + (Math.floor(i / 3996) % 99)}0${1 + (Math.floor(i / 395604) % 6)}`;
    const name = pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);
    const amount = new Decimal(Math.floor(rnd() * 3000) + 200).times(1000);
    const ref = `R${String(i).padStart(10, '0')}`;
    const r = rnd();
    const memo = `个人住房贷款放款 ${unit}`;
    if (r < 0.005) {
      // interest / fees
      bank.push({ date, time, amount: new Decimal(Math.floor(rnd() * 100000) + 1).div(100), name: null, memo: '结息', ref });
      if (fin.length < n) book(date, '结息', bank[bank.length - 1].amount, null, null);
    } else if (r < 0.01) {
      bank.push({ date, time, amount, name, memo, ref }); // missing in finance
    } else if (r < 0.015) {
      if (fin.length < n) book(date, `收${unit}${name}按揭款`, amount, name, unit); // missing in bank
      else bank.push({ date, time, amount, name, memo, ref });
    } else if (r < 0.02) {
      bank.push({ date, time, amount, name, memo, ref });
      if (fin.length < n) book(date, `收${unit}${name}按揭款`, amount.plus(1000), name, unit); // typo
    } else if (r < 0.025 && day <= 26) {
      bank.push({ date, time, amount, name, memo, ref });
      if (fin.length < n) book(`2026-11-${String(day + 3).padStart(2, '0')}`, `收${unit}${name}按揭款`, amount, name, unit); // late
    } else if (r < 0.028 && bank.length + 1 < n) {
      const pro = new Decimal(Math.floor(rnd() * 600) + 100).times(1000);
      bank.push({ date, time, amount, name, memo, ref });
      bank.push({ date, time, amount: pro, name: '某市住房公积金管理中心', memo: `公积金贷款发放 ${name} ${unit}`, ref: `${ref}P` });
      if (fin.length < n) book(date, `收${unit}${name}组合贷款`, amount.plus(pro), name, unit);
    } else {
      bank.push({ date, time, amount, name, memo, ref });
      if (fin.length < n) book(rnd() < 0.7 ? date : next, `收${unit}${name}按揭款`, amount, name, unit);
    }
  }
  while (fin.length < n) book('2026-11-30', '收9999-9-9999补记按揭款', new Decimal(1000), null, null);
  return { bank: bank.slice(0, n), fin };
}

function* statementRows(txs: Tx[]): Generator<StatementRow> {
  let balance = new Decimal('10000000.00');
  for (const t of txs) {
    balance = balance.plus(t.amount);
    yield { date: t.date, time: t.time, amount: t.amount, currency: 'CNY', counterpartyName: t.name, counterpartyAccount: null, memo: t.memo, reference: t.ref, balance };
  }
}

function journalRows(fin: Booking[]): JournalRowIn[] {
  return fin.map((b) => ({
    date: b.date,
    voucher: b.voucher,
    summary: b.summary,
    accountCode: '1002.01',
    accountName: '银行存款-工行监管户',
    debit: b.debit,
    credit: b.credit,
    auxiliary: (b.customer && b.unit ? { 客户: b.customer, 房号: b.unit } : {}) as Record<string, string>,
  }));
}

interface ChildResult {
  ms: number;
  timings: { read: number; match: number; writeJson: number; writeWorkbook: number; write: number };
  phases: Record<string, number>;
  cpuMs: number;
  peakRssMB: number;
  bankRows: number;
  financeRows: number;
  matched: number;
  matchRate: string;
  flags: Record<string, number>;
  spills: { sheet: string; continuedOn: string[] }[];
}

/** The node flags and environment bin/anjie.js re-launches `anjie reconcile` with (bin/node-flags.json). */
const { reconcile: RECONCILE_NODE_FLAGS, reconcileEnv: RECONCILE_ENV } = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'bin', 'node-flags.json'), 'utf8')) as { reconcile: string[]; reconcileEnv: Record<string, string> };

function runChild(args: string[]): Promise<ChildResult> {
  const child = path.join(__dirname, 'reconcileChild.js');
  return new Promise((resolve, reject) => {
    // Default limits, and the heap flags bin/anjie.js starts `anjie reconcile` with, as finance runs it:
    // a genuine million-row export must pass the reader's guards.
    execFile(process.execPath, [...RECONCILE_NODE_FLAGS, child, ...args], { maxBuffer: 1 << 22, env: { ...RECONCILE_ENV, ...process.env } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as ChildResult);
    });
  });
}

export async function runReconcileBench(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const only = args.find((a) => a.startsWith('--reconcile='))?.slice('--reconcile='.length);
  const sizes = quick ? [100_000] : [100_000, 1_000_000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-rbench-'));
  const out: string[] = [];
  out.push('对账基准 reconciliation benchmark (anjie reconcile end to end, one child process per run)');
  out.push('格式 format   每方行数 rows/side  生成 gen s  总计 wall s   行/秒 rows/s  峰值 RSS MB  读取 read  匹配 match  写出 write   目标 target');
  try {
    for (const n of sizes) {
      const g0 = performance.now();
      const data = generate(n);
      for (const kind of ['csv', 'xlsx'] as const) {
        if (only && only !== `${kind}-${n}`) continue;
        const bankFile = path.join(dir, `bank-${n}.${kind}`);
        const finFile = path.join(dir, `journal-${n}.${kind}`);
        const profile = kind === 'csv' ? 'icbc-corporate' : 'ccb-corporate';
        await writeStatement(profile, statementRows(data.bank), { out: bankFile, from: '2026-11-01', to: '2026-11-30', account: '1202020209000012345', accountName: '某某置业有限公司', ...(kind === 'csv' ? { format: 'csv', encoding: 'gb18030' } : { format: 'xlsx' }) });
        await writeJournal('kingdee-journal', journalRows(data.fin), { out: finFile, accountName: '某某置业有限公司', from: '2026-11-01', to: '2026-11-30', format: kind, ...(kind === 'csv' ? { encoding: 'utf-8' } : {}) });
        const gen = (performance.now() - g0) / 1000;
        const report = path.join(dir, `report-${kind}-${n}.xlsx`);
        const json = path.join(dir, `report-${kind}-${n}.json`);
        for (const f of [report, json]) fs.rmSync(f, { force: true });
        const r = await runChild(['2026-11', report, json, bankFile, '--', finFile]);
        const total = r.ms;
        const write = r.timings.write; // JSON and workbook are written at the same time
        const pct = (x: number) => `${((x / total) * 100).toFixed(0)}%`.padStart(9);
        const target = kind === 'xlsx' ? (n >= 1_000_000 ? 60 : 8) : n >= 1_000_000 ? 15 : 0;
        const ok = (target === 0 || total / 1000 <= target) && r.peakRssMB <= 1536 && r.timings.match / total <= 0.2;
        out.push(
          `${(kind === 'csv' ? 'CSV' : 'XLSX').padEnd(10)}${String(n).padStart(14)}${gen.toFixed(1).padStart(12)}${(total / 1000).toFixed(2).padStart(13)}${Math.round((2 * n) / (total / 1000))
            .toLocaleString('en-US')
            .padStart(13)}${r.peakRssMB.toFixed(0).padStart(13)}${pct(r.timings.read)}${pct(r.timings.match)}${pct(write)}   ${target ? `≤${target} s, ` : ''}≤1536 MB, match ≤20% ${ok ? '✓' : '✗'}`,
        );
        out.push(
          `          read ${(r.timings.read / 1000).toFixed(2)} s, match ${(r.timings.match / 1000).toFixed(2)} s (${Object.entries(r.phases)
            .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
            .join(', ')}), write ${(write / 1000).toFixed(2)} s (JSON ${(r.timings.writeJson / 1000).toFixed(2)} s beside workbook ${(r.timings.writeWorkbook / 1000).toFixed(2)} s); CPU ${(r.cpuMs / 1000).toFixed(1)} s on both cores; matched ${r.matched} (rate ${r.matchRate})${r.spills.length ? `; spilled: ${r.spills.map((s) => `${s.sheet}→${s.continuedOn.join('/')}`).join(', ')}` : ''}`,
        );
        process.stdout.write(out.slice(-2).join('\n') + '\n');
        for (const f of [bankFile, finFile, report, json]) fs.rmSync(f, { force: true });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write('\n' + out.join('\n') + '\n');
}
