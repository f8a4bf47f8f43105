import * as path from 'node:path';
import { readStudy, resolveRunDir } from '../results/run-dir';
import type { RunData } from '../results/types';

/** The runs named on the command line (each sweep point counts as one), or the newest run. */
export async function loadRuns(args: string[], out: string, cwd: string): Promise<RunData[]> {
  const results = path.resolve(cwd, out);
  const names = args.length ? args : [undefined];
  const runs: RunData[] = [];
  for (const name of names) {
    const dir = await resolveRunDir(name, results, cwd);
    runs.push(...(await readStudy(dir, { testOutputs: true })).map((p) => p.run));
  }
  return runs;
}
