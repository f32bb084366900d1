import * as React from 'react';
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Tab,
  TabList,
  Text,
  webLightTheme,
} from '@fluentui/react-components';
import { t } from './i18n';
import { PanelActive, useAnjie, type TaskState } from './context';
import { LiveResult } from './LiveResult';
import type { Lang } from '../../domain/sheets/description';

// Each panel is its own chunk, loaded when its tab is first opened: the first paint needs only the shell.
const panels = {
  register: React.lazy(() => import(/* webpackChunkName: "panel-register" */ './panels/RegisterPanel')),
  progress: React.lazy(() => import(/* webpackChunkName: "panel-progress" */ './panels/ProgressPanel')),
  title: React.lazy(() => import(/* webpackChunkName: "panel-title" */ './panels/TitleSearchPanel')),
  fees: React.lazy(() => import(/* webpackChunkName: "panel-fees" */ './panels/FeesPanel')),
  signoff: React.lazy(() => import(/* webpackChunkName: "panel-signoff" */ './panels/SignoffPanel')),
};
type PanelId = keyof typeof panels;

const TABS: { id: PanelId; key: Parameters<typeof t>[1] }[] = [
  { id: 'register', key: 'tabRegister' },
  { id: 'progress', key: 'tabProgress' },
  { id: 'title', key: 'tabTitle' },
  { id: 'fees', key: 'tabFees' },
  { id: 'signoff', key: 'tabSignoff' },
];

const TAB_PADDING: React.CSSProperties = { paddingLeft: 4, paddingRight: 4 };
const EN_TAB_TEXT: React.CSSProperties = { fontSize: 12 };

/**
 * The running operation: what runs, how far, and 取消. A status region with a named progress bar, so a
 * screen reader says what started (the bar alone was an unnamed "progress bar").
 */
export function TaskStatus(props: { task: TaskState; lang: Lang; onCancel: () => void }) {
  const { task, lang } = props;
  const label = task.label[lang];
  return (
    <div data-testid="task" role="status" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Text size={200}>
        {label}
        {task.progress ? ` ${task.progress.done} / ${task.progress.total}` : ''}
      </Text>
      <ProgressBar aria-label={label} value={task.progress ? task.progress.done / Math.max(1, task.progress.total) : undefined} />
      <div>
        <Button size="small" data-testid="cancel" onClick={props.onCancel}>
          {t(lang, 'cancel')}
        </Button>
      </div>
    </div>
  );
}

export function App() {
  const a = useAnjie();
  const [tab, setTab] = React.useState<PanelId>('register');
  // The tabs opened so far: each stays mounted (hidden when another is shown), so switching tabs
  // does not throw away a panel's results.
  const [opened, setOpened] = React.useState<PanelId[]>(['register']);
  const show = (id: PanelId) => {
    setTab(id);
    setOpened((o) => (o.includes(id) ? o : [...o, id]));
  };
  const { lang } = a;
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }} lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <div style={{ padding: '8px 12px', display: 'flex', flexDirection: 'column', gap: 8 }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <Text weight="semibold" size={400} data-testid="app-title">
            {t(lang, 'appTitle')}
          </Text>
          <Button size="small" appearance="subtle" data-testid="lang-switch" onClick={() => a.setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t(lang, 'switchLang')}
          </Button>
        </div>
        {/*
          One row at Excel's 350 px pane in both languages: tabs 4 px apart, English labels short and
          at 12 px (at 14 px they took two rows); Chinese keeps 14 px. A wider font wraps a tab to a
          second row rather than hide it.
        */}
        <TabList size="small" style={{ flexWrap: 'wrap' }} selectedValue={tab} onTabSelect={(_e, d) => show(d.value as PanelId)} disabled={!!a.task}>
          {TABS.map((x) => (
            <Tab key={x.id} value={x.id} data-testid={`tab-${x.id}`} style={TAB_PADDING} content={lang === 'en' ? { style: EN_TAB_TEXT } : undefined}>
              {t(lang, x.key)}
            </Tab>
          ))}
        </TabList>
        {a.task && <TaskStatus task={a.task} lang={lang} onCancel={a.cancel} />}
        {/* Why the last run failed or stopped is read out too (Fluent's MessageBar announces nothing without an announcer). */}
        <LiveResult testId="run-outcome">
          {a.error && (
            <MessageBar intent={a.cancelled ? 'info' : 'error'} data-testid={a.cancelled ? 'cancelled' : 'error'}>
              <MessageBarBody>{a.error[lang]}</MessageBarBody>
              <MessageBarActions>
                <Button size="small" appearance="transparent" onClick={a.clearError}>
                  {t(lang, 'dismiss')}
                </Button>
              </MessageBarActions>
            </MessageBar>
          )}
        </LiveResult>
        <React.Suspense fallback={<Spinner size="tiny" label={t(lang, 'loading')} />}>
          {opened.map((id) => {
            const Panel = panels[id];
            return (
              <div key={id} hidden={id !== tab} data-testid={`tabpanel-${id}`}>
                <PanelActive.Provider value={id === tab}>
                  <Panel />
                </PanelActive.Provider>
              </div>
            );
          })}
        </React.Suspense>
      </div>
    </FluentProvider>
  );
}
