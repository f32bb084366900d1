import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../pipeline/cli';
import { EXAMPLES } from '../../pipeline/commands/examples';
import { anjie } from '../helpers/cli';

/** Every command under `anjie` with its path (`signoff sign`), groups included. */
function commands(cmd: Command, parent: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [{ path: [...parent, c.name()], cmd: c }, ...commands(c, [...parent, c.name()])]);
}

const REQUIRED = '（必填 / required）';

describe('--help of every command', () => {
  const all = commands(buildProgram());

  it('marks each required option as required, and no other', async () => {
    expect(all.length).toBeGreaterThan(10);
    for (const { path, cmd } of all) {
      const r = await anjie(...path, '--help');
      expect(r.code, path.join(' ')).toBe(0);
      // One block per option (its description wraps onto following lines).
      const blocks = r.out.split(/\n(?= {2}-)/).map((b) => b.replace(/\s+/g, ' '));
      for (const o of cmd.options) {
        const block = blocks.find((b) => b.startsWith(` ${o.flags} `) || b.startsWith(`Options: ${o.flags} `));
        expect(block, `${path.join(' ')} ${o.flags}`).toBeDefined();
        expect(block!.includes(REQUIRED), `${path.join(' ')} ${o.flags}: ${block}`).toBe(o.mandatory);
      }
    }
    const reconcile = (await anjie('reconcile', '--help')).out.replace(/\s+/g, ' ');
    expect(reconcile).toContain(`--bank <files...> 银行流水文件（可多个）/ bank statement export(s)${REQUIRED}`);
    expect(reconcile.split(REQUIRED).length - 1).toBe(4); // --bank, --finance, --period, --out
    expect((await anjie('sample', '--help')).out.replace(/\s+/g, ' ')).toContain(`--out <dir> 输出目录 / output folder${REQUIRED}`);
  });

  it('ends with a usage example that gives every required option', async () => {
    for (const { path, cmd } of all) {
      const name = path.join(' ');
      const examples = EXAMPLES[name];
      expect(examples, name).toBeDefined();
      const r = await anjie(...path, '--help');
      expect(r.out, name).toMatch(/\n示例 \/ Examples?:\n {2}anjie /);
      for (const e of examples) {
        expect(r.out, name).toContain(e);
        expect(e.startsWith(`anjie ${name}`), e).toBe(true);
        for (const o of cmd.options.filter((x) => x.mandatory)) expect(e, `${name} ${o.long}`).toContain(`${o.long} `);
      }
    }
  });

  it('inspect --show-pii says it shows IDs and phones too, not only accounts', async () => {
    const r = (await anjie('inspect', '--help')).out.replace(/\s+/g, ' ');
    expect(r).toContain('--show-pii 显示完整的账号、证件号、电话（默认打码）/ show account, ID and phone numbers in full');
  });
});
