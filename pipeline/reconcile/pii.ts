import { maskAccount } from '../../domain/identifiers';
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
