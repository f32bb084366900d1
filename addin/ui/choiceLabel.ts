import { tokens } from '@fluentui/react-components';

/**
 * A Checkbox or Radio label in the text colour, chosen or not: Fluent greys an unchosen one, and
 * the desk read the unticked sheets in 签核 (and the other 查册 scope) as ones it could not choose.
 */
export function choiceLabel(text: string) {
  return { children: text, style: { color: tokens.colorNeutralForeground1 } };
}
