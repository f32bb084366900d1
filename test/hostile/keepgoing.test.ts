import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { anjie, CORPUS, freshDir, stackLines } from './helpers';

/**
 * `anjie reconcile --keep-going`: when a bank file cannot be read, the other files are still
 * reconciled, and the report says at its top which file was not read and why; the exit code stays
 * 2 (like make -k) so a script notices. Without the flag the run stops and writes nothing.
 */
const H = (f: string) => path.join(CORPUS, f);

describe('reconcile --keep-going', () => {
  const args = (dir: string) => ['reconcile', '--bank', H('good-statement.csv'), H('truncated.xlsx'), H('encrypted.xlsx'), '--finance', H('good-journal.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'report.xlsx'), '--json', path.join(dir, 'report.json')];

  it('without it, one unreadable file stops the run and nothing is written', async () => {
    const dir = freshDir('nokg');
    const r = await anjie(args(dir));
    expect(r.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('with it, the readable files are reconciled and the report’s first lines name each file not read', async () => {
    const dir = freshDir('kg');
    const r = await anjie([...args(dir), '--keep-going']);
    const seen = r.out + r.err;
    expect(r.code, seen).toBe(2);
    expect(stackLines(seen)).toEqual([]);
    expect(r.err).toContain('truncated.xlsx');
    expect(r.err).toContain('encrypted.xlsx');
    expect(fs.readdirSync(dir).sort()).toEqual(['report.json', 'report.xlsx']);

    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as { rows: { side: string; file: string }[]; notRead: { file: string; reason: { zh: string; en: string } }[] };
    // A program reading the JSON learns the run was incomplete, and why, without parsing stderr.
    expect(doc.notRead.map((n) => n.file)).toEqual(['truncated.xlsx', 'encrypted.xlsx']);
    for (const n of doc.notRead) {
      expect(n.reason.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(n.reason.en).toMatch(/[a-z]{3}/);
    }
    expect(doc.rows.filter((x) => x.file === 'good-statement.csv')).toHaveLength(5);
    expect(doc.rows.some((x) => x.file === 'truncated.xlsx' || x.file === 'encrypted.xlsx')).toBe(false);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'report.xlsx'));
    const top: string[] = [];
    wb.getWorksheet('汇总')!.eachRow((row, n) => {
      if (n <= 6) top.push(row.values ? (row.values as unknown[]).filter((v) => v !== null && v !== undefined).join(' ') : '');
    });
    const head = top.join('\n');
    expect(head).toContain('truncated.xlsx');
    expect(head).toContain('encrypted.xlsx');
    expect(head).toMatch(/未读取|未能读取/);
    expect(head).toMatch(/not read/);
  });

  it('still stops when the finance journal cannot be read (nothing to reconcile against)', async () => {
    const dir = freshDir('kgfin');
    const r = await anjie(['reconcile', '--bank', H('good-statement.csv'), '--finance', H('empty.xlsx'), '--period', '2026-03', '--out', path.join(dir, 'report.xlsx'), '--keep-going']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('empty.xlsx');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
