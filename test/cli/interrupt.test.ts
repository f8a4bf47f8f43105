import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { projectWith, tinyStudy } from '../commands/tiny-study';

const BIN = path.resolve(__dirname, '../../bin/ple');

/** Starts the built CLI, sends Ctrl-C once the first job has finished, and collects what it printed. */
function runUntilFirstJob(cwd: string, file: string, jobs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', file, '--cwd', cwd, '--jobs', String(jobs)], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && /\[1\/\d+\]/.test(stdout)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Ctrl-C during ple run', () => {
  it.each([1, 2])('with --jobs %d keeps finished jobs, exits 130 and says how to resume', async (jobs) => {
    const project = projectWith(tinyStudy({ name: `ctrl-c-${jobs}` }));
    const result = await runUntilFirstJob(project.cwd, project.file, jobs);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/resume with: ple run configs\/ctrl-c-\d\.yaml/);
    const configDir = path.join(project.cwd, 'results', `ctrl-c-${jobs}`);
    const [runId] = readdirSync(configDir);
    const runDir = path.join(configDir, runId);
    expect(existsSync(path.join(runDir, 'summary.json'))).toBe(false);
    const finished = readdirSync(path.join(runDir, 'jobs'), { recursive: true }).filter((f) => String(f).endsWith('metrics.json'));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(6);
    // nothing half-written is left behind
    const stray = readdirSync(runDir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(stray).toEqual([]);
  });
});
