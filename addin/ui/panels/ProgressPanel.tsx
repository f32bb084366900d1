import * as React from 'react';
import { Button, Field, Input, Text } from '@fluentui/react-components';
import type { Issue } from '../../../domain/issues';
import type { Bilingual } from '../../../domain/text';
import { generateProgress, thisWeek } from '../../services/actions';
import { useAnjie } from '../context';
import { both, count, inBoth, p, t } from '../i18n';
import { IssueList, ProblemsSummary } from '../IssueList';
import { DoneLines, LiveResult } from '../LiveResult';
import { useOverwriteSigned } from '../OverwriteSigned';

/** 进度表: choose the ISO week (default this week) and write the 按揭进度表 sheet. */
export default function ProgressPanel() {
  const a = useAnjie();
  const { lang } = a;
  const [week, setWeek] = React.useState(thisWeek());
  const [done, setDone] = React.useState<Bilingual | null>(null);
  const [notices, setNotices] = React.useState<Bilingual[]>([]);
  const [problems, setProblems] = React.useState<Issue[] | null>(null);
  const overwrite = useOverwriteSigned(lang, 'progress-overwrite-signed');
  const generate = () =>
    a.run(both('progressWriting'), async (control) => {
      // A new run replaces what the last one said: no earlier 已生成 beside a new failure.
      setDone(null);
      setNotices([]);
      setProblems(null);
      const r = await overwrite.guarded((overwriteSigned) => generateProgress(a.host, { week: week.trim(), lang, overwriteSigned }, control));
      setNotices(r.notices);
      setProblems(r.problems);
      // What was written and what comes next; the round-trip count meant nothing to the desk.
      setDone(
        inBoth((l) => `${t(l, 'progressDone')}${p(l).colon}${r.reports.map((x) => x.sheet).join(p(l).comma)}${p(l).open}${[r.project, r.week, `${count(r.lines)} ${t(l, 'rows')}`].join(p(l).comma)}${p(l).close}${l === 'zh' ? '。' : '. '}${t(l, 'progressNext')}`),
      );
    });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="panel-progress">
      <Text size={200}>{t(lang, 'progressHint')}</Text>
      <Field label={t(lang, 'week')} hint={t(lang, 'weekHint')}>
        <Input value={week} onChange={(_e, d) => setWeek(d.value)} data-testid="progress-week" />
      </Field>
      {overwrite.element}
      <div>
        <Button appearance="primary" onClick={generate} disabled={!!a.task} data-testid="progress-generate">
          {t(lang, 'progressGenerate')}
        </Button>
      </div>
      <LiveResult testId="progress-result">
        <DoneLines id="progress" done={done} notices={notices} lang={lang} />
        <ProblemsSummary id="progress" heading={t(lang, 'progressProblems')} issues={problems} />
      </LiveResult>
      {problems && problems.length > 0 && <IssueList issues={problems} counts={false} />}
    </div>
  );
}
