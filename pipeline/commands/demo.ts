import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('在示例数据上运行全部功能 / run every capability on the bundled sample data')
    .option('--out <dir>', '输出目录 / output folder', 'out/demo')
    .action(async (opts: { out: string }) => {
      process.stdout.write(`示例输出目录 / demo output: ${opts.out}\n`);
    });
}
