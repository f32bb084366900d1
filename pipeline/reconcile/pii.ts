import { maskAccount } from '../../domain/identifiers';
import type { OpenItemJson } from '../../domain/reconcile';
import { maskPersonalText } from '../../domain/reconcile/mask';

/** Free text with ID, phone and account numbers masked unless --show-pii (domain/reconcile/mask.ts). */
export function maskText(text: string, showPii: boolean): string {
  if (showPii || !text) return text;
  return maskPersonalText(text);
}

export function maskAcct(text: string | null, showPii: boolean): string | null {
  if (!text || showPii) return text;
  return maskAccount(text);
}

/**
 * An open item as written for next month (JSON open[], _anjie_open): its memo or 摘要 and its buyer
 * name masked unless --show-pii. The name is a matching key with the personal numbers already taken
 * out (nameWithoutNumbers), so masking it changes nothing in practice and next month's run finds
 * the same key; it is masked all the same, as every other text from the inputs is.
 */
export function openItemOut(o: OpenItemJson, showPii: boolean): OpenItemJson {
  if (showPii) return o;
  return { ...o, text: maskText(o.text, false), name: o.name === null ? null : maskText(o.name, false) };
}
