import * as util from 'node:util';

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'move a file into place at',
  unlink: 'remove',
  scandir: 'list',
  stat: 'look at',
  link: 'create',
  access: 'use',
};

/**
 * The message for an error of the environment (read-only or full disk, no
 * permission, a file where a folder should be): the path, what ple tried
 * and the operating system's reason — `results/x: cannot create the folder
 * (EROFS: read-only file system)`. Undefined for anything that is not a
 * system error.
 */
export function systemErrorMessage(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (typeof e?.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const reason = (typeof e.errno === 'number' ? util.getSystemErrorMap().get(e.errno)?.[1] : undefined) ?? e.message;
  const verb = VERBS[e.syscall] ?? e.syscall;
  return `${e.path ? `${e.path}: ` : ''}cannot ${verb}${e.path ? '' : ' a file'} (${e.code}: ${reason})`;
}
