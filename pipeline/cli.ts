import { Command, CommanderError, Help, type Option } from 'commander';
import { UserError, describeUserError } from './errors';
import { maskPersonalData } from './io/safeCell';
import { COMMANDS } from './commands';
import { EXAMPLES } from './commands/examples';

import pkg from '../package.json';

export const VERSION: string = pkg.version;

export function buildProgram(): Command {
  const program = new Command('anjie')
    .description('按揭 — 按揭台账、进度表、查册、费用与月度下款对账工具\nAnjie — mortgage desk tools: register, weekly progress, title search, fees and monthly disbursement reconciliation')
    .version(VERSION, '-V, --version', '显示版本 / show the version')
    .helpOption('-h, --help', '显示帮助 / show help')
    .addHelpCommand('help [command]', '显示某个命令的帮助 / show help for a command')
    .showHelpAfterError('(用 --help 查看用法 / add --help for usage)')
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(translateCommanderError(str)),
    });
  program.configureHelp(HELP);
  for (const register of COMMANDS) register(program);
  // Every subcommand inherits the bilingual help flag, the exit override, the required marks and its example.
  for (const cmd of program.commands) applyDefaults(cmd, '');
  return program;
}

/** Commander's help says nothing of which options are required: say it, after the description. */
const HELP = {
  optionDescription(this: Help, option: Option): string {
    const text = Help.prototype.optionDescription.call(this, option);
    return option.mandatory ? `${text}（必填 / required）` : text;
  },
};

function applyDefaults(cmd: Command, parent: string): void {
  const name = parent ? `${parent} ${cmd.name()}` : cmd.name();
  cmd.helpOption('-h, --help', '显示帮助 / show help').exitOverride().showHelpAfterError('(用 --help 查看用法 / add --help for usage)');
  cmd.configureOutput({ outputError: (str, write) => write(translateCommanderError(str)) });
  cmd.configureHelp(HELP);
  const examples = EXAMPLES[name];
  if (examples) cmd.addHelpText('after', `\n示例 / Example${examples.length > 1 ? 's' : ''}:\n${examples.map((e) => `  ${e}`).join('\n')}`);
  for (const sub of cmd.commands) applyDefaults(sub, name);
}

/** Commander speaks English; put the Chinese first. */
function translateCommanderError(str: string): string {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/unknown command '([^']*)'/, (m) => `未知命令 '${m[1]}'`],
    [/unknown option '([^']*)'/, (m) => `未知选项 '${m[1]}'`],
    [/missing required argument '([^']*)'/, (m) => `缺少必需参数 '${m[1]}'`],
    [/option '([^']*)' argument missing/, (m) => `选项 '${m[1]}' 缺少取值`],
    [/required option '([^']*)' not specified/, (m) => `未指定必需选项 '${m[1]}'`],
    [/too many arguments/, () => '参数过多'],
  ];
  for (const [re, zh] of rules) {
    const m = str.match(re);
    if (m) return `错误: ${zh(m)}\n${str}`;
  }
  return str;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  process.exitCode = undefined; // each run reports its own outcome (the demo runs several)
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.code === 'commander.help') {
      // `anjie help` asked for it; `anjie`, `anjie signoff` … left out the subcommand: a usage error, with the help shown.
      if (err.exitCode === 0) return 0;
      process.stderr.write('错误: 缺少子命令（见上）/ error: missing subcommand (see above)\n');
      return 2;
    }
    return 2; // usage errors: commander already printed the message
  }
  if (err instanceof UserError) {
    process.stderr.write(maskPersonalData(describeUserError(err)) + '\n'); // messages never show ID, phone or card numbers in full
    return err.exitCode;
  }
  const detail = err instanceof Error ? err.message : String(err);
  process.stderr.write(`内部错误（请报告）: ${detail}\nInternal error (please report it): ${detail}\n`);
  if (process.env.ANJIE_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 3;
}

export function main(argv: string[]): void {
  // `anjie validate … | head`: once the reader has gone, what is left to print has nowhere to go.
  // Stop quietly, as command-line tools do, instead of dying on an unhandled EPIPE with a stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 3;
    },
  );
}
