import * as React from 'react';
import { Badge, Button, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Text, Textarea } from '@fluentui/react-components';
import type { Lang } from '../../domain/sheets/description';
import type { Issue } from '../../domain/issues';
import type { Bilingual } from '../../domain/text';
import { ROLES, ROLE_EN, type Role, type SignoffRecord, type VerifyResult, describeRecordProblem, isUnsealProblem } from '../../domain/signoff/record';
import { type CellChange, markInvisible } from '../../domain/signoff/canonical';
import { type Scope, WHOLE_SHEET } from '../../domain/signoff/scope';
import { useAnjie, usePanelActive } from '../ui/context';
import { PROTECTION_NOTE, type PaneState, SignoffPaneError, defaultSignSheets, paneState, selectCell, signInExcel, unsealInExcel, verifyInExcel } from './service';
import { registerIssuesNow } from '../services/actions';
import { both, count, inBoth, p } from '../ui/i18n';
import { LiveResult } from '../ui/LiveResult';
import { SheetChoice } from './SheetChoice';

const errorCount = (issues: readonly Issue[]) => issues.filter((i) => i.severity === 'error').length;

/** Changed cells listed in the pane (first ones first); the count is always shown. */
const SHOWN = 50;

const TEXT = {
  status: { zh: '当前签核', en: 'Current signatures' },
  unsigned: { zh: '本工作簿尚未签核。', en: 'This workbook is not signed.' },
  fullySigned: { zh: '已完成制表、审核、批准。', en: 'Prepared, reviewed and approved.' },
  sign: { zh: '签核', en: 'Sign' },
  signing: { zh: '正在签核并保护工作表…', en: 'Signing and protecting the sheets…' },
  name: { zh: '签核人姓名', en: "Signer's name" },
  role: { zh: '角色', en: 'Role' },
  noneChosen: { zh: '请至少勾选一个要签核的工作表。', en: 'Tick at least one sheet to sign.' },
  // A report's first signature covers its carried open items whichever sheets are ticked (domain/signoff/scope sheetsToSign).
  carried: { zh: '结转的未达项（隐藏工作表 _anjie_open）随报告一并签核。', en: 'The carried open items (hidden sheet _anjie_open) are signed with the report.' },
  password: { zh: '保护密码（可选）', en: 'Protection password (optional)' },
  currentPassword: { zh: '当前保护密码（工作表已用密码保护时）', en: 'Current protection password (if the sheets have one)' },
  overrideReason: { zh: '请写明仍要签核的原因（必填，记入签核记录）', en: 'why you sign anyway (required, kept in the record)' },
  errorsOpen: { zh: '个校验错误未解决', en: 'validation error(s) still open' },
  // 核验签名, not 校验: 校验 is validating the register (校验台账), a different action.
  verify: { zh: '核验签名', en: 'Verify signatures' },
  verifying: { zh: '正在核验签名…', en: 'Verifying the signatures…' },
  intact: { zh: '签核有效：内容未改动。', en: 'Intact: the signed content is unchanged.' },
  rounded: { zh: '个数值仅在第 15 位有效数字之后不同（重算或另存所致，显示相同），视为未改动。', en: 'number(s) differ only beyond 15 significant digits (recalculation or another program\'s save; shown the same), so they count as unchanged.' },
  // SUBTOTAL cells whose figures differ only because the sheet is filtered (domain/signoff/filtered.ts).
  filtered: { zh: '个小计/合计单元格：筛选导致小计显示不同，内容未改动。', en: 'SUBTOTAL cell(s): a filter changes what the subtotals show; content unchanged.' },
  filterHint: { zh: '个改动的小计/合计单元格合计的范围里有隐藏的行，可能是筛选所致：请清除筛选（显示全部行）后再核验，仍显示改动的才是内容被改。', en: 'changed SUBTOTAL cell(s) sum over hidden rows; a filter may be why: clear the filter (show all rows) and verify again — what still shows as changed was edited.' },
  maybeFilter: { zh: '（可能为筛选所致）', en: ' (possibly the filter)' },
  changed: { zh: '签核后内容已改动：', en: 'Changed after signing: ' },
  clickCell: { zh: '点击单元格可跳转。', en: 'Click a cell to go to it.' },
  missingSheets: { zh: '签核的工作表已不存在（被改名或删除）：', en: 'Signed sheet(s) no longer in the workbook (renamed or deleted): ' },
  renamedOnly: { zh: '签核后文档已改动（工作表改名），单元格内容未变。', en: 'Changed after signing (a sheet renamed); no cell changed.' },
  hiddenSheets: { zh: '注意：签核的工作表现已隐藏，看到的可能是另一张（如仿制的副本）而非签核的内容，请取消隐藏核对：', en: 'Note: signed sheet(s) now hidden; what you see may be another sheet (a look-alike copy), not the signed content. Unhide to check: ' },
  tampered: { zh: '签核记录本身已被改动，无法列出改动的单元格。', en: 'The sign-off record itself was altered; the changed cells cannot be listed.' },
  recordAltered: { zh: '签核记录已被改动：', en: 'The sign-off record was altered: ' },
  // What sign() and unseal() refuse over an altered record (domain/signoff/record.ts alteredRecords): said before anyone fills in the form.
  noSignOverAltered: { zh: '签核记录已被改动，不能在其上签核：请用签核时的工作簿（或重新生成的报告）签核。', en: 'The sign-off record was altered, so it cannot be signed on: sign the workbook as it was signed (or a regenerated report) instead.' },
  noUnsealOverAltered: { zh: '签核记录的状态或撤销栏已被手工改动，不能在其上撤销签核：请用签核时的工作簿（或重新生成的报告）。', en: 'The status or unseal columns of the sign-off record were edited by hand, so it cannot be unsealed on: use the workbook as it was signed (or a regenerated report) instead.' },
  cells: { zh: '个单元格', en: 'cell(s)' },
  empty: { zh: '（空）', en: '(empty)' },
  unseal: { zh: '撤销签核', en: 'Unseal' },
  unsealing: { zh: '正在撤销签核…', en: 'Unsealing…' },
  unsealWhat: {
    zh: '撤销后，当前全部签核失效：工作表取消保护，签字栏的姓名和日期清空，之后须从“制表”起重新签核。签核记录保留，并记下撤销人和原因。',
    en: 'Unsealing ends every current signature: the sheets are unprotected, the names and date in the signature rows are cleared, and signing starts again from 制表 (prepared). The records are kept, with who unsealed and why.',
  },
  unsealName: { zh: '撤销人姓名', en: 'Who unseals' },
  unsealReason: { zh: '撤销原因', en: 'Why' },
  history: { zh: '签核历史', en: 'History' },
  unsealedBy: { zh: '已撤销', en: 'unsealed' },
  signed: { zh: '已签核', en: 'Signed' },
  unsealed: { zh: '已撤销签核，记录已保留。', en: 'Unsealed; the records are kept.' },
  fingerprint: { zh: '指纹', en: 'Fingerprint' },
};
type Key = keyof typeof TEXT;
const tx = (lang: Lang, k: Key) => TEXT[k][lang];

const TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  s: { zh: '文本', en: 'text' },
  n: { zh: '数字', en: 'number' },
  d: { zh: '日期', en: 'date' },
  b: { zh: '逻辑值', en: 'logical' },
  e: { zh: '错误值', en: 'error' },
};

/**
 * "before → after" of a changed cell. When the kind of value changed (an amount retyped as text,
 * a date turned into a number) the kinds are named: "800000 → 800000" alone looked unchanged.
 */
export function changeText(c: Pick<CellChange, 'before' | 'after'>, lang: Lang): string {
  const kinds = !!c.before && !!c.after && c.before.type !== c.after.type;
  const kind = (t: string) => (lang === 'zh' ? `（${TYPE_NAMES[t]?.zh ?? t}）` : ` (${TYPE_NAMES[t]?.en ?? t})`);
  // Text with spaces at either end is quoted, and invisible characters are written out (markInvisible).
  const text = (v: NonNullable<CellChange['before']>) => (v.type !== 's' ? v.value : /^\s|\s$/.test(v.value) ? `「${markInvisible(v.value)}」` : markInvisible(v.value));
  const show = (v: CellChange['before']) => (v ? `${text(v)}${kinds ? kind(v.type) : ''}` : tx(lang, 'empty'));
  return `${show(c.before)} → ${show(c.after)}`;
}

/** What the pane says once a signature is made: who, in which role, and the start of its fingerprint. */
export function signedText(rec: SignoffRecord, lang: Lang): string {
  return `${tx(lang, 'signed')}${p(lang).colon}${roleLabel(rec.role, lang)} ${rec.name} · ${tx(lang, 'fingerprint')} ${rec.fingerprint.slice(0, 16)}…`;
}

/** 签核, or 签核（台账有 3 个错误）while the register has errors: said on the button, not first in a refusal. */
export function signLabel(errors: number, lang: Lang): string {
  if (errors === 0) return tx(lang, 'sign');
  return lang === 'zh' ? `签核（台账有 ${count(errors)} 个错误）` : `Sign (the register has ${count(errors)} error${errors === 1 ? '' : 's'})`;
}

/** Where the errors are and how to sign anyway, under the reason field; the button is described by it too. */
function errorsNote(errors: number, lang: Lang): string {
  return lang === 'zh'
    ? `台账有 ${count(errors)} 个校验错误，在“台账”页点“校验台账”可列出并在表中标出。请先改正；如确需签核，请在此写明仍要签核的原因，再点“签核”。`
    : `The register has ${count(errors)} validation error${errors === 1 ? '' : 's'}: Validate register on the Register tab lists them and marks them in the sheet. Fix them first; or, to sign anyway, write why here and press Sign.`;
}

function roleLabel(role: Role, lang: Lang): string {
  return lang === 'zh' ? role : `${role} (${ROLE_EN[role]})`;
}

function RecordLine(props: { r: SignoffRecord; lang: Lang }) {
  const { r, lang } = props;
  return (
    <li data-testid="signoff-record" style={{ fontSize: 12 }}>
      <Badge size="small" appearance="outline" color={r.status === 'active' ? 'success' : 'informative'}>
        {roleLabel(r.role, lang)}
      </Badge>{' '}
      {r.name} · {r.signedAt.replace('T', ' ')}
      {r.status === 'unsealed' && r.unsealed && (
        <span style={{ color: '#a4262c' }}>
          {' '}
          · {tx(lang, 'unsealedBy')} {r.unsealed.by} {r.unsealed.at.replace('T', ' ')}{p(lang).colon}{r.unsealed.reason}
        </span>
      )}
      {r.overrideReason && <span style={{ color: '#8a6d00' }}> · {r.overrideReason}</span>}
    </li>
  );
}

/**
 * What the current signatures cover, in the pane's language: the sheets, and that their signature
 * rows are left out (signing fills them in). The CLI's describeScope ("按揭进度表 (excl. 121:121)")
 * read as code to the desk.
 */
export function scopeText(scope: Scope, lang: Lang): string {
  const sheets = scope.sheets.map((s) => (s.ranges.join(',') === WHOLE_SHEET ? s.sheet : `${s.sheet}!${s.ranges.join(',')}`));
  const excluded = scope.sheets.some((s) => s.exclude.length > 0);
  return lang === 'zh'
    ? `签核范围：${sheets.join('、')}${excluded ? '（签字栏除外）' : ''}`
    : `Covers: ${sheets.join(', ')}${excluded ? ' (signature rows excluded)' : ''}`;
}

/** The first line of a "changed" verify result: a signed sheet that is gone is named, not left to a list of emptied cells. */
export function changedHeadline(result: Extract<VerifyResult, { status: 'changed' }>, lang: Lang): string {
  // The count, then how many are listed, then what a click does ("…可跳转： 771 个单元格" read the wrong way round).
  const n = result.changes.length;
  const listed = n > SHOWN ? (lang === 'zh' ? `（下面列出前 ${SHOWN} 个）` : ` (the first ${SHOWN} listed below)`) : '';
  const head =
    result.recordTampered || result.inconsistent
      ? tx(lang, 'tampered')
      : `${tx(lang, 'changed')}${count(n)} ${tx(lang, 'cells')}${listed}${lang === 'zh' ? '。' : '. '}${tx(lang, 'clickCell')}`;
  // A renamed sheet (its content as signed, under another name) is said in so many words, its cells not listed.
  const renamed = result.renamedSheets
    .map((r) => (lang === 'zh' ? `工作表「${r.from}」已改名为「${r.to}」，内容与签核时相同。` : `Sheet "${r.from}" was renamed to "${r.to}"; its content is as signed.`))
    .join(lang === 'zh' ? '' : ' ');
  const missing = result.missingSheets.length ? `${tx(lang, 'missingSheets')}${result.missingSheets.join(lang === 'zh' ? '、' : ', ')}。` : '';
  // Who signed, when, or an earlier record: edited or deleted in 签核记录, each named with its round and field.
  const problems = result.recordProblems.length
    ? `${tx(lang, 'recordAltered')}${result.recordProblems.map((x) => describeRecordProblem(x)[lang]).join(lang === 'zh' ? '；' : '; ')}${lang === 'zh' ? '。' : '.'}`
    : '';
  const recordOnly = !!problems && n === 0 && !missing && !renamed && !result.overLimit && !(result.recordTampered || result.inconsistent) && result.currentFingerprint === result.signedFingerprint;
  const body = recordOnly ? '' : renamed && n === 0 && !missing && !(result.recordTampered || result.inconsistent) ? tx(lang, 'renamedOnly') : head;
  return [problems, renamed, missing, body].filter(Boolean).join(lang === 'zh' ? '' : ' ');
}

/** 签核 Sign-off: sign (name, role), verify (intact, or the changed cells, selectable), unseal (who and why). */
export default function SignoffPanel(props: { initialState?: PaneState } = {}) {
  const a = useAnjie();
  const { lang } = a;
  const [state, setState] = React.useState<PaneState | null>(props.initialState ?? null);
  const [name, setName] = React.useState('');
  const [role, setRole] = React.useState<Role>('制表');
  const [sheets, setSheets] = React.useState<string[] | null>(null);
  const [password, setPassword] = React.useState('');
  const [currentPassword, setCurrentPassword] = React.useState('');
  const [reason, setReason] = React.useState('');
  const [unsealName, setUnsealName] = React.useState('');
  const [unsealReason, setUnsealReason] = React.useState('');
  const [result, setResult] = React.useState<VerifyResult | null>(null);
  const [message, setMessage] = React.useState<Bilingual | null>(null);

  // The register's errors as it is now, read when the tab is shown and after each run (as 签核 reads
  // them when pressed): the button and the reason field say so before anyone presses it. Until read,
  // the last validation's.
  const [registerErrors, setRegisterErrors] = React.useState<number | null>(null);
  const errorsOpen = registerErrors ?? errorCount(a.issues ?? []);
  const noteId = React.useId();
  // Refused for open errors without a reason: the keyboard goes to the reason field, the way to sign
  // anyway, once the run is over and the field is shown (it appears with the errors the run found).
  const reasonField = React.useRef<HTMLTextAreaElement>(null);
  const [toReason, setToReason] = React.useState(false);
  React.useEffect(() => {
    if (!toReason || a.task || !reasonField.current) return;
    setToReason(false);
    reasonField.current.focus();
  }, [toReason, a.task, errorsOpen]);

  const shown = usePanelActive();
  // The sheets the last read found: a sheet written since (say on 费用 while this tab was hidden)
  // is ticked as if the tab were opened now; what the person ticked or unticked otherwise stays.
  const known = React.useRef<readonly string[] | null>(null);
  React.useEffect(() => {
    if (!shown) return; // hidden: read again when shown
    let live = true;
    paneState(a.host).then(
      (s) => {
        if (!live) return;
        setState(s);
        if (s.nextRole) setRole(s.nextRole);
        const before = known.current;
        known.current = s.sheets;
        const fresh = defaultSignSheets(s.sheets).filter((x) => !before?.includes(x));
        setSheets((old) => (old === null ? defaultSignSheets(s.sheets) : [...old.filter((x) => s.sheets.includes(x)), ...fresh]));
      },
      () => live && setState(null),
    );
    registerIssuesNow(a.host).then(
      (now) => live && setRegisterErrors(now ? errorCount(now) : 0),
      () => live && setRegisterErrors(null),
    );
    return () => {
      live = false;
    };
  }, [a.host, a.revision, shown]);

  // Each run replaces what the last one said: no earlier 已签核 or 签核有效 beside a new refusal.
  const clear = () => {
    setResult(null);
    setMessage(null);
  };
  const sign = () =>
    a.run(TEXT.signing, async () => {
      clear();
      // The register as it is now, not as the pane last validated it (or never did).
      const now = await registerIssuesNow(a.host);
      if (now) a.setIssues(now);
      setRegisterErrors(now ? errorCount(now) : 0);
      const rec = await signInExcel(a.host, {
        name,
        role,
        sheets: state?.active.length ? undefined : (sheets ?? undefined),
        password: password || undefined,
        currentPassword: currentPassword || undefined,
        validationErrors: now ? errorCount(now) : 0,
        overrideReason: reason,
      }).catch((err: unknown) => {
        if (err instanceof SignoffPaneError && err.needs === 'overrideReason') setToReason(true);
        throw err;
      });
      setMessage(inBoth((l) => signedText(rec, l)));
      // The next signature is someone else's: left filled, the manager signed 审核 under the preparer's override reason.
      setName('');
      setReason('');
      setPassword('');
      setCurrentPassword('');
    });
  const verify = () =>
    a.run(TEXT.verifying, async () => {
      clear();
      setResult(await verifyInExcel(a.host));
    });
  const unseal = () =>
    a.run(TEXT.unsealing, async () => {
      clear();
      await unsealInExcel(a.host, { name: unsealName, reason: unsealReason, currentPassword: currentPassword || undefined });
      setMessage(TEXT.unsealed);
      setUnsealName('');
      setUnsealReason('');
      setCurrentPassword('');
    });

  const active = state?.active ?? [];
  const busy = !!a.task;
  // Signing is refused over any altered record, unsealing over a typed 状态 or unseal column (record.ts).
  const altered = (state?.recordProblems?.length ?? 0) > 0;
  const unsealAltered = !!state?.recordProblems?.some(isUnsealProblem);
  // The first signature covers the sheets ticked: with none ticked there is nothing to sign.
  const noneChosen = active.length === 0 && !!state && state.sheets.length > 1 && (sheets ?? []).length === 0;
  return (
    <div data-testid="panel-signoff" style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
      <MessageBar intent="info">
        <MessageBarBody data-testid="signoff-note">{PROTECTION_NOTE[lang]}</MessageBarBody>
      </MessageBar>

      <section>
        <Text as="h3" block weight="semibold" style={{ margin: 0 }}>
          {tx(lang, 'status')}
        </Text>
        {(state?.recordProblems?.length ?? 0) > 0 && (
          <MessageBar intent="error">
            <MessageBarBody data-testid="signoff-altered">
              {tx(lang, 'recordAltered')}
              {state!.recordProblems!.map((x) => describeRecordProblem(x)[lang]).join(lang === 'zh' ? '；' : '; ')}
              {lang === 'zh' ? '。' : '.'}
            </MessageBarBody>
          </MessageBar>
        )}
        {active.length === 0 ? (
          <Text as="p" size={200} data-testid="signoff-unsigned">
            {tx(lang, 'unsigned')}
          </Text>
        ) : (
          <>
            <ul style={{ margin: '4px 0', paddingLeft: 16 }}>
              {active.map((r) => (
                <RecordLine key={r.seq} r={r} lang={lang} />
              ))}
            </ul>
            <Text size={200} data-testid="signoff-scope">
              {scopeText(active[0].scope, lang)}
            </Text>
          </>
        )}
      </section>

      <LiveResult testId="signoff-result" parentGap={10}>
        {message && (
          <MessageBar intent="success">
            <MessageBarBody data-testid="signoff-message">{message[lang]}</MessageBarBody>
          </MessageBar>
        )}
      </LiveResult>

      <section style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
        <Text as="h3" block weight="semibold" style={{ margin: 0 }}>
          {tx(lang, 'sign')}
        </Text>
        {altered ? (
          <Text size={200} data-testid="signoff-no-sign">
            {tx(lang, 'noSignOverAltered')}
          </Text>
        ) : state && state.nextRole === null ? (
          <Text size={200}>{tx(lang, 'fullySigned')}</Text>
        ) : (
          <>
            <Field label={tx(lang, 'name')} required>
              <Input value={name} onChange={(_e, d) => setName(d.value)} data-testid="signoff-name" />
            </Field>
            <Field label={tx(lang, 'role')}>
              <Dropdown
                value={roleLabel(role, lang)}
                selectedOptions={[role]}
                onOptionSelect={(_e, d) => d.optionValue && setRole(d.optionValue as Role)}
                data-testid="signoff-role"
              >
                {ROLES.map((r) => (
                  <Option key={r} value={r} disabled={state?.nextRole !== undefined && state.nextRole !== r}>
                    {roleLabel(r, lang)}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {active.length === 0 && state && state.sheets.length > 1 && (
              <SheetChoice lang={lang} sheets={state.sheets} group={state.unitSheets} chosen={sheets ?? []} onChange={(update) => setSheets((old) => update(old ?? []))} />
            )}
            {active.length === 0 && state?.carried && (
              <Text size={200} data-testid="signoff-carried">
                {tx(lang, 'carried')}
              </Text>
            )}
            {noneChosen && (
              <Text size={200} data-testid="signoff-none-chosen">
                {tx(lang, 'noneChosen')}
              </Text>
            )}
            {errorsOpen > 0 && (
              <Field
                label={`${count(errorsOpen)} ${tx(lang, 'errorsOpen')}${lang === 'zh' ? '，' : '; '}${tx(lang, 'overrideReason')}`}
                validationState="warning"
                hint={{ id: noteId, children: errorsNote(errorsOpen, lang) }}
              >
                <Textarea ref={reasonField} value={reason} onChange={(_e, d) => setReason(d.value)} data-testid="signoff-reason" />
              </Field>
            )}
            <Field label={tx(lang, 'password')}>
              <Input type="password" value={password} onChange={(_e, d) => setPassword(d.value)} data-testid="signoff-password" />
            </Field>
            <Field label={tx(lang, 'currentPassword')}>
              <Input type="password" value={currentPassword} onChange={(_e, d) => setCurrentPassword(d.value)} data-testid="signoff-current-password" />
            </Field>
            <div>
              <Button
                appearance="primary"
                onClick={sign}
                disabled={busy || !name.trim() || noneChosen}
                aria-describedby={errorsOpen > 0 ? noteId : undefined}
                data-testid="signoff-sign"
              >
                {signLabel(errorsOpen, lang)}
              </Button>
            </div>
          </>
        )}
      </section>

      <section style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
        <div>
          <Button onClick={verify} disabled={busy} data-testid="signoff-verify">
            {tx(lang, 'verify')}
          </Button>
        </div>
        <LiveResult testId="signoff-verify-result" parentGap={6}>
          {result?.status === 'unsigned' && <Text size={200}>{tx(lang, 'unsigned')}</Text>}
          {result && result.status !== 'unsigned' && result.hiddenSheets.length > 0 && (
            <MessageBar intent="warning">
              <MessageBarBody data-testid="signoff-hidden">
                {tx(lang, 'hiddenSheets')}
                {result.hiddenSheets.join(lang === 'zh' ? '、' : ', ')}
              </MessageBarBody>
            </MessageBar>
          )}
          {result?.status === 'intact' && (
            <MessageBar intent="success">
              <MessageBarBody data-testid="signoff-intact">
                {tx(lang, 'intact')} {tx(lang, 'fingerprint')} {result.fingerprint.slice(0, 16)}… · {result.cellCount} {tx(lang, 'cells')}
                {result.rounded > 0 && ` · ${result.rounded} ${tx(lang, 'rounded')}`}
              </MessageBarBody>
            </MessageBar>
          )}
          {result?.status === 'changed' && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody data-testid="signoff-changed">{changedHeadline(result, lang)}</MessageBarBody>
            </MessageBar>
          )}
          {result?.status === 'changed' && (result.filterHints?.length ?? 0) > 0 && (
            <Text size={200} data-testid="signoff-filter-hint">
              {result.filterHints!.length} {tx(lang, 'filterHint')}
            </Text>
          )}
          {result && result.status !== 'unsigned' && (result.filtered?.length ?? 0) > 0 && (
            <Text size={200} data-testid="signoff-filtered">
              {result.filtered!.length} {tx(lang, 'filtered')}
            </Text>
          )}
        </LiveResult>
        {/* The changed cells under the headline, out of the live region: the count is read, not 50 cells. */}
        {result?.status === 'changed' && (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {result.changes.slice(0, SHOWN).map((c) => (
              <li key={c.address}>
                <button
                  type="button"
                  data-testid="signoff-change"
                  data-cell={`${c.sheet}!${c.ref}`}
                  onClick={() => a.run(both('goingToCell'), () => selectCell(a.host, c.sheet, c.row, c.col))}
                  style={{ background: 'none', border: 0, margin: 0, padding: 0, font: 'inherit', color: 'inherit', textAlign: 'left', cursor: 'pointer', fontSize: 12 }}
                >
                  <b>
                    {c.sheet}!{c.ref}
                  </b>{' '}
                  {changeText(c, lang)}
                  {result.filterHints?.some((h) => h.address === c.address) && tx(lang, 'maybeFilter')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {active.length > 0 && (
        <section style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <Text as="h3" block weight="semibold" style={{ margin: 0 }}>
            {tx(lang, 'unseal')}
          </Text>
          {unsealAltered ? (
            <Text size={200} data-testid="signoff-no-unseal">
              {tx(lang, 'noUnsealOverAltered')}
            </Text>
          ) : (
            <>
              <Text size={200} data-testid="signoff-unseal-what">
                {tx(lang, 'unsealWhat')}
              </Text>
              <Field label={tx(lang, 'unsealName')} required>
                <Input value={unsealName} onChange={(_e, d) => setUnsealName(d.value)} data-testid="signoff-unseal-name" />
              </Field>
              <Field label={tx(lang, 'unsealReason')} required>
                <Textarea value={unsealReason} onChange={(_e, d) => setUnsealReason(d.value)} data-testid="signoff-unseal-reason" />
              </Field>
              {/* Fully signed or altered, the sign section (and its password field) is gone: unsealing needs the password too. */}
              {(state?.nextRole === null || altered) && (
                <Field label={tx(lang, 'currentPassword')}>
                  <Input type="password" value={currentPassword} onChange={(_e, d) => setCurrentPassword(d.value)} data-testid="signoff-current-password" />
                </Field>
              )}
              <div>
                <Button onClick={unseal} disabled={busy || !unsealName.trim() || !unsealReason.trim()} data-testid="signoff-unseal">
                  {tx(lang, 'unseal')}
                </Button>
              </div>
            </>
          )}
        </section>
      )}

      {state && state.records.length > 0 && (
        <section>
          <Text as="h3" block weight="semibold" style={{ margin: 0 }}>
            {tx(lang, 'history')}
          </Text>
          <ul style={{ margin: '4px 0', paddingLeft: 16 }}>
            {[...state.records].sort((x, y) => x.seq - y.seq).map((r) => (
              <RecordLine key={r.seq} r={r} lang={lang} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
