import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory, in bytes. On Linux it is VmHWM from /proc/self/status,
 * which starts afresh when the process image is replaced (exec). getrusage's maxRSS does not: a
 * child reports at least the size of the parent it was forked from, so children of a benchmark
 * holding a million generated rows reported ~580 MB where they used 40. Elsewhere, maxRSS.
 */
export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: no /proc
  }
  return process.resourceUsage().maxRSS * 1024;
}
