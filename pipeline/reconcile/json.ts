import * as fs from 'node:fs';
import { once } from 'node:events';
import { RULES, explain, factorsOf, flagsOf, openItems, outcomeOf, totalsJson, type Engine, type Factors, type Item, type Reconciliation, type RuleId, type Side } from '../../domain/reconcile';
import { factorCode, isPlainMatch, pairedHead, pairedTail } from '../../domain/reconcile/explain';
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
      const rows = new RowJsonEncoder(rec.engine);
      for (let k = 0; k < items.length; k++) {
        buf += (k ? ',\n' : '\n') + rows.encode(items[k]);
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

/** A source's JSON pieces (file and sheet names are few: escaped once per source, not per row). */
interface SourcePieces {
  /** `{"side":…,"file":…,"sheet":…,"row":` — a row and a counterpart start alike; the row number and `}` follow. */
  key: string;
  /** The explanation of a plain match with this counterpart up to its row number, opening quote included. */
  zhHead: string;
  enHead: string;
}

const RULE_JSON = new Map<RuleId | null, string>([[null, 'null'], ...RULES.map((r): [RuleId, string] => [r, JSON.stringify(r)])]);

/**
 * The JSON text of one row, byte-identical to `JSON.stringify(rowResult(it, engine))`, without
 * building the row object: creating, stringifying and collecting 2 × 10⁶ of those was most of the
 * JSON writer's time. Strings that repeat (file and sheet names, flag lists, factors, the wording of
 * a plain match for each rule and set of factors) are JSON-escaped once and cached; per row only the
 * row numbers are added. Rows that are not plain matches (a few per cent) take explain() and
 * JSON.stringify for their sentence. Pieces are cut only next to fixed characters (`第`, `行`,
 * quotes), so escaping the pieces apart gives the same text as escaping the whole.
 */
export class RowJsonEncoder {
  private readonly sources: Record<Side, Map<string, Map<string, SourcePieces>>> = { bank: new Map(), finance: new Map() };
  private readonly flagLists = new Map<number, string>();
  private readonly factorsText: string[] = [];
  /** Closing part of a plain match's explanation, per rule and factorCode: `行按"…"规则对应，…。"`. */
  private readonly tails = new Map<RuleId | null, { zh: string; en: string }[]>();
  private readonly window: number;

  constructor(private readonly engine: Engine) {
    this.window = engine.config.dateWindowDays;
  }

  encode(it: Item): string {
    const factors = factorsOf(it, this.window);
    const code = factorCode(factors);
    const own = this.pieces(it);
    if (isPlainMatch(it)) {
      const cp = it.cps![0];
      const at = this.pieces(cp);
      const end = this.tail(it.rule, factors, code);
      return (
        own.key + it.row + ',"outcome":"MATCHED","flags":[],"counterparts":[' + at.key + cp.row + '}],"rule":' + RULE_JSON.get(it.rule) +
        ',"explanation":{"zh":' + at.zhHead + cp.row + end.zh + ',"en":' + at.enHead + cp.row + end.en + '},"factors":' + this.factorsJson(factors, code) + '}'
      );
    }
    const outcome = outcomeOf(it);
    const others = outcome === 'AMBIGUOUS' ? (it.cands ?? []) : (it.cps ?? []);
    let counterparts = '';
    for (let k = 0; k < others.length; k++) counterparts += (k ? ',' : '') + this.pieces(others[k]).key + others[k].row + '}';
    const e = explain(it, this.engine);
    return (
      own.key + it.row + ',"outcome":' + JSON.stringify(outcome) + ',"flags":' + this.flagsJson(it) + ',"counterparts":[' + counterparts + '],"rule":' + RULE_JSON.get(it.rule) +
      ',"explanation":{"zh":' + JSON.stringify(e.zh) + ',"en":' + JSON.stringify(e.en) + '},"factors":' + this.factorsJson(factors, code) + '}'
    );
  }

  private pieces(it: { side: Side; file: string; sheet: string }): SourcePieces {
    let sheets = this.sources[it.side].get(it.file);
    if (!sheets) this.sources[it.side].set(it.file, (sheets = new Map()));
    let p = sheets.get(it.sheet);
    if (!p) {
      const head = pairedHead(it);
      const key = JSON.stringify({ side: it.side, file: it.file, sheet: it.sheet, row: 0 });
      p = { key: key.slice(0, -2), zhHead: JSON.stringify(head.zh).slice(0, -1), enHead: JSON.stringify(head.en).slice(0, -1) };
      sheets.set(it.sheet, p);
    }
    return p;
  }

  private tail(rule: RuleId | null, factors: Factors | null, code: number): { zh: string; en: string } {
    let byCode = this.tails.get(rule);
    if (!byCode) this.tails.set(rule, (byCode = []));
    let t = byCode[code];
    if (!t) {
      const end = pairedTail(rule, factors);
      byCode[code] = t = { zh: JSON.stringify(end.zh).slice(1), en: JSON.stringify(end.en).slice(1) };
    }
    return t;
  }

  private factorsJson(factors: Factors | null, code: number): string {
    return (this.factorsText[code] ??= JSON.stringify(factors));
  }

  private flagsJson(it: Item): string {
    let t = this.flagLists.get(it.flags);
    if (t === undefined) this.flagLists.set(it.flags, (t = JSON.stringify(flagsOf(it))));
    return t;
  }
}
