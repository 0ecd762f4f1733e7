import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module with our package.json (src/ or dist/src/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('dax-review: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };

/** Name and version of the tool, as every report states them (its docs' home is configured: docs-link.ts). */
export const TOOL = {
  name: 'dax-review',
  version: pkg.version,
} as const;
