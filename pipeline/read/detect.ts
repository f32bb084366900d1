import type { Bilingual } from '../../domain/text';
import { cellString, type Cell } from './cells';
import {
  BankProfileSchema,
  bankProfiles,
  journalProfiles,
  normHeader,
  refNames,
  type BankProfile,
  type ColumnRef,
  type JournalProfile,
} from './profile';

/** A layout found in a file: which profile, and why. */
export type Layout = { kind: 'bank'; profile: BankProfile } | { kind: 'journal'; profile: JournalProfile };

export interface Detection {
  layout: Layout;
  reason: Bilingual;
  generic: boolean;
}

/** Normalised header cells of a row, for matching. */
export function headerKeys(cells: readonly Cell[]): string[] {
  return cells.map((c) => normHeader(cellString(c)));
}

/**
 * normHeader of a column name written in a profile or in GENERIC, remembered: detection asks for
 * the same few hundred names again for every row it scans (each profile's required columns, every
 * synonym of the generic fallback), and NFKC normalisation made up most of the time before the
 * first row was read. Header cells from files are not kept here (they are normalised once per row).
 */
const normalisedNames = new Map<string, string>();
const NORMALISED_NAMES_MAX = 4096;
function normName(name: string): string {
  let k = normalisedNames.get(name);
  if (k === undefined) {
    if (normalisedNames.size >= NORMALISED_NAMES_MAX) normalisedNames.clear();
    k = normHeader(name);
    normalisedNames.set(name, k);
  }
  return k;
}

export class HeaderIndex {
  private readonly map = new Map<string, number>();
  constructor(readonly keys: string[]) {
    keys.forEach((k, i) => {
      if (k && !this.map.has(k)) this.map.set(k, i);
    });
  }
  /** How many different (non-empty) header keys the row has. */
  get size(): number {
    return this.map.size;
  }
  has(name: string): boolean {
    return this.map.has(normName(name));
  }
  /** Index of the first alternative present, or -1. */
  find(ref: ColumnRef | undefined): number {
    for (const n of refNames(ref)) {
      const i = this.map.get(normName(n));
      if (i !== undefined) return i;
    }
    return -1;
  }
}

interface Candidate {
  layout: Layout;
  required: string[];
  titleContains: string[];
  /** How many different header keys the required columns are. */
  requiredKeys: number;
}

function candidate(layout: Layout): Candidate {
  const required = layout.profile.header.required;
  return { layout, required, titleContains: layout.profile.titleContains, requiredKeys: new Set(required.map(normName)).size };
}

function candidates(kinds: 'bank' | 'journal' | 'any'): Candidate[] {
  const banks = bankProfiles();
  const journals = journalProfiles();
  const cached = candidateLists.get(kinds);
  if (cached && cached.banks === banks && cached.journals === journals) return cached.list;
  const list: Candidate[] = [];
  if (kinds !== 'journal') for (const p of banks) list.push(candidate({ kind: 'bank', profile: p }));
  if (kinds !== 'bank') for (const p of journals) list.push(candidate({ kind: 'journal', profile: p }));
  candidateLists.set(kinds, { banks, journals, list });
  return list;
}

/**
 * The candidate lists, built once for the loaded profiles: detection asks for them for every row
 * it scans (400 rows before the first row of a comma file is read), and only reads them.
 */
const candidateLists = new Map<string, { banks: readonly BankProfile[]; journals: readonly JournalProfile[]; list: Candidate[] }>();

export function layoutById(id: string): Layout | undefined {
  const b = bankProfiles().find((p) => p.id === id);
  if (b) return { kind: 'bank', profile: b };
  const j = journalProfiles().find((p) => p.id === id);
  if (j) return { kind: 'journal', profile: j };
  return undefined;
}

/**
 * Does this row carry a known profile's header? The most specific profile whose required
 * columns are all present wins (more required columns, then title words found above).
 */
export function matchHeaderRow(cells: readonly Cell[], titleText: string, opts: { only?: Layout; kinds?: 'bank' | 'journal' | 'any' } = {}): Detection | null {
  const idx = new HeaderIndex(headerKeys(cells));
  const list = opts.only ? [candidate(opts.only)] : candidates(opts.kinds ?? 'any');
  let best: { c: Candidate; score: number; title: string[] } | null = null;
  for (const c of list) {
    // A row with fewer different headers than the profile requires cannot have them all: most rows
    // scanned (title lines, data, each line as one cell when a comma file is tried with tabs) stop here.
    if (c.requiredKeys > idx.size) continue;
    if (!c.required.every((r) => idx.has(r))) continue;
    const title = c.titleContains.filter((t) => titleText.includes(t));
    const score = c.required.length * 10 + title.length;
    if (!best || score > best.score) best = { c, score, title };
  }
  if (!best) return null;
  const p = best.c.layout.profile;
  const cols = best.c.required.join('、');
  const titleNote = best.title.length ? `；标题含“${best.title.join('、')}”` : '';
  const titleNoteEn = best.title.length ? `; the title block says "${best.title.join('", "')}"` : '';
  return {
    layout: best.c.layout,
    generic: false,
    reason: opts.only
      ? { zh: `按指定版式 ${p.id} 读取，表头含 ${cols}`, en: `profile ${p.id} as asked; the header has ${cols}` }
      : { zh: `表头含 ${p.id} 版式的全部必需列：${cols}${titleNote}`, en: `the header has every column profile ${p.id} requires: ${cols}${titleNoteEn}` },
  };
}

/** Usual column names (synonyms) for the generic fallback, matched exactly or as "name(…)". */
const GENERIC: Record<string, string[]> = {
  date: ['交易日期', '记账日期', '记账日', '入账日期', '交易日', '日期', '交易时间', '发生日期'],
  time: ['交易时间', '记账时间', '时间'],
  credit: ['贷方发生额', '贷方金额', '收入金额', '收款金额', '存入金额', '收入', '存入', '贷方', '转入金额'],
  debit: ['借方发生额', '借方金额', '支出金额', '付款金额', '取出金额', '支出', '取出', '借方', '转出金额'],
  signed: ['交易金额', '发生额', '金额', '入账金额'],
  direction: ['借贷标志', '借贷标识', '借贷方向', '借/贷', '借贷', '收/支', '收支'],
  name: ['对方户名', '对方账户名称', '对方账户名', '对方单位名称', '对方名称', '交易对方', '对手户名', '对方单位', '收/付款人'],
  account: ['对方账号', '对方账户', '对方卡号/账号', '对手账号', '对方帐号'],
  combined: ['对手信息', '对方信息'],
  memo: ['摘要', '用途', '附言', '交易附言', '备注', '交易摘要', '交易用途'],
  reference: ['交易流水号', '流水号', '凭证号', '交易单号', '交易序号', '业务流水号'],
  balance: ['余额', '账户余额', '本次余额', '联机余额', '当前余额'],
  currency: ['币种', '币别', '货币', '交易币种'],
};

function genericFind(keys: string[], names: string[], taken: Set<number>): number {
  for (const n of names) {
    const k = normName(n);
    for (let i = 0; i < keys.length; i++) {
      if (taken.has(i)) continue;
      const h = keys[i];
      // h === k, or h starts with "k(" (tested without building that string for every key).
      if (h === k || (h.length > k.length && h.charCodeAt(k.length) === 40 && h.startsWith(k))) return i;
    }
  }
  return -1;
}

/** Is this the usual name of a money-in or money-out column (贷方发生额, 支出金额, 借方(元) …)? */
export function isSideColumnName(name: string): boolean {
  const keys = [normHeader(name)];
  return genericFind(keys, GENERIC.credit, new Set()) >= 0 || genericFind(keys, GENERIC.debit, new Set()) >= 0;
}

/**
 * The generic fallback: recognise a header by the usual column names. Returns a profile built
 * for this file and a reason that says so, or null when no date and amount columns are found.
 */
export function genericFromRow(cells: readonly Cell[]): { detection: Detection; recognised: number } | null {
  const keys = headerKeys(cells);
  const raw = cells.map((c) => cellString(c));
  const taken = new Set<number>();
  const pick = (field: string): number => {
    const i = genericFind(keys, GENERIC[field], taken);
    if (i >= 0) taken.add(i);
    return i;
  };
  const date = pick('date');
  if (date < 0) return null;
  const credit = pick('credit');
  const debit = pick('debit');
  let amount: BankProfile['columns']['amount'] | null = null;
  const used: string[] = [`日期 date=${raw[date]}`];
  if (credit >= 0 && debit >= 0) {
    amount = { kind: 'split', credit: raw[credit], debit: raw[debit] };
    used.push(`收入 credit=${raw[credit]}`, `支出 debit=${raw[debit]}`);
  } else {
    if (credit >= 0) taken.delete(credit);
    if (debit >= 0) taken.delete(debit);
    const signed = pick('signed');
    if (signed < 0) return null;
    const dir = pick('direction');
    if (dir >= 0) {
      amount = { kind: 'direction', column: raw[signed], direction: raw[dir], match: 'prefix', credit: ['贷', '收', 'Cr', 'CR', 'C', '入'], debit: ['借', '支', 'Dr', 'DR', 'D', '出'], neutral: ['不计收支', '/', '中性'] };
      used.push(`金额 amount=${raw[signed]}`, `方向 direction=${raw[dir]}`);
    } else {
      amount = { kind: 'signed', column: raw[signed], negate: false };
      used.push(`带符号金额 signed amount=${raw[signed]}`);
    }
  }
  const opt = (field: string, label: string): string | undefined => {
    const i = pick(field);
    if (i < 0) return undefined;
    used.push(`${label}=${raw[i]}`);
    return raw[i];
  };
  const time = opt('time', '时间 time');
  const name = opt('name', '对方户名 name');
  const account = opt('account', '对方账号 account');
  const combined = name || account ? undefined : opt('combined', '对手信息 counterparty');
  const memo: string[] = [];
  for (;;) {
    const m = opt('memo', '摘要 memo');
    if (!m) break;
    memo.push(m);
  }
  const reference = opt('reference', '流水号 reference');
  const balance = opt('balance', '余额 balance');
  const currency = opt('currency', '币种 currency');
  const headerNames = raw.filter((h) => h.length > 0);
  const profile = BankProfileSchema.parse({
    id: 'generic',
    bank: 'UNKNOWN',
    name: { zh: '通用版式（按常见列名识别）', en: 'generic layout (columns recognised by their usual names)' },
    format: 'csv',
    header: { required: headerNames.length >= 2 ? headerNames : [raw[date], raw[date]], columns: headerNames },
    columns: { date: raw[date], time: time ?? (raw[date].includes('时间') ? raw[date] : undefined), amount, counterpartyName: name, counterpartyAccount: account, counterparty: combined, memo, reference, balance, currency },
  });
  const list = used.join(', ');
  return {
    recognised: used.length,
    detection: {
      layout: { kind: 'bank', profile },
      generic: true,
      reason: { zh: `没有匹配的银行版式，按常见列名识别：${list}`, en: `no bank profile fits; columns recognised by their usual names: ${list}` },
    },
  };
}

/** The profiles that came closest to a header row, for the error message when nothing fits. */
export function nearestProfiles(rows: readonly (readonly Cell[])[], n = 3): { id: string; matched: number; required: number; missing: string[] }[] {
  const scored = candidates('any').map((c) => {
    let best = { matched: 0, missing: c.required };
    for (const r of rows) {
      const idx = new HeaderIndex(headerKeys(r));
      const missing = c.required.filter((x) => !idx.has(x));
      const matched = c.required.length - missing.length;
      if (matched > best.matched) best = { matched, missing };
    }
    return { id: c.layout.profile.id, matched: best.matched, required: c.required.length, missing: best.missing };
  });
  return scored.sort((a, b) => b.matched / b.required - a.matched / a.required || a.id.localeCompare(b.id)).slice(0, n);
}
