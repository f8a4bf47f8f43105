import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireLock, LockHeldError, type LockHolder } from '../../src/fs/lock';

const DEAD_PID = 999999999; // above any pid_max: never a running process
const dir = mkdtempSync(path.join(os.tmpdir(), 'ple-lock-'));
let n = 0;
const lockFile = () => path.join(dir, `l${++n}`, 'run.lock');
const holder = (over: Partial<LockHolder>): string =>
  JSON.stringify({ pid: DEAD_PID, host: os.hostname(), started_at: new Date().toISOString(), command: 'ple run configs/x.yaml', token: 'feedbeef', ...over });

describe('acquireLock', () => {
  it('creates the lock file with pid, host, start time and command, and removes it on release', async () => {
    const file = lockFile();
    const lock = await acquireLock(file, { what: 'the run' });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    expect(stored).toMatchObject({ pid: process.pid, host: os.hostname(), token: lock.holder.token });
    expect(Date.parse(stored.started_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(stored.command).toMatch(/\S/);
    await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second holder at once, naming the first', async () => {
    const file = lockFile();
    const first = await acquireLock(file, { what: 'results/x/1' });
    await expect(acquireLock(file, { what: 'results/x/1', busyHint: 'wait for it' })).rejects.toThrow(
      new RegExp(`results/x/1: in use by another ple \\(pid ${process.pid} on this host, since .*\\); wait for it`),
    );
    await expect(acquireLock(file, { what: 'results/x/1' })).rejects.toBeInstanceOf(LockHeldError);
    await first.release();
  });

  it('with wait, takes the lock once its holder lets go', async () => {
    const file = lockFile();
    const first = await acquireLock(file, { what: 'data/x.arrow' });
    const notices: string[] = [];
    const second = acquireLock(file, { what: 'data/x.arrow', wait: true, notice: (m) => notices.push(m) });
    await new Promise((r) => setTimeout(r, 150));
    await first.release();
    const lock = await second;
    expect(notices).toEqual([expect.stringMatching(/^waiting for pid \d+ on this host.* to finish with data\/x\.arrow$/)]);
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe(lock.holder.token);
    await lock.release();
  });

  it.each([
    ['whose process is gone', { pid: DEAD_PID }, /pid 999999999 no longer runs/],
    ['taken before this host last booted', { pid: process.pid, started_at: '2000-01-01T00:00:00.000Z' }, /taken before this host last booted/],
  ])('takes over a lock %s, and says so', async (_name, over, pattern) => {
    const file = lockFile();
    await acquireLock(file, { what: 'x' }).then((l) => l.release()); // makes the folder
    writeFileSync(file, holder(over));
    const notices: string[] = [];
    const lock = await acquireLock(file, { what: 'results/x/1', notice: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(pattern)]);
    expect(notices[0]).toMatch(/took over the lock of results\/x\/1 .*it ran "ple run configs\/x\.yaml"/);
    await lock.release();
  });

  it('of many processes that find one stale lock at once, exactly one takes it over', async () => {
    const file = lockFile();
    await acquireLock(file, { what: 'x' }).then((l) => l.release());
    writeFileSync(file, holder({}));
    const tries = await Promise.allSettled(Array.from({ length: 8 }, () => acquireLock(file, { what: 'x' })));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    expect(tries.filter((t) => t.status === 'rejected').every((t) => (t as PromiseRejectedResult).reason instanceof LockHeldError)).toBe(true);
    await (tries.find((t) => t.status === 'fulfilled') as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it('never takes over a lock that is not a lock ple wrote, and leaves it as it is', async () => {
    const file = lockFile();
    await acquireLock(file, { what: 'x' }).then((l) => l.release());
    writeFileSync(file, 'my notes\n');
    await expect(acquireLock(file, { what: 'the run', wait: true })).rejects.toThrow(/locked by .*run\.lock, which is not a lock ple can read; if no ple works there, remove that file/);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
  });

  describe('a lock held on another host (a shard on another node of a cluster)', () => {
    const elsewhere = holder({ host: 'elsewhere.example', pid: process.pid });

    it('is refused at once while its holder refreshes it, and left as it is', async () => {
      const file = lockFile();
      await acquireLock(file, { what: 'x' }).then((l) => l.release());
      writeFileSync(file, elsewhere);
      await expect(acquireLock(file, { what: 'the run' })).rejects.toThrow(
        /locked by pid \d+ on host "elsewhere\.example".*if that one is gone, its lock is taken over once it has not been refreshed for 10 minutes \(or remove .*run\.lock\)/,
      );
      expect(readFileSync(file, 'utf8')).toBe(elsewhere);
    });

    it('with wait, is waited for like one of this host', async () => {
      const file = lockFile();
      await acquireLock(file, { what: 'x' }).then((l) => l.release());
      writeFileSync(file, elsewhere);
      const notices: string[] = [];
      const taking = acquireLock(file, { what: 'the runs', wait: true, notice: (m) => notices.push(m) });
      await new Promise((r) => setTimeout(r, 150));
      unlinkSync(file); // its holder let go
      const lock = await taking;
      expect(notices).toEqual([expect.stringMatching(/^waiting for pid \d+ on host "elsewhere\.example".* to finish with the runs$/)]);
      await lock.release();
    });

    it('is taken over once not refreshed for 10 minutes, saying so', async () => {
      const file = lockFile();
      await acquireLock(file, { what: 'x' }).then((l) => l.release());
      writeFileSync(file, elsewhere);
      const old = new Date(Date.now() - 11 * 60_000);
      utimesSync(file, old, old);
      const notices: string[] = [];
      const lock = await acquireLock(file, { what: 'results/x/1', notice: (m) => notices.push(m) });
      expect(notices).toEqual([expect.stringMatching(/took over the lock of results\/x\/1 .*host "elsewhere\.example" has not refreshed it for 11 minutes/)]);
      await lock.release();
    });
  });

  it('a holder refreshes its lock file every 30 s while it holds it, and stops when it lets go', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const file = lockFile();
      const lock = await acquireLock(file, { what: 'x' });
      const old = new Date(Date.now() - 5 * 60_000);
      utimesSync(file, old, old);
      jest.advanceTimersByTime(29_000);
      await new Promise((r) => setImmediate(r));
      expect(statSync(file).mtimeMs).toBeLessThan(old.getTime() + 1_000);
      jest.advanceTimersByTime(1_000);
      // the touch runs on libuv's thread pool: wait for it in real time (hrtime is not faked), up to 5 s on a loaded machine
      const until = process.hrtime.bigint() + 5_000_000_000n;
      while (statSync(file).mtimeMs < old.getTime() + 1_000 && process.hrtime.bigint() < until) await new Promise((r) => setImmediate(r));
      expect(statSync(file).mtimeMs).toBeGreaterThan(old.getTime() + 4 * 60_000);
      await lock.release();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('a process that exits without releasing (process.exit) removes its lock on the way out', () => {
    const file = lockFile();
    const script = `require(${JSON.stringify(path.resolve(__dirname, '../../dist/src/fs/lock.js'))}).acquireLock(${JSON.stringify(file)}, { what: 'x' }).then(() => process.exit(3))`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(3);
    expect(existsSync(file)).toBe(false);
  });
});
