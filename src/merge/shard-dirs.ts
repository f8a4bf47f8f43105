import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { UserError } from '../errors';
import { FILES } from '../results/layout';
import { backendIdentity } from '../results/provenance';
import { runContents, type RunContents } from '../run/run-jobs';
import { differingPaths } from './json-diff';
import { exists } from '../fs/exists';

/** A shard's directory given to `ple merge`, read. */
export interface ShardDir {
  /** as the user typed it */
  arg: string;
  runDir: string;
  contents: RunContents;
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(dir, e.name));
}

/** The run in what was given: a run directory, or a shard's results folder (`--shard-out DIR`) holding exactly one run. */
export async function locateRun(arg: string, cwd: string): Promise<string> {
  const dir = path.resolve(cwd, arg);
  if (await exists(path.join(dir, FILES.manifest))) return dir;
  const runs = [];
  for (const configDir of await subdirs(dir)) {
    for (const runDir of await subdirs(configDir)) if (await exists(path.join(runDir, FILES.manifest))) runs.push(runDir);
  }
  if (runs.length === 1) return runs[0];
  if (runs.length === 0) throw new UserError(`${arg}: not a run directory (no ${FILES.manifest}) and no run under it (expected DIR/<config>/<run id>/ as --shard-out DIR writes)`);
  throw new UserError(`${arg}: holds ${runs.length} runs (${runs.map((r) => path.relative(dir, r)).join(', ')}); name the run directory of each shard`);
}

export async function readShardDirs(args: readonly string[], cwd: string): Promise<ShardDir[]> {
  const dirs = [];
  for (const arg of args) {
    const runDir = await locateRun(arg, cwd);
    dirs.push({ arg, runDir, contents: await runContents(runDir) });
  }
  return dirs;
}

const SHOWN_PATHS = 8;

/**
 * What keeps shard directories from being one run, one line per difference,
 * naming the first directory and the one that differs: the resolved config
 * of every point (as dotted paths), the sweep, the ple version, the data file
 * of every world and the backend.
 */
export function shardMismatches(dirs: readonly ShardDir[]): string[] {
  const [first, ...rest] = dirs;
  const lines: string[] = [];
  const m0 = first.contents.manifest;
  for (const other of rest) {
    const m = other.contents.manifest;
    const vs = `${first.arg} vs ${other.arg}`;
    const name = path.basename(first.runDir).split('-').at(-1) !== path.basename(other.runDir).split('-').at(-1);
    const points = differingPaths(first.contents.points.map((p) => p.key), other.contents.points.map((p) => p.key));
    if (points.length) lines.push(`sweep points differ (${vs})`);
    else {
      for (const [i, p] of first.contents.points.entries()) {
        const diff = differingPaths(p.config, other.contents.points[i].config);
        if (diff.length) lines.push(`resolved config${p.key ? ` of point ${p.key}` : ''} differs at ${diff.slice(0, SHOWN_PATHS).join(', ')}${diff.length > SHOWN_PATHS ? ` and ${diff.length - SHOWN_PATHS} more` : ''} (${vs})`);
      }
    }
    if (name && lines.length === 0) lines.push(`the runs' config hashes differ: ${path.basename(first.runDir)} vs ${path.basename(other.runDir)}`);
    if (m0.versions.ple !== m.versions.ple) lines.push(`ple version: ${m0.versions.ple} vs ${m.versions.ple} (${vs})`);
    if (m0.data.sha256 !== m.data.sha256) lines.push(`data file (sha256): ${m0.data.sha256.slice(0, 12)}… vs ${m.data.sha256.slice(0, 12)}… (${vs})`);
    for (const w of m.worlds ?? []) {
      const w0 = m0.worlds?.find((x) => x.seed === w.seed);
      if (w0 && w0.sha256 !== w.sha256) lines.push(`data of world ${w.seed} (sha256): ${w0.sha256.slice(0, 12)}… vs ${w.sha256.slice(0, 12)}… (${vs})`);
    }
    if (backendIdentity(m0.backend) !== backendIdentity(m.backend)) lines.push(`backend: "${m0.backend}" vs "${m.backend}" (${vs})`);
  }
  return lines;
}
