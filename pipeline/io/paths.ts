import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | null = null;

/**
 * The folder holding Anjie's package.json, templates/ and bin/ — works from sources (vitest) and
 * from lib/ (compiled). tsc copies imported JSON into lib/ (lib/package.json, lib/templates/…),
 * so a folder only counts when it also holds the launcher bin/anjie.js, which lib/ never does.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const isRoot = ['package.json', 'templates', path.join('bin', 'anjie.js')].every((f) => fs.existsSync(path.join(dir, f)));
    if (isRoot) {
      root = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Anjie: cannot find the project folder (package.json, templates/, bin/anjie.js)');
    dir = parent;
  }
}

export function templatesDir(...parts: string[]): string {
  return path.join(projectRoot(), 'templates', ...parts);
}
