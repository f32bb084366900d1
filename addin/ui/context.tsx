import * as React from 'react';
import type { Issue } from '../../domain/issues';
import type { Bilingual } from '../../domain/text';
import type { Lang } from '../../domain/sheets/description';
import type { Progress } from '../excel/requests';
import { AddinError, explainError } from '../excel/errors';
import type { ExcelHost } from '../excel/host';

export interface TaskState {
  /** Both languages: a switch while the task runs renders it in the new one. */
  label: Bilingual;
  progress: Progress | null;
}

export interface Anjie {
  host: ExcelHost;
  lang: Lang;
  setLang: (l: Lang) => void;
  /** The running operation (one at a time), with its progress. */
  task: TaskState | null;
  /** Runs a long operation: progress shown, cancellable, errors shown in plain words. */
  run: <T>(label: Bilingual, work: (control: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<T>) => Promise<T | undefined>;
  cancel: () => void;
  error: Bilingual | null;
  /** True when the last operation was cancelled by the person (shown as information, not an error). */
  cancelled: boolean;
  clearError: () => void;
  /** Bumped after anything writes to the workbook (the preview redraws on it). */
  revision: number;
  /** The last register validation's issues (the sign-off panel refuses to sign while errors remain). */
  issues: Issue[] | null;
  setIssues: (issues: Issue[] | null) => void;
}

const Ctx = React.createContext<Anjie | null>(null);

/**
 * Whether the panel is the tab shown. A panel once opened stays mounted while another tab is shown,
 * so what it last did (results, lists, choices) is still there on coming back; a hidden panel does
 * not read the workbook, and reads it afresh when shown again.
 */
export const PanelActive = React.createContext(true);

export function usePanelActive(): boolean {
  return React.useContext(PanelActive);
}

/** The pane's shared state; the sign-off panel (issue 8) uses it too. */
export function useAnjie(): Anjie {
  const v = React.useContext(Ctx);
  if (!v) throw new Error('useAnjie outside AnjieProvider');
  return v;
}

export function AnjieProvider(props: { host: ExcelHost; initialLang: Lang; children: React.ReactNode; onChange?: () => void }) {
  const [lang, setLang] = React.useState<Lang>(props.initialLang);
  const [task, setTask] = React.useState<TaskState | null>(null);
  const [error, setError] = React.useState<Bilingual | null>(null);
  const [cancelled, setCancelled] = React.useState(false);
  const [revision, setRevision] = React.useState(0);
  const [issues, setIssues] = React.useState<Issue[] | null>(null);
  const abort = React.useRef<AbortController | null>(null);
  const { onChange } = props;

  const run = React.useCallback<Anjie['run']>(
    async (label, work) => {
      if (abort.current) return undefined; // one operation at a time
      const ctl = new AbortController();
      abort.current = ctl;
      setError(null);
      setCancelled(false);
      setTask({ label, progress: null });
      try {
        return await work({ signal: ctl.signal, onProgress: (p) => setTask({ label, progress: p }) });
      } catch (e) {
        setError(explainError(e));
        setCancelled(e instanceof AddinError && e.kind === 'cancelled');
        if (!(e instanceof AddinError)) console.error(e);
        return undefined;
      } finally {
        abort.current = null;
        setTask(null);
        setRevision((r) => r + 1);
        onChange?.();
      }
    },
    [onChange],
  );

  const value: Anjie = {
    host: props.host,
    lang,
    setLang,
    task,
    run,
    cancel: () => abort.current?.abort(),
    error,
    cancelled,
    clearError: () => setError(null),
    revision,
    issues,
    setIssues,
  };
  return <Ctx.Provider value={value}>{props.children}</Ctx.Provider>;
}
