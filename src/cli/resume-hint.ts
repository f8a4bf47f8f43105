/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that resumes an interrupted `ple run`: every word the user
 * typed, flags included, except `--fresh` (the fresh run it started is the
 * one to resume now).
 */
export function resumeCommand(argv: readonly string[]): string {
  const words = argv.filter((w) => !/^--(no-)?fresh(=.*)?$/.test(w));
  return ['ple', ...words.map(shellWord)].join(' ');
}
