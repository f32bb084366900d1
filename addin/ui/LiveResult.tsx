import * as React from 'react';
import { Text } from '@fluentui/react-components';
import type { Bilingual } from '../../domain/text';
import type { Lang } from '../../domain/sheets/description';

/**
 * Where a panel shows what its last run found or wrote (counts, problems, 已写入…): a polite live
 * region, so a screen reader reads the lines a finished run puts there. It is mounted with the
 * panel and stays empty until then, since a region created together with its text is often not
 * read. Inputs and long lists stay outside it: typing is not announced, nor are 300 problems.
 */
export function LiveResult(props: { testId: string; children?: React.ReactNode; parentGap?: number }) {
  // Empty, it takes no room: the gap of the column it sits in (parentGap) would otherwise leave a blank line.
  const empty = React.Children.toArray(props.children).length === 0;
  return (
    <div role="status" aria-live="polite" data-testid={props.testId} style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: empty ? -(props.parentGap ?? 8) : 0 }}>
      {props.children}
    </div>
  );
}

/** A run's result line and its notices, as the writing panels show them (test ids `<id>-done`, `<id>-notice`). */
export function DoneLines(props: { id: string; done: Bilingual | null; notices: readonly Bilingual[]; lang: Lang }) {
  return (
    <>
      {props.done && (
        <Text size={200} data-testid={`${props.id}-done`}>
          {props.done[props.lang]}
        </Text>
      )}
      {props.notices.map((n, i) => (
        <Text key={i} size={200} data-testid={`${props.id}-notice`}>
          {n[props.lang]}
        </Text>
      ))}
    </>
  );
}
