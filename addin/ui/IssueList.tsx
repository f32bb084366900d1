import { Badge, Text } from '@fluentui/react-components';
import type { Issue } from '../../domain/issues';
import { formatLocation } from '../../domain/issues';
import { selectCell } from '../excel/select';
import { both, count, p, t } from './i18n';
import { useAnjie } from './context';

const SHOWN = 300;

/** How many errors and warnings (or 没有发现问题): the line a panel puts in its live result region. */
export function IssueCounts(props: { issues: readonly Issue[] }) {
  const { lang } = useAnjie();
  const errors = props.issues.filter((i) => i.severity === 'error').length;
  const warnings = props.issues.length - errors;
  if (props.issues.length === 0) {
    return (
      <Text data-testid="issues-none" size={200}>
        {t(lang, 'noIssues')}
      </Text>
    );
  }
  return (
    <Text size={200} data-testid="issue-counts">
      {count(errors)} {t(lang, 'errors')} · {count(warnings)} {t(lang, 'warnings')} — {t(lang, 'issueClick')}
    </Text>
  );
}

/**
 * A panel's heading over the problems its last run found (计算费用's 无法计算, 生成进度表's 无法判断)
 * and their counts, for its live result region; nothing when there are none. `id` names the test ids.
 */
export function ProblemsSummary(props: { id: string; heading: string; issues: readonly Issue[] | null | undefined }) {
  if (!props.issues || props.issues.length === 0) return null;
  return (
    <div data-testid={`${props.id}-problems`} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Text weight="semibold" size={200} data-testid={`${props.id}-problems-head`}>
        {props.heading}
      </Text>
      <IssueCounts issues={props.issues} />
    </div>
  );
}

/**
 * Severity, message and location of each issue; clicking one selects its cell in Excel. With
 * `counts={false}` the panel shows IssueCounts itself, in its live region, and the list stays out
 * of it (a screen reader reads the counts, not every problem).
 */
export function IssueList(props: { issues: readonly Issue[]; counts?: boolean }) {
  const a = useAnjie();
  const { lang } = a;
  const counts = props.counts !== false && <IssueCounts issues={props.issues} />;
  if (props.issues.length === 0) return counts || null;
  return (
    <div data-testid="issues" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      {counts}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
        {props.issues.slice(0, SHOWN).map((issue, k) => {
          const loc = issue.location;
          const clickable = !!(loc.sheet && loc.row && loc.column);
          return (
            <li key={k}>
              <button
                type="button"
                data-testid="issue"
                data-cell={clickable ? `${loc.sheet}!${loc.column}${loc.row}` : ''}
                disabled={!clickable}
                onClick={() => clickable && a.run(both('goingToCell'), () => selectCell(a.host, loc.sheet!, `${loc.column}${loc.row}`))}
                // Not `all: unset`: that also took the focus ring away, so tabbing through the list showed nothing.
                style={{
                  background: 'none',
                  border: 0,
                  margin: 0,
                  font: 'inherit',
                  color: 'inherit',
                  textAlign: 'left',
                  cursor: clickable ? 'pointer' : 'default',
                  display: 'flex',
                  gap: 6,
                  alignItems: 'baseline',
                  padding: '2px 4px',
                  borderRadius: 4,
                  width: '100%',
                  boxSizing: 'border-box',
                }}
              >
                <Badge size="small" style={{ flexShrink: 0 }} color={issue.severity === 'error' ? 'danger' : 'warning'} appearance="filled">
                  {t(lang, issue.severity === 'error' ? 'severityError' : 'severityWarning')}
                </Badge>
                <span style={{ fontSize: 12 }}>
                  {issue.message[lang]}
                  <span style={{ color: '#616161' }}> · {formatLocation(loc)}{loc.columnHeader ? `${p(lang).open}${loc.columnHeader}${p(lang).close}` : ''}</span>
                  {/* What to do about it, as the cell note and `anjie validate` say it (查册: search, then enter the date). */}
                  {issue.fix && <span data-testid="issue-fix" style={{ display: 'block', color: '#616161' }}>{`${t(lang, 'fix')}${issue.fix[lang]}`}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {props.issues.length > SHOWN && (
        <Text size={200}>
          … {count(props.issues.length - SHOWN)} {lang === 'zh' ? '条未显示' : 'more not shown'}
        </Text>
      )}
    </div>
  );
}
