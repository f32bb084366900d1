import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | null = null;

/** The folder holding Anjie's package.json — works from sources (vitest) and from lib/ (compiled). */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'templates'))) {
      root = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Anjie: cannot find the project folder (package.json + templates/)');
    dir = parent;
  }
}

export function templatesDir(...parts: string[]): string {
  return path.join(projectRoot(), 'templates', ...parts);
}
