import type { Command } from 'commander';
import { registerDemo } from './demo';
import { registerSample } from './sample';
import { registerRegister } from './register';
import { registerValidate } from './validate';
import { registerProgress } from './progress';
import { registerSignoff } from './signoff';
import { registerInspect } from './inspect';
import { registerReconcile } from './reconcile';
import { registerTitleSearch } from './titleSearch';
import { registerFees } from './fees';

/** Every subcommand registers itself here; the order is the order shown in --help. */
export const COMMANDS: ((program: Command) => void)[] = [
  // finance's monthly job
  registerInspect,
  registerReconcile,
  // the specialists' sheets
  registerRegister,
  registerValidate,
  registerProgress,
  registerTitleSearch,
  registerFees,
  // the manager
  registerSignoff,
  // sample data and the demo
  registerSample,
  registerDemo,
];
