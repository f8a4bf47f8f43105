/** `npm run bench`: every benchmark in turn (data, training, native kernels, a step's profile, tfjs-layers against direct ops, a whole study). */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

for (const name of ['data', 'train', 'native', 'step-profile', 'layers', 'study']) {
  console.log(`\n== bench:${name} ==`);
  const result = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
