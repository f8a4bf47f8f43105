import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The folder of ple's own package.json, from the sources (tests) or the build (`dist/src`). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = up;
  }
  return dir;
}
