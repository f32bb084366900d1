import type Decimal from 'decimal.js';
import type { LocalDate } from './dates';
import type { Bilingual } from './text';

/** Where a row came from, as a person sees it. `row` is the Excel row or the text line where the record starts (1-based). */
export interface SourceRef {
  /** Base name of the file. */
  file: string;
  sheet: string; // text files: the file's base name without extension, or "" — readers use "" for CSV
  row: number;
}

/** One transaction row of a bank statement export. */
export interface BankTransaction {
  source: SourceRef;
  profile: string; // bank profile id, e.g. "icbc-corporate"
  bank: string; // bank code: ICBC, CCB, ABC, BOC, CMB, BOCOM, SPDB, CITIC, ...
  /** The statement's own account (from the title block), when known. */
  account: string | null;
  date: LocalDate;
  time: string | null; // "HH:mm:ss"
  /** Signed: positive = money in (credit to our account), negative = money out. */
  amount: Decimal;
  currency: string; // CNY
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  memo: string | null; // 摘要 / 用途 / 附言
  reference: string | null; // 流水号
  balance: Decimal | null;
  /**
   * The 流水号 or 对方账号 cell had lost its digits (a file saved again by Excel: 6.21484E+18) and was
   * left empty: the row can still be a copy of another file's row that kept them (see duplicates).
   */
  digitsLost?: true;
  /**
   * The 流水号 cell was a number, not text: a reference the bank padded with zeros (0021261120000001)
   * has lost them when the file was saved again by Excel (21261120000001). It is compared with the
   * zero-padded references of the other inputs (see restoreLeadingZeros in duplicates).
   */
  referenceWasNumber?: true;
}

/** One line of finance's journal (序时账). */
export interface JournalLine {
  source: SourceRef;
  profile: string; // e.g. "kingdee-journal"
  date: LocalDate;
  voucher: string; // 凭证字号 e.g. 记-0012
  summary: string; // 摘要
  accountCode: string; // 1002.01
  accountName: string; // 银行存款-工行监管户
  debit: Decimal; // 借方 (0 when empty)
  credit: Decimal; // 贷方
  /** Parsed 辅助核算, e.g. { 客户: '张三', 房号: '3-2-1501' }. */
  auxiliary: Record<string, string>;
  customer: string | null; // from 辅助核算 or 摘要, or the voucher's other lines
  unitKey: string | null; // normalised, from 辅助核算 or 摘要, or the voucher's other lines
  /** True for lines on bank-deposit accounts (what a statement reconciles against). */
  isBankLine: boolean;
}

/** A row that could not be read: never dropped, never guessed. */
export interface RejectedRow {
  source: SourceRef;
  reason: Bilingual;
  /** Column letter of the offending cell, when one cell is to blame. */
  column?: string;
  raw: string[];
}
