#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from pipeline/cli.ts by `npm run build:cli`.
//
// `anjie reconcile` keeps a month of records in memory (GBs for a million rows a side) while it
// builds output row by row. A larger young generation lets those short-lived row objects die young
// instead of being promoted and marked again and again on the big heap. V8 sizes the young
// generation only at start-up, so reconcile is re-launched once with the flag; the child inherits
// the terminal (progress bars, Ctrl-C) and its exit code is passed on. It also gets --expose-gc, so
// reconcile can collect once between phases (pipeline/reconcile/run.ts). The benchmark starts its
// reconcile runs with the same flags (node-flags.json).
//
// reconcileEnv fixes glibc malloc's trim threshold at its default (128 KiB). Left alone, glibc
// raises it each time a large block (zlib's and the readers' buffers) is freed, and then keeps
// freed memory instead of giving it back: at 1M + 1M rows ~30-50 MB more peak RSS, measured with
// the same run times. A value the user set is kept; other C libraries ignore it.
const { reconcile: HEAP_FLAGS, reconcileEnv: HEAP_ENV } = require('./node-flags.json');

function relaunchWithHeapFlags() {
  const { spawnSync } = require('node:child_process');
  const args = [...process.execArgv, ...HEAP_FLAGS, __filename, ...process.argv.slice(2)];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...HEAP_ENV, ...process.env } });
  if (r.error) return false; // could not start a second node: run here, with the default heap
  if (r.signal) process.kill(process.pid, r.signal);
  process.exitCode = r.status === null ? 1 : r.status;
  return true;
}

const wantsRelaunch =
  process.argv[2] === 'reconcile' &&
  !process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) &&
  process.env.ANJIE_NO_RELAUNCH !== '1';

if (!(wantsRelaunch && relaunchWithHeapFlags())) require('../lib/pipeline/cli.js').main(process.argv);
