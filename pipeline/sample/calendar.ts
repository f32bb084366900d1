import { addDays, dayNumber, isValidDate, type LocalDate } from '../../domain/dates';
import type { Rng } from './prng';

/** The month being reconciled, e.g. "2026-11", with its first and last day. */
export interface Period {
  key: string;
  first: LocalDate;
  last: LocalDate;
}

export function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const first = `${m[1]}-${m[2]}-01`;
  if (!isValidDate(first)) return null;
  return { key: `${m[1]}-${m[2]}`, first, last: addDays(monthsAfter(first, 1), -1) };
}

/** The first day of the month `n` months after (negative: before) the month of `first`. */
export function monthsAfter(first: LocalDate, n: number): LocalDate {
  const y = Number(first.slice(0, 4));
  const mo = Number(first.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(mo / 12);
  const mm = ((mo % 12) + 12) % 12;
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isBusinessDay(date: LocalDate): boolean {
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

/** Monday–Friday days in [from, to]. (Public holidays are not modelled.) */
export function businessDays(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isBusinessDay(d)) out.push(d);
  return out;
}

/** The nearest business day on or after `date`. */
export function nextBusinessDay(date: LocalDate): LocalDate {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

/** The nearest business day on or before `date`. */
export function previousBusinessDay(date: LocalDate): LocalDate {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

/** A banking time "HH:mm:ss" between 08:30 and 17:00. */
export function bankTime(rng: Rng, fromHour = 8, toHour = 16): string {
  const h = rng.int(fromHour, toHour);
  const m = h === 8 ? rng.int(30, 59) : rng.int(0, 59);
  const s = rng.int(0, 59);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
