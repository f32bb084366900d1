import * as React from 'react';
import { Button, Checkbox, Label } from '@fluentui/react-components';
import type { Lang } from '../../domain/sheets/description';
import { choiceLabel } from '../ui/choiceLabel';
import { count } from '../ui/i18n';

const TEXT = {
  sheets: { zh: '签核的工作表', en: 'Sheets to sign' },
  units: (n: number) => ({ zh: `各户查册表（${count(n)} 张）`, en: `Title searches per unit (${count(n)} sheet${n === 1 ? '' : 's'})` }),
  oneByOne: { zh: '逐张勾选', en: 'Choose one by one' },
};

/**
 * 签核的工作表: a box per sheet, but the per-unit 查册表 (`group`) under one box, ticked, unticked
 * or mixed, that ticks or unticks them all; a disclosure, shut at first, lists them to tick singly.
 * A box per unit was 3,000 boxes to tick for a large project, the 签核 button far below them.
 */
export function SheetChoice(props: { lang: Lang; sheets: readonly string[]; group: readonly string[]; chosen: readonly string[]; onChange: (update: (old: string[]) => string[]) => void }) {
  const { lang, sheets, group, chosen, onChange } = props;
  const [open, setOpen] = React.useState(false);
  const titleId = React.useId();
  const listId = React.useId();
  const inGroup = new Set(group);
  const ticked = new Set(chosen);
  const groupTicked = group.filter((s) => ticked.has(s)).length;
  const one = (s: string) => (
    <Checkbox
      key={s}
      label={choiceLabel(s)}
      checked={ticked.has(s)}
      onChange={(_e, d) => onChange((old) => (d.checked ? [...old, s] : old.filter((x) => x !== s)))}
    />
  );
  // Mixed or unticked, the group box ticks every unit; ticked, it unticks them.
  const toggleGroup = () => onChange((old) => [...old.filter((x) => !inGroup.has(x)), ...(groupTicked === group.length ? [] : group)]);
  const label = TEXT.units(group.length)[lang];
  return (
    // A group, not a Field: a Field gave every box its one id, so the first box was named by every label and the others by none.
    <div role="group" aria-labelledby={titleId} style={{ display: 'flex', flexDirection: 'column' }}>
      <Label id={titleId} style={{ paddingBottom: 2 }}>
        {TEXT.sheets[lang]}
      </Label>
      {sheets.map((s) =>
        !inGroup.has(s) ? (
          one(s)
        ) : s !== group[0] ? null : (
          <div key="unit-sheets">
            <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap' }}>
              <Checkbox
                label={choiceLabel(label)}
                checked={groupTicked === 0 ? false : groupTicked === group.length ? true : 'mixed'}
                onChange={toggleGroup}
                data-testid="signoff-sheet-group"
              />
              <Button
                appearance="transparent"
                size="small"
                aria-expanded={open}
                aria-controls={listId}
                onClick={() => setOpen((o) => !o)}
                data-testid="signoff-group-toggle"
              >
                <span aria-hidden="true">{open ? '▾' : '▸'}</span> {TEXT.oneByOne[lang]}
              </Button>
            </div>
            {/* Scrolled within itself when open: the form below stays within reach. */}
            <div id={listId} role="group" aria-label={label} hidden={!open} style={{ display: open ? 'flex' : 'none', flexDirection: 'column', paddingLeft: 24, maxHeight: 320, overflowY: 'auto' }}>
              {open && group.map(one)}
            </div>
          </div>
        ),
      )}
    </div>
  );
}
