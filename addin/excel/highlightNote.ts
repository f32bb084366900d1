/**
 * The text of a cell's note while Anjie marks the cell. A cell has one note, and the person may
 * have written one already ("客户说下周补材料"), or another kind of validation may have left its
 * messages there: so Anjie never replaces a note, it adds a section of its own after what is
 * there, and on clearing removes exactly that section, giving back the note as it was.
 *
 * A note is: the person's text, then "\n\n" and the sections (when there is a text), each section
 * starting with its mark at the start of a line and separated from the next by "\n\n".
 */

export type HighlightScope = 'register' | 'titleSearch';

const SCOPE_LABEL: Record<HighlightScope, string> = { register: '台账校验', titleSearch: '查册校验' };

/** The mark of a scope's section: 【Anjie·台账校验】. */
export function sectionMark(scope: HighlightScope): string {
  return `【Anjie·${SCOPE_LABEL[scope]}】`;
}

/** Notes written before sections had scopes began with this mark and held nothing else. */
const LEGACY_MARK = '【Anjie】';

/** A mark at the start of a line. */
const MARK_AT_LINE = /(^|\n)(【Anjie[^】\n]*】)/g;

interface NoteParts {
  /** What the person wrote ('' for none). */
  own: string;
  /** Anjie's sections, each with its mark. */
  sections: string[];
}

function split(content: string): NoteParts {
  const starts: number[] = [];
  for (const m of content.matchAll(MARK_AT_LINE)) starts.push(m.index + m[1].length);
  if (!starts.length) return { own: content, sections: [] };
  let own = content.slice(0, starts[0]);
  if (starts[0] > 0) own = own.endsWith('\n\n') ? own.slice(0, -2) : own.replace(/\n$/, '');
  const sections = starts.map((s, k) => {
    const text = content.slice(s, k + 1 < starts.length ? starts[k + 1] : content.length);
    return k + 1 < starts.length ? text.replace(/\n\n$|\n$/, '') : text;
  });
  return { own, sections };
}

function join(parts: NoteParts): string {
  const body = parts.sections.join('\n\n');
  if (!parts.own) return body;
  return body ? `${parts.own}\n\n${body}` : parts.own;
}

function isScope(section: string, scope: HighlightScope): boolean {
  return section.startsWith(sectionMark(scope)) || section.startsWith(LEGACY_MARK);
}

/**
 * The note without the scope's section: null when nothing is left (delete the note), the content
 * unchanged when it has no such section.
 */
export function withoutSection(content: string, scope: HighlightScope): string | null {
  const parts = split(content);
  const kept = parts.sections.filter((s) => !isScope(s, scope));
  if (kept.length === parts.sections.length) return content;
  const rest = join({ own: parts.own, sections: kept });
  return rest === '' ? null : rest;
}

/** The note with the scope's section holding `lines` (replacing one it had), after the rest. */
export function withSection(content: string | null, scope: HighlightScope, lines: readonly string[]): string {
  const parts = split(content ?? '');
  const kept = parts.sections.filter((s) => !isScope(s, scope));
  return join({ own: parts.own, sections: [...kept, `${sectionMark(scope)}${lines.join('\n')}`] });
}

/** Does the note hold a section of this scope? */
export function hasSection(content: string, scope: HighlightScope): boolean {
  return split(content).sections.some((s) => isScope(s, scope));
}
