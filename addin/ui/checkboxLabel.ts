import { tokens } from '@fluentui/react-components';

/**
 * A Checkbox label in the text colour, ticked or not: Fluent greys an unticked one, and the desk
 * read the unticked sheets in 签核 as ones it could not choose.
 */
export function checkboxLabel(text: string) {
  return { children: text, style: { color: tokens.colorNeutralForeground1 } };
}
