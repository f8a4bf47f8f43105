import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { projectWith, tinyStudy } from '../commands/tiny-study';

const BIN = path.resolve(__dirname, '../../bin/ple');

/** Starts the built CLI, sends `signal` (if any) once the first job has finished, and collects what it printed. */
function runUntilFirstJob(cwd: string, args: string[], signal: NodeJS.Signals | null = 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args, '--cwd', cwd], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (signal && !sent && /\[1\/\d+\]/.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, killed) => resolve({ code, signal: killed, stdout, stderr }));
  });
}

function finishedJobs(runDir: string): string[] {
  return (readdirSync(path.join(runDir, 'jobs'), { recursive: true }) as string[]).filter((f) => f.endsWith('metrics.json'));
}

describe('Ctrl-C during ple run', () => {
  it.each([1, 2])('with --jobs %d keeps finished jobs, exits 130 and says how to resume', async (jobs) => {
    const project = projectWith(tinyStudy({ name: `ctrl-c-${jobs}` }));
    const result = await runUntilFirstJob(project.cwd, [project.file, '--jobs', String(jobs)]);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/resume with: ple run configs\/ctrl-c-\d\.yaml/);
    const configDir = path.join(project.cwd, 'results', `ctrl-c-${jobs}`);
    const [runId] = readdirSync(configDir).filter((d) => !d.startsWith('.'));
    const runDir = path.join(configDir, runId);
    expect(existsSync(path.join(runDir, 'summary.json'))).toBe(false);
    const finished = finishedJobs(runDir);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(6);
    // nothing half-written is left behind, and the run is not left locked
    const stray = readdirSync(runDir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(stray).toEqual([]);
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(false);
  });
});

describe('SIGTERM during ple run', () => {
  it('stops like Ctrl-C: says so, keeps finished jobs, exits 143, and the resume hint repeats every flag', async () => {
    const project = projectWith(tinyStudy({ name: 'sigterm' }));
    const flags = ['--jobs', '1', '--seeds', '2', '--models', 'single_task,ple', '--out', 'elsewhere', '--backend', 'auto'];
    const result = await runUntilFirstJob(project.cwd, [project.file, ...flags, '--fresh'], 'SIGTERM');
    expect(result.code).toBe(143);
    expect(result.stderr).toMatch(/stopping \(SIGTERM\): finished jobs are kept/);
    const hint = /resume with: (.*)/.exec(result.stderr)![1];
    expect(hint).toBe(`ple run configs/sigterm.yaml ${flags.join(' ')} --cwd ${project.cwd}`);
    const configDir = path.join(project.cwd, 'elsewhere', 'sigterm');
    const [runId] = readdirSync(configDir).filter((d) => !d.startsWith('.'));
    expect(finishedJobs(path.join(configDir, runId)).length).toBeGreaterThanOrEqual(1);
  });
});

describe('kill -9 during ple run', () => {
  it('leaves nothing a resume trusts but finished jobs: the next run takes over the lock, finishes, and trains each job once', async () => {
    const project = projectWith(tinyStudy({ name: 'kill-9' }));
    const first = await runUntilFirstJob(project.cwd, [project.file, '--jobs', '1'], 'SIGKILL');
    expect(first.signal).toBe('SIGKILL');
    const configDir = path.join(project.cwd, 'results', 'kill-9');
    const [runId] = readdirSync(configDir).filter((d) => !d.startsWith('.'));
    const runDir = path.join(configDir, runId);
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(true);
    const before = finishedJobs(runDir).length;

    const second = await runUntilFirstJob(project.cwd, [project.file, '--jobs', '1'], null);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/took over the lock of results\/kill-9\/\S+ .*no longer runs/);
    expect(second.stdout).toContain(`resuming results/kill-9/${runId}`);
    const trained = (first.stdout + second.stdout).match(/^\[\d+\/\d+\] .*$/gm)!.map((l) => l.replace(/^\[\d+\/\d+\] (\S+ seed \d+).*/, '$1'));
    expect(trained.sort()).toEqual(['mmoe seed 1', 'mmoe seed 2', 'ple seed 1', 'ple seed 2', 'single_task seed 1', 'single_task seed 2']);
    expect(finishedJobs(runDir)).toHaveLength(6);
    expect(before).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(runDir, 'summary.json'))).toBe(true);
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(false);
  });
});
