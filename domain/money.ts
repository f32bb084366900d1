import Decimal from 'decimal.js';
import type { Bilingual } from './text';

/**
 * Money is decimal.js from parsing to output. Rounding is half away from zero (Excel ROUND).
 * STUB — filled in by the domain-core work (issue 3). Signatures are the contract.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export type AmountParse =
  | { ok: true; value: Decimal | null } // null: an empty marker ("", "-", "--")
  | { ok: false; reason: Bilingual };

/** Parse amount text as found in real exports; numbers from spreadsheet cells are accepted too. */
export declare function parseAmount(input: string | number | null | undefined): AmountParse;
/** Round half away from zero to the fen (2 dp) unless `dp` says otherwise. */
export declare function roundFen(value: Decimal, dp?: number): Decimal;
/** ¥1,234.56 (negative: -¥1,234.56). */
export declare function formatYuan(value: Decimal): string;
/** "1234.56" — two decimals, no grouping; the form used in JSON contracts. */
export declare function toFixed2(value: Decimal): string;
/** 人民币壹拾贰万叁仟肆佰伍拾陆元整 */
export declare function toChineseUppercase(value: Decimal): string;
/** Checks a written 大写 amount against a number, accepting the allowed 零/整 variants. */
export declare function checkChineseUppercase(text: string, value: Decimal): { ok: true } | { ok: false; reason: Bilingual };
