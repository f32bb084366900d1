import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type VerifyResult, describeRecordProblem } from '../../domain/signoff/record';
import { CARRIED_SHEET } from '../../domain/signoff/scope';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { maskPersonalData } from '../io/safeCell';
import { verifyWorkbook } from '../signoff/workbook';
import type { SignatureWorkerReply } from './previousSignatureWorker';

/**
 * --previous given a signed report: its signature is verified as `anjie signoff verify` does, and a
 * report changed since it was signed is said under the previous file's line (taken, not refused:
 * the month may have to go on, and the person can see what changed). Call only for a workbook that
 * has a 签核记录 sheet: an unsigned report costs nothing.
 */
export async function previousSignatureWarning(file: string): Promise<Bilingual | null> {
  let result: VerifyResult;
  try {
    result = await verifyWorkbook(file);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return changedWarning(file, { zh: '签核记录已损坏', en: 'its sign-off record is damaged' });
  }
  if (result.status !== 'changed') return null;
  const zh: string[] = [];
  const en: string[] = [];
  if (result.recordTampered || result.inconsistent) {
    zh.push('签核记录本身已被改动');
    en.push('the sign-off record itself was altered');
  }
  for (const p of result.recordProblems) {
    const d = describeRecordProblem(p);
    zh.push(`签核记录中${d.zh}`);
    en.push(`in its sign-off record, ${d.en}`);
  }
  if (result.overLimit) {
    zh.push(`工作表「${result.overLimit.sheet}」的内容比签核时长得多`);
    en.push(`sheet "${result.overLimit.sheet}" holds far more than was signed`);
  }
  for (const r of result.renamedSheets) {
    zh.push(`工作表「${r.from}」已改名为「${r.to}」`);
    en.push(`sheet "${r.from}" was renamed to "${r.to}"`);
  }
  if (result.missingSheets.length) {
    zh.push(`缺少工作表 ${result.missingSheets.join('、')}`);
    en.push(`sheet(s) missing: ${result.missingSheets.join(', ')}`);
  }
  if (result.changes.length) {
    const first = result.changes.slice(0, 3).map((c) => `${c.sheet}!${c.ref}`);
    const carried = result.changes.filter((c) => c.sheet === CARRIED_SHEET).length;
    const all = carried === result.changes.length;
    zh.push(`${result.changes.length} 个单元格已改动，如 ${first.join('、')}${all ? `，均在结转的未达项（${CARRIED_SHEET}）中` : carried ? `，其中结转的未达项（${CARRIED_SHEET}）${carried} 处` : ''}`);
    en.push(`${result.changes.length} cell(s) changed, e.g. ${first.join(', ')}${all ? `, all in the open items carried forward (${CARRIED_SHEET})` : carried ? `, ${carried} of them in the open items carried forward (${CARRIED_SHEET})` : ''}`);
  }
  if (!zh.length) {
    zh.push('内容与签核指纹不符');
    en.push('its content no longer has the signed fingerprint');
  }
  return changedWarning(file, { zh: zh.join('；'), en: en.join('; ') });
}

/** previousSignatureWarning begun ahead of its use; `cancel` stops it when the answer is not wanted. */
export interface PendingSignatureWarning {
  warning(): Promise<Bilingual | null>;
  cancel(): void;
}

const WORKER_FILE = path.join(__dirname, 'previousSignatureWorker.js');

/**
 * previousSignatureWarning on a worker thread, begun while this thread loads the same report with
 * exceljs (load.ts): a report of 100k rows a side verifies in ~5 s there, beside the load, where
 * after the load it took ~8 s on this thread (its collections marked the loaded workbook too).
 * Running from TypeScript sources (vitest) there is no compiled worker (`workerFile`, as json.ts):
 * then it runs here when asked for, after the load, as before — not alongside it, as its exceljs
 * fallback sets exceljs's formats for its own read (cjkFormats.ts) and the load's would see them.
 */
export function startPreviousSignatureWarning(file: string, workerFile = WORKER_FILE): PendingSignatureWarning {
  const here: PendingSignatureWarning = { warning: () => previousSignatureWarning(file), cancel: () => undefined };
  if (!fs.existsSync(workerFile)) return here;
  let worker: Worker;
  try {
    worker = new Worker(workerFile, { workerData: { file } });
  } catch {
    return here;
  }
  // null: the thread did not start or died without answering (not the verify's own error): verified here.
  const answer = new Promise<SignatureWorkerReply | null>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  void answer.then(() => worker.terminate());
  return {
    warning: async () => {
      const r = await answer;
      if (!r) return here.warning();
      if (r.kind === 'error') throw Object.assign(new Error(r.message), { stack: r.stack });
      return r.warning;
    },
    cancel: () => void worker.terminate(),
  };
}

function changedWarning(file: string, what: Bilingual): Bilingual {
  const name = maskPersonalData(path.basename(file));
  return {
    zh: `上期报告 ${name} 签核后已被改动（${what.zh}）：带入本期的未达项和处理人/处理结果是改动后的内容，可能与签核时不同；请用 anjie signoff verify ${name} 查看改动并向签核人核实，或改用签核时的报告作 --previous 重新对账`,
    en: `the previous report ${name} was changed after it was signed (${what.en}): the open items and 处理人/处理结果 carried in are as changed and may differ from what was signed; run anjie signoff verify ${name} to see the changes and check with the signer, or reconcile again with the report as signed as --previous`,
  };
}
