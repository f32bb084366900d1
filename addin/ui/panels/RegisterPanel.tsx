import * as React from 'react';
import { Button, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import type { Lang } from '../../../domain/sheets/description';
import type { Bilingual } from '../../../domain/text';
import { checkRequirements } from '../../excel/requirements';
import { findRegister, type RegisterLocation } from '../../excel/registerRead';
import { createRegister, validateRegisterInExcel } from '../../services/actions';
import { registerHeaderRank } from '../../services/register';
import { useAnjie, usePanelActive } from '../context';
import { both, count, inBoth, p, t } from '../i18n';
import { IssueCounts, IssueList } from '../IssueList';
import { LiveResult } from '../LiveResult';

/** 台账: find or create the register; validate it (issues listed and highlighted in the sheet). */
export default function RegisterPanel() {
  const a = useAnjie();
  const { lang } = a;
  const [loc, setLoc] = React.useState<RegisterLocation | null | undefined>(undefined);
  const [summary, setSummary] = React.useState<Bilingual | null>(null);
  // 创建台账 goes once the register is found: the keyboard moves on to 校验台账 instead of being left on the page.
  const validateButton = React.useRef<HTMLButtonElement>(null);
  const created = React.useRef(false);
  React.useEffect(() => {
    if (loc && created.current) {
      created.current = false;
      validateButton.current?.focus();
    }
  }, [loc]);
  const noNotes = React.useMemo(() => checkRequirements(a.host).missingOptional.includes('notes'), [a.host]);

  const active = usePanelActive();
  React.useEffect(() => {
    if (!active) return; // hidden: looked up again when shown
    let live = true;
    findRegister(a.host, registerHeaderRank).then(
      (l) => live && setLoc(l),
      () => live && setLoc(null),
    );
    return () => {
      live = false;
    };
  }, [a.host, a.revision, active]);

  // A new run replaces what the last one said: no earlier 校验完成 beside a new failure.
  const create = () =>
    a.run(both('registerCreating'), async (control) => {
      setSummary(null);
      const r = await createRegister(a.host, lang, control);
      created.current = true;
      setSummary(inBoth((l) => `${t(l, 'registerCreated')}${p(l).colon}${r.sheet}`));
    });

  const validate = () =>
    a.run(both('registerValidating'), async (control) => {
      setSummary(null);
      a.setIssues(null);
      const r = await validateRegisterInExcel(a.host, lang, control);
      a.setIssues(r.register.issues);
      const locked = (l: Lang) => (r.highlight.locked.length ? ` · ${t(l, 'lockedSheets')}${r.highlight.locked.join(p(l).comma)}` : '');
      setSummary(inBoth((l) => `${t(l, 'validated')}${p(l).colon}${count(r.register.rows)} ${t(l, 'unitRows')}${locked(l)}`));
    });

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="panel-register">
      {loc === undefined ? null : loc ? (
        <Text size={200} data-testid="register-location">
          {t(lang, 'registerFound')}{p(lang).colon}{loc.sheet}{p(lang).comma}{t(lang, 'headerRow')} {loc.headerRow + 1}{lang === 'zh' ? ' 行' : ''}
        </Text>
      ) : (
        <MessageBar intent="info" data-testid="register-none">
          <MessageBarBody>{t(lang, 'registerNone')}</MessageBarBody>
        </MessageBar>
      )}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {loc === null && (
          <Button appearance="primary" data-testid="register-create" onClick={create} disabled={!!a.task}>
            {t(lang, 'registerCreate')}
          </Button>
        )}
        <Button ref={validateButton} appearance={loc ? 'primary' : 'secondary'} data-testid="register-validate" onClick={validate} disabled={!!a.task || !loc}>
          {t(lang, 'registerValidate')}
        </Button>
      </div>
      <LiveResult testId="register-result">
        {summary && (
          <Text size={200} data-testid="register-summary">
            {summary[lang]}
          </Text>
        )}
        {a.issues && noNotes && (
          <Text size={200} data-testid="no-notes">
            {t(lang, 'noNotes')}
          </Text>
        )}
        {a.issues && <IssueCounts issues={a.issues} />}
      </LiveResult>
      {a.issues && <IssueList issues={a.issues} counts={false} />}
    </div>
  );
}
