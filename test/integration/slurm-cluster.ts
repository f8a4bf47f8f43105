/**
 * A one-node Slurm cluster private to a test: its own munged (key and socket in
 * a temporary folder, so no system munge is needed or touched), slurmctld and
 * slurmd on free ports, and every state, spool, log and pid file in that same
 * folder. The daemons run in the foreground as child processes, so stop() can
 * end them by pid and wait for them; it also removes the folder.
 *
 * Needs root (SlurmUser=root, and slurmd launches the jobs) and Debian's
 * slurm-wlm and munge packages, which startCluster installs when they are
 * missing and apt-get is at hand.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  /** The cluster's temporary folder; job outputs may go here (stop() removes it). */
  dir: string;
  /** process.env plus SLURM_CONF, for any Slurm client command. */
  env: NodeJS.ProcessEnv;
  /** Runs sbatch against this cluster; `env` is added to the cluster's. */
  sbatch(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Ran>;
  /** Cancels what is still queued, ends the daemons, removes the folder. */
  stop(): Promise<void>;
}

const PACKAGES = 'apt-get install -y slurm-wlm munge';
const COMMANDS = ['sbatch', 'sinfo', 'squeue', 'scancel', 'slurmctld', 'slurmd', 'munged'];
const PARTITION = 'debug';
const START_TIMEOUT_MS = 60_000;

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Installs slurm-wlm and munge when a command is missing (apt-get update only
 * if a first try fails). Their postinst may start the system's munged; this
 * cluster does not use it.
 */
function ensureInstalled(): void {
  if (process.getuid?.() !== 0) throw new Error(`the Slurm test must run as root (it starts slurmctld with SlurmUser=root); it needs: ${PACKAGES}`);
  const missing = COMMANDS.filter((c) => !has(c));
  if (missing.length === 0) return;
  const hint = `the Slurm test needs ${missing.join(', ')}; install them with: ${PACKAGES}`;
  if (!has('apt-get')) throw new Error(`${hint} (no apt-get here)`);
  const apt = (...args: string[]) => spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let install = apt('install', '-y', 'slurm-wlm', 'munge');
  if (install.status !== 0 && apt('update').status === 0) install = apt('install', '-y', 'slurm-wlm', 'munge');
  if (install.status !== 0) throw new Error(`${hint}; apt-get failed:\n${install.stderr.slice(-2000)}`);
}

/** Two distinct TCP ports nothing listens on now (the OS picks them; both held open while it does). */
async function freePorts(): Promise<[number, number]> {
  const servers = [createServer(), createServer()];
  await Promise.all(servers.map((s) => new Promise((resolve, reject) => s.once('error', reject).listen(0, () => resolve(null)))));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return [ports[0], ports[1]];
}

/** The last lines of a file under a header; '' for a file that is absent or empty. */
function tail(file: string, lines = 25): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8').trimEnd() : '';
  return text && `--- ${path.basename(file)} ---\n${text.split('\n').slice(-lines).join('\n')}\n`;
}

/**
 * slurm.conf for one node, this host, with `cpus` CPUs; file names inside `dir`.
 * No log files: in the foreground (-D) the daemons log to stderr, captured.
 * MinJobAge stays at its default (300 s): `sbatch --wait` then polls 2 s, 10 s,
 * 42 s after submitting and every 32 s on; a lower one would let slurmctld purge
 * an array task that failed early before sbatch reads its exit code (exit 0).
 */
function slurmConf(dir: string, host: string, cpus: number, ports: [number, number], mungeSocket: string): string {
  const at = (name: string) => path.join(dir, name);
  return `ClusterName=ple-test
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${mungeSocket}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=${at('state')}
SlurmdSpoolDir=${at('spool')}
SlurmctldPidFile=${at('slurmctld.pid')}
SlurmdPidFile=${at('slurmd.pid')}
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN
PartitionName=${PARTITION} Nodes=${host} Default=YES MaxTime=INFINITE State=UP
`;
}

/** Runs a command to its end, collecting what it printed. */
function collect(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Ends a child process: SIGTERM, then SIGKILL if it is still there after 10 s. */
async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(late);
}

export async function startCluster(): Promise<Cluster> {
  ensureInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ple-slurm-'));
  const conf = path.join(dir, 'slurm.conf');
  const env = { ...process.env, SLURM_CONF: conf };
  const daemons: ChildProcess[] = [];
  // A daemon's stdout and stderr go to <name>.out: all a slurm daemon logs, what munged says before its log opens.
  const daemon = (name: string, args: string[]) => {
    const fd = openSync(path.join(dir, `${name}.out`), 'a');
    daemons.push(spawn(name, args, { env, stdio: ['ignore', fd, fd] }));
    closeSync(fd);
  };
  const logs = () => ['munged.out', 'munged.log', 'slurmctld.out', 'slurmd.out'].map((f) => tail(path.join(dir, f))).join('');

  const cluster: Cluster = {
    dir,
    env,
    sbatch: (args, options = {}) => collect('sbatch', args, { cwd: options.cwd, env: { ...env, ...options.env } }),
    async stop() {
      // Jobs still running (a test that failed mid-way) would leave slurmstepd and their processes behind.
      if (daemons.length > 1) {
        spawnSync('scancel', ['--quiet', `--partition=${PARTITION}`], { env });
        for (let i = 0; i < 30; i++) {
          const queue = spawnSync('squeue', ['-h'], { env, encoding: 'utf8' });
          if (queue.status !== 0 || queue.stdout.trim() === '') break;
          await sleep(500);
        }
      }
      for (const child of [...daemons].reverse()) await end(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    // munged: a fresh key (only root may read it) and a socket of its own.
    const key = path.join(dir, 'munge.key');
    const socket = path.join(dir, 'munge.socket');
    const made = has('mungekey')
      ? spawnSync('mungekey', ['--create', `--keyfile=${key}`])
      : spawnSync('dd', ['if=/dev/urandom', `of=${key}`, 'bs=1', 'count=1024']);
    if (made.status !== 0) throw new Error(`could not create the munge key: ${made.stderr}`);
    chmodSync(key, 0o400);
    daemon('munged', ['--foreground', '--force', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${path.join(dir, 'munged.pid')}`, `--log-file=${path.join(dir, 'munged.log')}`, `--seed-file=${path.join(dir, 'munged.seed')}`]);
    for (let waited = 0; !existsSync(socket); waited += 100) {
      if (waited > 10_000 || daemons[0].exitCode !== null) throw new Error(`munged did not start:\n${logs()}`);
      await sleep(100);
    }

    mkdirSync(path.join(dir, 'state'));
    mkdirSync(path.join(dir, 'spool'));
    const host = os.hostname().split('.')[0];
    writeFileSync(conf, slurmConf(dir, host, os.cpus().length, await freePorts(), socket));
    daemon('slurmctld', ['-D', '-f', conf]);
    daemon('slurmd', ['-D', '-f', conf]);

    // Ready once the node reports idle; a daemon that exits ends the wait at once.
    const started = Date.now();
    for (;;) {
      const state = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout?.trim();
      if (state === 'idle') return cluster;
      const dead = daemons.find((d) => d.exitCode !== null || d.signalCode !== null);
      if (dead) throw new Error(`${dead.spawnargs[0]} exited (${dead.exitCode ?? dead.signalCode}) before the node was idle:\n${logs()}`);
      if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`the Slurm node was not idle after ${START_TIMEOUT_MS / 1000} s (sinfo: "${state}"):\n${logs()}`);
      await sleep(500);
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
