import type { Bilingual } from './text';

/**
 * Calendar dates are local Asia/Shanghai dates, carried as "YYYY-MM-DD" strings so they never
 * drift through UTC; date-times as "YYYY-MM-DDTHH:mm:ss" (local, no zone).
 * STUB — filled in by the domain-core work (issue 3). Signatures are the contract.
 */
export type LocalDate = string;
export type LocalDateTime = string;

export type DateParse =
  | { ok: true; date: LocalDate | null; time: string | null } // date null: empty cell; time "HH:mm:ss" when given
  | { ok: false; reason: Bilingual };

export interface DateParseOptions {
  /** Workbook uses the 1904 date system (Mac Excel). */
  date1904?: boolean;
  /** Year to assume for yearless dates such as "01/02" (credit-card statements). */
  defaultYear?: number;
}

/** Excel serial numbers, ISO, 2026/11/3, 20261103, 2026年11月3日, with or without a time; JS Date from a spreadsheet reader (taken as its UTC fields, as exceljs stores them). */
export declare function parseDate(input: string | number | Date | null | undefined, opts?: DateParseOptions): DateParse;
export declare function excelSerialToDate(serial: number, date1904?: boolean): { date: LocalDate; time: string | null };
export declare function dateToExcelSerial(date: LocalDate, date1904?: boolean): number;
export declare function isValidDate(date: string): boolean;
/** Days since 1970-01-01 of a calendar date (pure arithmetic, no time zone). */
export declare function dayNumber(date: LocalDate): number;
export declare function fromDayNumber(n: number): LocalDate;
export declare function addDays(date: LocalDate, days: number): LocalDate;
/** b − a in whole days. */
export declare function daysBetween(a: LocalDate, b: LocalDate): number;
/** b − a in hours (fractional), times default to 00:00:00. */
export declare function hoursBetween(a: LocalDateTime, b: LocalDateTime): number;
/** "2026-W48" */
export declare function isoWeekKey(date: LocalDate): string;
/** Monday of an ISO week key. */
export declare function isoWeekMonday(weekKey: string): LocalDate;
/** "2026-11" of a date. */
export declare function monthKey(date: LocalDate): string;
/** Today's date in Asia/Shanghai (UTC+8, no DST) from an instant. */
export declare function shanghaiToday(now?: Date): LocalDate;
export declare function shanghaiNow(now?: Date): LocalDateTime;
