/**
 * Reading benchmark (`npm run bench`, or `npm run bench -- --quick` for the 100,000-row sizes only):
 * generates statements of 100,000 and 1,000,000 rows as GB18030 CSV (icbc-corporate) and XLSX
 * (ccb-corporate) into a temp folder, reads each in a child process with the streaming reader, and
 * prints rows per second and peak RSS. Targets on a 2-core machine: CSV ≥ 300,000 rows/s, XLSX ≥
 * 30,000 rows/s, peak RSS ≤ 500 MB at 1M rows. Prints figures; asserts nothing.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Decimal from 'decimal.js';
import { writeStatement, type StatementRow } from '../pipeline/write/statements';

const NAMES = ['张三', '李四', '王五', '赵六', '孙七', '周八', '吴九', '郑十', '中国工商银行个人贷款中心', '某某市住房公积金管理中心'];

/** Deterministic rows: a month of disbursements, refunds and fees. */
export function* generateRows(n: number): Generator<StatementRow> {
  let seed = 20261123;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let balance = new Decimal('10000000.00');
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor((i / n) * 30);
    const fen = Math.floor(rnd() * 200_000_000) + 1;
    const amount = new Decimal(fen).div(100).mul(rnd() < 0.7 ? 1 : -1);
    balance = balance.plus(amount);
    const secs = Math.floor(rnd() * 86400);
    const b = 1 + Math.floor(rnd() * 20);
    yield {
      date: `2026-11-${String(day).padStart(2, '0')}`,
      time: `${String(Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`,
      amount,
      currency: 'CNY',
      counterpartyName: NAMES[i % NAMES.length],
      counterpartyAccount: `62220${String(Math.floor(rnd() * 1e11)).padStart(11, '0')}`,
      memo: `按揭款 ${b}栋${1 + (i % 3)}单元${1 + (i % 30)}0${1 + (i % 4)}`,
      reference: `R${String(i).padStart(9, '0')}`,
      balance,
    };
  }
}

function readInChild(file: string): Promise<{ rows: number; ms: number; cpuMs: number; maxRssMB: number; profile: string; rejected: number }> {
  const child = path.join(__dirname, 'readingChild.js');
  return new Promise((resolve, reject) => {
    // Default limits (pipeline/io/limits.ts): a 1M-row sheet (~550 MiB of XML) must read as finance would run it.
    execFile(process.execPath, [child, file], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string));
    });
  });
}

export async function runReadingBench(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const sizes = quick ? [100_000] : [100_000, 1_000_000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-bench-'));
  const out: string[] = [];
  out.push('读取基准 reading benchmark (streaming reader, one child process per file)');
  out.push(`机器 machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (行/秒按墙钟时间；CPU 行/秒 = 行数 / 读取进程的 CPU 时间，机器繁忙时更可比 / rows/s is wall clock; CPU rows/s = rows / the reader's CPU time, comparable on a busy machine)`);
  out.push('格式 format            行数 rows   文件 MB  生成 gen s  读取 read s   行/秒 rows/s  CPU 行/秒 rows/s  峰值内存 peak RSS MB  目标 target');
  for (const l of out) process.stdout.write(l + '\n');
  try {
    for (const n of sizes) {
      for (const kind of ['csv', 'xlsx'] as const) {
        const profile = kind === 'csv' ? 'icbc-corporate' : 'ccb-corporate';
        const file = path.join(dir, `${profile}-${n}.${kind}`);
        const g0 = performance.now();
        await writeStatement(profile, generateRows(n), { out: file, from: '2026-11-01', to: '2026-11-30', account: '1202020209000012345', accountName: '某某置业有限公司' });
        const gen = (performance.now() - g0) / 1000;
        const mb = fs.statSync(file).size / 1048576;
        const r = await readInChild(file);
        if (r.rows !== n || r.rejected !== 0) throw new Error(`${file}: read ${r.rows} rows, ${r.rejected} rejected, expected ${n}`);
        const rate = r.rows / (r.ms / 1000);
        const cpuRate = r.rows / (r.cpuMs / 1000);
        const target = kind === 'csv' ? 300_000 : 30_000;
        const ok = rate >= target && (n < 1_000_000 || r.maxRssMB <= 500);
        const label = kind === 'csv' ? 'CSV GB18030' : 'XLSX';
        out.push(
          `${label.padEnd(20)}${String(n).padStart(10)}${mb.toFixed(1).padStart(10)}${gen.toFixed(1).padStart(11)}${(r.ms / 1000).toFixed(2).padStart(12)}${Math.round(rate).toLocaleString('en-US').padStart(14)}${Math.round(cpuRate).toLocaleString('en-US').padStart(18)}${r.maxRssMB.toFixed(0).padStart(18)}    ≥${target.toLocaleString('en-US')}/s${n >= 1_000_000 ? ', ≤500 MB' : ''} ${ok ? '✓' : '✗'}`,
        );
        process.stdout.write(out[out.length - 1] + '\n');
        fs.rmSync(file, { force: true });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
