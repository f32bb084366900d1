#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from pipeline/cli.ts by `npm run build:cli`.
//
// `anjie reconcile` keeps a month of records in memory (GBs for a million rows a side) while it
// builds output row by row. A larger young generation lets those short-lived row objects die young
// instead of being promoted and marked again and again on the big heap. V8 sizes the young
// generation only at start-up, so reconcile is re-launched once with the flag; the child inherits
// the terminal (progress bars, Ctrl-C), stop signals are passed on to it, and its exit code is
// passed on. It also gets --expose-gc, so reconcile can collect once between phases
// (pipeline/reconcile/run.ts). The benchmark starts its reconcile runs with the same flags
// (node-flags.json).
//
// reconcileEnv fixes glibc malloc's trim threshold at its default (128 KiB). Left alone, glibc
// raises it each time a large block (zlib's and the readers' buffers) is freed, and then keeps
// freed memory instead of giving it back: at 1M + 1M rows ~30-50 MB more peak RSS, measured with
// the same run times. A value the user set is kept; other C libraries ignore it.
const { reconcile: HEAP_FLAGS, reconcileEnv: HEAP_ENV } = require('./node-flags.json');

// Signals a person or a service manager sends to stop the run. The launcher only waits for the
// child: each is passed on to it, and the launcher ends when the child has (stopping the launcher
// alone would leave reconcile running on, writing its report after it was stopped).
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function relaunchWithHeapFlags() {
  const { spawn } = require('node:child_process');
  const { constants } = require('node:os');
  const args = [...process.execArgv, ...HEAP_FLAGS, __filename, ...process.argv.slice(2)];
  let child;
  try {
    child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...HEAP_ENV, ...process.env } });
  } catch {
    return false;
  }
  if (child.pid === undefined) {
    child.on('error', () => undefined); // could not start a second node: run here, with the default heap
    return false;
  }
  const forward = (signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone: its exit is on its way
    }
  };
  for (const s of FORWARDED) process.on(s, forward);
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED) process.off(s, forward);
    // The child's own code; killed by a signal, the shell's 128 + its number (130 Ctrl-C, 143 SIGTERM).
    process.exitCode = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1);
  });
  return true;
}

const wantsRelaunch =
  process.argv[2] === 'reconcile' &&
  !process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) &&
  process.env.ANJIE_NO_RELAUNCH !== '1';

if (!(wantsRelaunch && relaunchWithHeapFlags())) require('../lib/pipeline/cli.js').main(process.argv);
