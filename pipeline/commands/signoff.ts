import type { Command } from 'commander';
import { type SignoffRecord, ROLE_EN, describeRecordProblem, parseRole } from '../../domain/signoff/record';
import { type CellChange, markInvisible } from '../../domain/signoff/canonical';
import { describeScope } from '../../domain/signoff/scope';
import { UserError } from '../errors';
import { assertRegisterSignable } from '../signoff/registerCheck';
import { readWorkbookRecords, signWorkbook, unsealWorkbook, verifyWorkbook } from '../signoff/workbook';

/** How many changed cells `verify` lists (first ones first); the count is always given. */
const LIST_LIMIT = 50;

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function recordLine(r: SignoffRecord): string {
  const status = r.status === 'active' ? '有效 active' : `已撤销 unsealed（${r.unsealed?.by ?? ''} ${r.unsealed?.at ?? ''}：${r.unsealed?.reason ?? ''}）`;
  const override = r.overrideReason ? `  例外说明 override: ${r.overrideReason}` : '';
  return `#${r.seq} 第${r.round}轮 round ${r.round}  ${r.role} ${ROLE_EN[r.role]}  ${r.name}  ${r.signedAt}  ${status}${override}`;
}

/** At most this many unsealed rounds are named under a verdict; the rest are counted (show lists them all). */
const UNSEALED_LIMIT = 5;

/**
 * The rounds unsealed before (who, when, why), under verify's verdict: "intact" or "not signed"
 * alone hid that the workbook had been signed and opened again — a reviewer checking a report
 * signed anew after an unseal should know that its earlier figures were once signed.
 */
function unsealedRoundLines(records: readonly SignoffRecord[]): string[] {
  const rounds = new Map<number, SignoffRecord>();
  for (const r of records) if (r.status === 'unsealed' && r.unsealed && !rounds.has(r.round)) rounds.set(r.round, r);
  const list = [...rounds.values()].sort((a, b) => a.round - b.round);
  const lines = list.slice(0, UNSEALED_LIMIT).map((r) => `  第${r.round}轮 round ${r.round}：${r.unsealed!.by} ${r.unsealed!.at}  原因 reason: ${r.unsealed!.reason}`);
  if (list.length > UNSEALED_LIMIT) lines.push(`  另有 ${list.length - UNSEALED_LIMIT} 轮 and ${list.length - UNSEALED_LIMIT} more`);
  return list.length ? [`此前有 ${list.length} 轮签核已撤销（anjie signoff show 查看全部记录）/ ${list.length} earlier round(s) unsealed (anjie signoff show lists every record):`, ...lines] : [];
}

function showValue(v: { type: string; value: string } | null): string {
  return v ? `${v.type}:${markInvisible(JSON.stringify(v.value))}` : '(空 empty)';
}

export function registerSignoff(program: Command): void {
  const cmd = program
    .command('signoff')
    .description('签核：对工作簿内容签名（指纹 + 保护）、核验、查看、撤销 / sign-off: seal a workbook\'s content with a fingerprint, verify, show, unseal');

  cmd
    .command('sign')
    .description('签核工作簿（制表 → 审核 → 批准）/ sign a workbook (制表 → 审核 → 批准)')
    .argument('<file>', '工作簿 .xlsx / workbook .xlsx')
    .requiredOption('--name <name>', '签核人姓名 / signer\'s name')
    .requiredOption('--role <role>', '角色：制表 / 审核 / 批准 (prepare / review / approve)')
    .option('--sheets <sheets...>', '签核的工作表（默认全部可见工作表）/ sheets to sign (default: every visible sheet)')
    .option('--password <password>', '工作表保护密码（可选；保护只防误操作）/ sheet-protection password (optional; protection only guards against accidents)')
    .option('--reason <text>', '存在校验错误仍签核的原因 / why you sign although validation errors remain')
    .action(async (file: string, opts: { name: string; role: string; sheets?: string[]; password?: string; reason?: string }) => {
      const role = parseRole(opts.role);
      if (!role) {
        throw new UserError({ zh: `未知角色「${opts.role}」，应为 制表、审核 或 批准。`, en: `Unknown role "${opts.role}": use 制表 (prepare), 审核 (review) or 批准 (approve).` });
      }
      const sheets = opts.sheets?.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
      await assertRegisterSignable(file, opts.reason);
      const { record, records } = await signWorkbook(file, { name: opts.name, role, sheets, password: opts.password, overrideReason: opts.reason });
      out(`已签核 / signed: ${recordLine(record)}`);
      out(`范围 scope: ${record.scope.sheets.length} 个工作表 sheet(s): ${describeScope(record.scope, 6)}`);
      if (sheets?.length && records.filter((r) => r.round === record.round).length > 1) {
        out('注意：范围沿用本轮第一位签核人，--sheets 未使用 / note: the scope is the first signer\'s of this round; --sheets was not used.');
      }
      out(`单元格 cells: ${record.cellCount}`);
      out(`指纹 SHA-256: ${record.fingerprint}`);
      out('工作表已保护：保护只防误操作，指纹才是证明。/ Sheets protected: protection guards against accidents; the fingerprint is the proof.');
    });

  cmd
    .command('verify')
    .description('核验签名：0 未改动，1 已改动（列出单元格）或签核记录被改动，2 未签核或无法读取 / verify: exit 0 intact, 1 changed (cells listed) or the sign-off record altered, 2 unsigned or unreadable')
    .argument('<file>', '工作簿 .xlsx / workbook .xlsx')
    .option('--json', '以 JSON 输出 / print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const result = await verifyWorkbook(file);
      // An auditor verifies a folder of reports in a loop: each verdict says which file it is about.
      if (!opts.json) out(`文件 file: ${file}`);
      if (opts.json) {
        const { records: _r, ...rest } = result;
        const slim = 'active' in rest ? { ...rest, active: rest.active.map(({ content: _c, ...r }) => r) } : rest;
        out(JSON.stringify(slim, null, 2));
      }
      if (result.status === 'unsigned') {
        if (!opts.json) for (const line of ['未签核 / not signed: 没有有效的签核记录 / no active sign-off record.', ...unsealedRoundLines(result.records)]) out(line);
        process.exitCode = 2;
        return;
      }
      const hiddenNote = () => {
        if (!opts.json && result.hiddenSheets.length) {
          out(`注意：签核的工作表现已隐藏：${result.hiddenSheets.join('、')}。看到的可能是另一张（如仿制的副本）而非签核的内容，请取消隐藏核对。/ note: signed sheet(s) now hidden: ${result.hiddenSheets.join(', ')}. What a reader sees may be another sheet (a look-alike copy), not the signed content; unhide to check.`);
        }
      };
      // SUBTOTAL cells whose figures differ only because the sheet is filtered (domain/signoff/filtered.ts).
      const filteredNote = (cells: readonly CellChange[] | undefined) => {
        if (opts.json || !cells?.length) return;
        out(`筛选导致小计显示不同，内容未改动 / a filter changes what the subtotals show; content unchanged: ${cells.length} 个小计/合计单元格 SUBTOTAL cell(s)（签核时为未筛选的合计，数据未改动 / signed unfiltered, data as signed）${cells.length > LIST_LIMIT ? `，列出前 ${LIST_LIMIT} 个 first ${LIST_LIMIT} listed` : ''}`);
        for (const c of cells.slice(0, LIST_LIMIT)) out(`  ${c.sheet}!${c.ref}  签核时 signed ${showValue(c.before)}  筛选后显示 shown filtered ${showValue(c.after)}`);
      };
      if (result.status === 'intact') {
        hiddenNote();
        if (!opts.json) {
          out('签核有效，内容未改动 / intact: the signed content is unchanged.');
          for (const r of result.active) out(`  ${recordLine(r)}`);
          out(`指纹 SHA-256: ${result.fingerprint}  (${result.cellCount} 个单元格 cells)`);
          for (const line of unsealedRoundLines(result.records)) out(line);
          filteredNote(result.filtered);
          if (result.rounded) {
            out(`注意：${result.rounded} 个数值与签核时仅在第 15 位有效数字之后不同（Excel 重算或 LibreOffice 另存所致，显示相同），视为未改动 / note: ${result.rounded} number(s) differ from the signed ones only beyond 15 significant digits (Excel recalculation or a LibreOffice save; shown the same), so they count as unchanged.`);
          }
        }
        process.exitCode = 0;
        return;
      }
      hiddenNote();
      if (!opts.json) {
        // Only the record altered (a signer, a time, a deleted row), the cells as signed: said so, not "the content differs".
        const recordOnly = result.recordProblems.length > 0 && !result.changes.length && !result.missingSheets.length && !result.renamedSheets.length && !result.overLimit && !result.recordTampered && !result.inconsistent && result.currentFingerprint === result.signedFingerprint;
        out(recordOnly ? '签核记录已被改动 / ALTERED: the sign-off record was changed after signing; the signed cells are as signed.' : '签核后内容已改动 / CHANGED: the content differs from what was signed.');
        for (const r of result.active) out(`  ${recordLine(r)}`);
        out(`签核指纹 signed:  ${result.signedFingerprint}`);
        if (result.overLimit) {
          const { sheet, row, limit } = result.overLimit;
          out(`工作表「${sheet}」读到第 ${row} 行时，内容已超过签核记录能保存的 ${limit.toLocaleString('en-US')} 个字符，签核时的内容没有这么长：已被改动（如粘贴了大量单元格），无法逐个列出 / by row ${row} of sheet "${sheet}" the content is past the ${limit.toLocaleString('en-US')} characters a sign-off record keeps, longer than anything signed: it changed (e.g. cells pasted in); the changed cells cannot be listed.`);
        } else out(`当前指纹 current: ${result.currentFingerprint}`);
        if (result.recordTampered || result.inconsistent) out('签核记录本身已被改动，无法列出改动的单元格 / the sign-off record itself was altered; changed cells cannot be listed.');
        for (const p of result.recordProblems) {
          const d = describeRecordProblem(p);
          out(`签核记录已被改动：${d.zh} / sign-off record altered: ${d.en}`);
        }
        // A renamed sheet is named as such, its cells not listed: they are the signed ones, under another sheet name.
        for (const r of result.renamedSheets) out(`工作表「${r.from}」已改名为「${r.to}」，内容与签核时相同 / sheet "${r.from}" was renamed to "${r.to}"; its content is as signed.`);
        if (result.missingSheets.length) out(`缺少工作表 missing sheets: ${result.missingSheets.join(', ')}`);
        if (result.changes.length) {
          out(`改动的单元格 changed cells: ${result.changes.length}${result.changes.length > LIST_LIMIT ? `（列出前 ${LIST_LIMIT} 个 first ${LIST_LIMIT} listed）` : ''}`);
          for (const c of result.changes.slice(0, LIST_LIMIT)) out(`  ${c.sheet}!${c.ref}  签核时 signed ${showValue(c.before)}  →  现在 now ${showValue(c.after)}`);
        }
        const hints = result.filterHints?.length ?? 0;
        if (hints) out(`其中 ${hints} 个改动的小计/合计单元格合计的范围里有隐藏的行，可能是筛选所致：请清除筛选（显示全部行）、保存后再核验，仍显示改动的才是内容被改 / ${hints} of the changed SUBTOTAL cells sum over hidden rows; a filter may be why: clear the filter (show all rows), save and verify again — what still shows as changed was edited.`);
        const filtered = result.filtered?.length ?? 0;
        if (filtered) out(`另有 ${filtered} 个小计/合计单元格只因筛选而显示不同，不计为改动 / ${filtered} more SUBTOTAL cell(s) show other figures only because the sheet is filtered; not counted as changes.`);
      }
      process.exitCode = 1;
    });

  cmd
    .command('show')
    .description('显示签核记录（含历史）/ show the sign-off records, history included')
    .argument('<file>', '工作簿 .xlsx / workbook .xlsx')
    .action(async (file: string) => {
      const records = await readWorkbookRecords(file);
      if (records.length === 0) {
        out('未签核 / not signed.');
        return;
      }
      for (const r of [...records].sort((a, b) => a.seq - b.seq)) {
        out(recordLine(r));
        out(`   范围 scope: ${describeScope(r.scope, 6)}  单元格 cells: ${r.cellCount}  ${r.toolVersion}  ${r.canon}`);
        out(`   指纹 SHA-256: ${r.fingerprint}`);
      }
    });

  cmd
    .command('unseal')
    .description('撤销签核（记录撤销人与原因，保留历史）/ unseal (records who and why; history is kept)')
    .argument('<file>', '工作簿 .xlsx / workbook .xlsx')
    .requiredOption('--name <name>', '撤销人姓名 / who unseals')
    .requiredOption('--reason <reason>', '撤销原因 / why')
    .action(async (file: string, opts: { name: string; reason: string }) => {
      const records = await unsealWorkbook(file, opts.name, opts.reason);
      // The round just closed is the last one (a new round is only opened after an unseal).
      const round = records.reduce((m, r) => Math.max(m, r.round), 0);
      out(`已撤销签核 / unsealed: ${records.filter((r) => r.round === round).length} 条记录 record(s); 工作表保护已解除 / sheet protection removed.`);
    });
}
