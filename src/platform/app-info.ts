import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { name: string; version: string; description: string } {
  // Works from src/ (tests) and dist/src/ (built) alike.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8'));
      if (pkg.name === 'tubevault') return pkg;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of tubevault not found');
    dir = parent;
  }
}

export const APP_INFO = findPackageJson();
