import * as React from 'react';
import { Button, Checkbox, Field, Select, Text } from '@fluentui/react-components';
import type { Issue } from '../../../domain/issues';
import type { Bilingual } from '../../../domain/text';
import { selectCell } from '../../excel/select';
import { computeFees, feeCities, rememberedCity, type Underpaid } from '../../services/fees';
import { useAnjie } from '../context';
import { choiceLabel } from '../choiceLabel';
import { both, count, inBoth, p, t } from '../i18n';
import { IssueList, ProblemsSummary } from '../IssueList';
import { DoneLines, LiveResult } from '../LiveResult';
import { useOverwriteSigned } from '../OverwriteSigned';

/** Underpaid buyers listed in the pane; the rest are on 少收名单 (the sheet the run brings to the front). */
const SHOWN = 50;

/** 费用: choose the city's rules, compute the fee ledger, list who underpaid. */
export default function FeesPanel() {
  const a = useAnjie();
  const { lang } = a;
  const cities = React.useMemo(() => feeCities(), []);
  const [city, setCity] = React.useState(cities[0]?.id ?? '');
  const picked = React.useRef(false);
  // Start from the city this workbook's ledger was computed for: computing a Guangzhou project with Beijing's rates by oversight gives a wrong 少收名单.
  React.useEffect(() => {
    let live = true;
    rememberedCity(a.host).then(
      (c) => live && c && !picked.current && setCity(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [a.host]);
  const [done, setDone] = React.useState<Bilingual | null>(null);
  const overwrite = useOverwriteSigned(lang, 'fees-overwrite-signed');
  const [underpaid, setUnderpaid] = React.useState<{ list: Underpaid[]; total: string; sheet: string } | null>(null);
  const [overpaid, setOverpaid] = React.useState<{ units: number; sheet: string } | null>(null);
  const [notices, setNotices] = React.useState<Bilingual[]>([]);
  // Full phones on 少收名单: asked for each run, off by default, cleared once the run is done (as 覆盖已签核).
  const [showPhones, setShowPhones] = React.useState(false);
  const [warnings, setWarnings] = React.useState<Bilingual[]>([]);
  const [problems, setProblems] = React.useState<Issue[] | null>(null);
  const compute = () =>
    a.run(both('feesComputing'), async (control) => {
      // A new run replaces what the last one said: no earlier 已生成 and 少收 list beside a new failure.
      setDone(null);
      setUnderpaid(null);
      setOverpaid(null);
      setNotices([]);
      setWarnings([]);
      setProblems(null);
      const r = await overwrite.guarded((overwriteSigned) => computeFees(a.host, { city, lang, overwriteSigned, showPhones }, control));
      setShowPhones(false);
      setUnderpaid({ list: r.underpaid, total: r.underpaidTotal, sheet: r.reports[1].sheet });
      setOverpaid({ units: r.overpaid, sheet: r.reports[2].sheet });
      setNotices(r.notices);
      setWarnings(r.warnings);
      setProblems(r.problems);
      // Every sheet written, by the name it went under ("按揭保证金 (2)" beside one of the desk's own): "40 户" alone named none, 按揭保证金 nowhere.
      const sheets = r.reports.map((x) => x.sheet);
      setDone(
        inBoth((l) =>
          l === 'zh'
            ? `${t(l, 'feesDone')}：${count(r.units)} 户，写入工作表${sheets.map((s) => `“${s}”`).join('、')}。`
            : `${t(l, 'feesDone')}: ${count(r.units)} units, on the sheets ${sheets.slice(0, -1).map((s) => `"${s}"`).join(', ')} and "${sheets[sheets.length - 1]}".`,
        ),
      );
    });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="panel-fees">
      <Text size={200}>{t(lang, 'feesHint')}</Text>
      <Field label={t(lang, 'feesCity')}>
        <Select value={city} onChange={(_e, d) => {
            picked.current = true;
            setCity(d.value);
          }} data-testid="fees-city">
          {cities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name[lang]}
            </option>
          ))}
        </Select>
      </Field>
      <Checkbox
        checked={showPhones}
        onChange={(_e, d) => setShowPhones(d.checked === true)}
        label={choiceLabel(t(lang, 'feesShowPhones'))}
        title={t(lang, 'feesShowPhonesHint')}
        data-testid="fees-show-phones"
      />
      {overwrite.element}
      <div>
        <Button appearance="primary" onClick={compute} disabled={!!a.task || !city} data-testid="fees-compute">
          {t(lang, 'feesCompute')}
        </Button>
      </div>
      <LiveResult testId="fees-result">
        <DoneLines id="fees" done={done} notices={notices} lang={lang} />
        {warnings.map((w, i) => (
          <Text key={i} size={200} data-testid="fees-warning" style={{ color: '#8a5300' }}>
            {w[lang]}
          </Text>
        ))}
        <ProblemsSummary id="fees" heading={t(lang, 'feesProblems')} issues={problems} />
      </LiveResult>
      {problems && problems.length > 0 && <IssueList issues={problems} counts={false} />}
      <LiveResult testId="fees-balances">
        {overpaid && overpaid.units > 0 && (
          <Text size={200} data-testid="fees-overpaid">
            {lang === 'zh'
              ? `多收 ${count(overpaid.units)} 户，需办理退还，见工作表“${overpaid.sheet}”。`
              : `${count(overpaid.units)} unit(s) overpaid, to be refunded: see the sheet "${overpaid.sheet}".`}
          </Text>
        )}
        {underpaid && underpaid.list.length === 0 && (
          <Text size={200} data-testid="fees-no-underpaid">
            {t(lang, 'feesNoUnderpaid')}
          </Text>
        )}
        {/* How many, how much and where: the bare 少收名单 heading over a long list gave neither. */}
        {underpaid && underpaid.list.length > 0 && (
          <Text weight="semibold" size={200} data-testid="fees-underpaid-head">
            {lang === 'zh'
              ? `少收 ${count(underpaid.list.length)} 户，合计 ${underpaid.total}，需通知买受人补缴，见工作表“${underpaid.sheet}”。`
              : `${count(underpaid.list.length)} unit(s) underpaid, ${underpaid.total} in all; buyers to notify: see the sheet "${underpaid.sheet}".`}
          </Text>
        )}
      </LiveResult>
      {underpaid && underpaid.list.length > 0 && (
        <div data-testid="fees-underpaid">
          <ul style={{ margin: '0 0 4px', paddingLeft: 18, fontSize: 12 }}>
            {underpaid.list.slice(0, SHOWN).map((u) => (
              <li key={u.unitKey} data-testid="underpaid">
                {/* Clicking a buyer goes to the row on 少收名单, with the phone and what is owed per fee. */}
                <button
                  type="button"
                  data-cell={u.cell ? `${underpaid.sheet}!${u.cell}` : ''}
                  disabled={!u.cell}
                  onClick={() => u.cell && a.run(both('goingToCell'), () => selectCell(a.host, underpaid.sheet, u.cell!))}
                  style={{ background: 'none', border: 0, margin: 0, padding: 0, font: 'inherit', color: 'inherit', textAlign: 'left', cursor: u.cell ? 'pointer' : 'default' }}
                >
                  {u.unitKey} {u.buyer}{p(lang).colon}{u.shortfall}
                </button>
              </li>
            ))}
          </ul>
          {underpaid.list.length > SHOWN && (
            <Text size={200} data-testid="underpaid-more">
              {lang === 'zh' ? `… 另有 ${count(underpaid.list.length - SHOWN)} 户，见工作表“${underpaid.sheet}”` : `… ${count(underpaid.list.length - SHOWN)} more on the sheet "${underpaid.sheet}"`}
            </Text>
          )}
        </div>
      )}
    </div>
  );
}
