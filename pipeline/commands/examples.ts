/**
 * One usage example per command, shown at the end of its `--help` (cli.ts adds them to every
 * command, so a new command without one fails test/cli/help.test.ts). Keyed by the command's path
 * under `anjie`; file names are those of the sample set (`anjie sample`, docs/sample-data.md). An
 * example may go on over a second line (a backslash, then a newline).
 */
export const EXAMPLES: Record<string, readonly string[]> = {
  inspect: ['anjie inspect 工行_监管户_2026-11.csv 序时账_2026-11.xlsx'],
  reconcile: [
    'anjie reconcile --bank 工行_监管户_2026-11.csv 建行_监管户_2026-11.xlsx --finance 序时账_2026-11.xlsx \\\n' +
      '    --register 按揭台账.xlsx --period 2026-11 --out 对账报告_2026-11.xlsx --json 对账报告_2026-11.json',
    'anjie reconcile --bank 工行_监管户_2026-11.csv --finance 序时账_2026-11.xlsx \\\n' +
      '    --register 按揭台账.xlsx --project 云栖府 --period 2026-11 --out 云栖府_对账报告_2026-11.xlsx',
  ],
  register: ['anjie register new --out 空白台账.xlsx'],
  'register new': ['anjie register new --out 空白台账.xlsx'],
  validate: ['anjie validate 按揭台账.xlsx --today 2026-11-30'],
  progress: ['anjie progress --register 按揭台账.xlsx --week 2026-W48 --out 按揭进度表_2026-W48.xlsx'],
  'title-search': ['anjie title-search --register 按揭台账.xlsx --out 查册表.xlsx'],
  fees: ['anjie fees --register 按揭台账.xlsx --city guangzhou --out 费用台账.xlsx'],
  signoff: ['anjie signoff sign 按揭进度表_2026-W48.xlsx --name 陈静 --role 制表', 'anjie signoff verify 按揭进度表_2026-W48.xlsx'],
  'signoff sign': ['anjie signoff sign 按揭进度表_2026-W48.xlsx --name 陈静 --role 制表', 'anjie signoff sign 按揭进度表_2026-W48.xlsx --name 王经理 --role 审核'],
  'signoff verify': ['anjie signoff verify 按揭进度表_2026-W48.xlsx'],
  'signoff show': ['anjie signoff show 按揭进度表_2026-W48.xlsx'],
  'signoff unseal': ['anjie signoff unseal 按揭进度表_2026-W48.xlsx --name 王经理 --reason 贷款金额更正'],
  sample: ['anjie sample --out 示例数据 --seed 7 --period 2026-11'],
  demo: ['anjie demo --out out/demo'],
};
