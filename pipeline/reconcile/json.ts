import * as fs from 'node:fs';
import { once } from 'node:events';
import { openItems, rowResult, totalsJson, type Reconciliation } from '../../domain/reconcile';
import { writeAtomically } from '../io/atomicWrite';
import { maskText } from './pii';

/**
 * The machine-readable contract (docs/reconcile-json.md): {"period","rows":[…],"totals":{…},"open":[…]}.
 * Streamed row by row (a whole group's year is millions of rows); one row per line; no timestamps,
 * so the same inputs give byte-identical output.
 */
export async function writeReconcileJson(target: string, rec: Reconciliation, opts: { inputs?: readonly string[]; showPii?: boolean } = {}): Promise<void> {
  await writeAtomically(
    target,
    async (temp) => {
      const out = fs.createWriteStream(temp, { encoding: 'utf8', highWaterMark: 1 << 20 });
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      let buf = `{"period":${JSON.stringify(rec.engine.period)},"rows":[`;
      const flush = async (force: boolean) => {
        if (buf.length < 1 << 20 && !force) return;
        const ok = out.write(buf);
        buf = '';
        if (!ok) await Promise.race([once(out, 'drain'), failed]);
      };
      const items = rec.engine.items;
      for (let k = 0; k < items.length; k++) {
        buf += (k ? ',\n' : '\n') + JSON.stringify(rowResult(items[k], rec.engine));
        if (buf.length >= 1 << 20) await flush(false);
      }
      buf += `\n],\n"totals":${JSON.stringify(totalsJson(rec.totals))},\n"open":[`;
      const open = openItems(rec.engine);
      for (let k = 0; k < open.length; k++) {
        const o = { ...open[k], text: maskText(open[k].text, !!opts.showPii) };
        buf += (k ? ',\n' : '\n') + JSON.stringify(o);
        if (buf.length >= 1 << 20) await flush(false);
      }
      buf += open.length ? '\n]}\n' : ']}\n';
      await flush(true);
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    },
    { inputs: opts.inputs },
  );
}
