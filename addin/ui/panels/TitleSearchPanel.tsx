import * as React from 'react';
import { Button, Field, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { STAGES, type StageKey } from '../../../domain/stages';
import { createTitleSearch, validateTitleSearch } from '../../services/titleSearch';
import { useAnjie } from '../context';
import { choiceLabel } from '../choiceLabel';
import { both, inBoth, p, t } from '../i18n';
import { useOverwriteSigned } from '../OverwriteSigned';
import { IssueCounts, IssueList } from '../IssueList';
import { DoneLines, LiveResult } from '../LiveResult';
import type { Issue } from '../../../domain/issues';
import type { Bilingual } from '../../../domain/text';

/** 查册: per-unit title-search sheets for the selected rows or all units past a stage; validate completed ones. */
export default function TitleSearchPanel() {
  const a = useAnjie();
  const { lang } = a;
  const [scope, setScope] = React.useState<'selected' | 'stage'>('stage');
  const [stage, setStage] = React.useState<StageKey>('mortgageRegistered');
  const [done, setDone] = React.useState<Bilingual | null>(null);
  const overwrite = useOverwriteSigned(lang, 'title-overwrite-signed');
  const [issues, setIssues] = React.useState<Issue[] | null>(null);
  const [notices, setNotices] = React.useState<Bilingual[]>([]);
  // Either run replaces what the last one said (validating, the 已创建 line of creating goes).
  const clear = () => {
    setDone(null);
    setNotices([]);
    setIssues(null);
  };
  const create = () =>
    a.run(both('titleCreating'), async (control) => {
      clear();
      const r = await overwrite.guarded((overwriteSigned) =>
        createTitleSearch(a.host, { scope: scope === 'stage' ? { kind: 'stage', stage } : { kind: 'selected' }, lang, overwriteSigned }, control),
      );
      setNotices(r.notices);
      // Old sheets left because signed: the notice says to tick 覆盖已签核, which is otherwise shown only after a refusal.
      if (r.signedOld.length) overwrite.offer();
      // A bare "15 · 查册汇总" said neither 15 what nor what to do next.
      setDone(
        inBoth((l) => {
          const zh = l === 'zh';
          const kept = r.kept.length ? `${p(l).open}${zh ? `保留已有 ${r.kept.length} 张` : `${r.kept.length} kept as filled in`}${p(l).close}` : '';
          return `${t(l, 'titleDone')}${p(l).colon}${r.created.length} ${zh ? '张' : 'sheet(s)'}${kept}${zh ? `，汇总见“${r.summary}”。` : `; summary on "${r.summary}". `}${t(l, 'titleNext')}`;
        }),
      );
    });
  const validate = () =>
    a.run(both('titleValidating'), async (control) => {
      clear();
      const r = await validateTitleSearch(a.host, lang, control);
      setIssues(r.issues);
      // Sheets of the old layout: checked, and how to give them their rows (signed ones: by 覆盖已签核, offered).
      setNotices(r.notices);
      if (r.signedOld.length) overwrite.offer();
      if (r.locked.length) setDone(inBoth((l) => `${t(l, 'lockedSheets')}${r.locked.join(p(l).comma)}`));
    });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="panel-title">
      <Text size={200}>{t(lang, 'titleHint')}</Text>
      <Field label={t(lang, 'titleScope')}>
        <RadioGroup value={scope} onChange={(_e, d) => setScope(d.value as 'selected' | 'stage')}>
          <Radio value="stage" label={choiceLabel(t(lang, 'titleStage'))} data-testid="title-scope-stage" />
          <Radio value="selected" label={choiceLabel(t(lang, 'titleSelected'))} data-testid="title-scope-selected" />
        </RadioGroup>
      </Field>
      {scope === 'stage' && (
        <Field label={t(lang, 'titleStagePick')}>
          <Select value={stage} onChange={(_e, d) => setStage(d.value as StageKey)} data-testid="title-stage">
            {STAGES.map((s) => (
              <option key={s.key} value={s.key}>
                {s.order}. {s.name[lang]}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {overwrite.element}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button appearance="primary" onClick={create} disabled={!!a.task} data-testid="title-create">
          {t(lang, 'titleCreate')}
        </Button>
        <Button onClick={validate} disabled={!!a.task} data-testid="title-validate">
          {t(lang, 'titleValidate')}
        </Button>
      </div>
      <LiveResult testId="title-result">
        <DoneLines id="title" done={done} notices={notices} lang={lang} />
        {issues && <IssueCounts issues={issues} />}
      </LiveResult>
      {issues && <IssueList issues={issues} counts={false} />}
    </div>
  );
}
