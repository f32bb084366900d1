/** A message shown to people: Chinese first, English second. */
export interface Bilingual {
  zh: string;
  en: string;
}

export function bi(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** "中文 / English" on one line, the form used on the command line and in reports. */
export function both(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
