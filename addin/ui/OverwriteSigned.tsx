import * as React from 'react';
import { Checkbox } from '@fluentui/react-components';
import type { Lang } from '../../domain/sheets/description';
import { AddinError } from '../excel/errors';
import { OVERWRITE_SIGNED_LABEL } from '../services/signedGuard';
import { choiceLabel } from './choiceLabel';

/**
 * The explicit 覆盖已签核 / overwrite signed choice. It appears once a generate was refused
 * because the sheet is signed (the refusal message says to tick it), or a run left signed sheets
 * as they were and says to tick it (`offer`: 查册表 of the old layout), applies to one run only
 * and is cleared after that run succeeds.
 */
export function useOverwriteSigned(lang: Lang, testId: string) {
  const [shown, setShown] = React.useState(false);
  const [checked, setChecked] = React.useState(false);
  const guarded = async <T,>(work: (overwriteSigned: boolean) => Promise<T>): Promise<T> => {
    try {
      const r = await work(shown && checked);
      setChecked(false);
      setShown(false);
      return r;
    } catch (e) {
      if (e instanceof AddinError && e.kind === 'signed') setShown(true);
      throw e;
    }
  };
  const label = lang === 'zh' ? `${OVERWRITE_SIGNED_LABEL.zh}（已签核的工作表将被重新生成，“核验签名”会显示为已改动）` : `${OVERWRITE_SIGNED_LABEL.en} (覆盖已签核): the signed sheet is regenerated and Verify signatures will report it as changed`;
  const element = shown ? <Checkbox checked={checked} onChange={(_e, d) => setChecked(d.checked === true)} label={choiceLabel(label)} data-testid={testId} /> : null;
  /** Shows the choice without a refusal first: a run that left signed sheets as they were (查册表 of the old layout) says to tick it. */
  const offer = () => setShown(true);
  return { guarded, element, offer };
}
