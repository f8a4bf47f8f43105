let installed = false;

/**
 * A reader that goes away (`ple compare --json | head`) is not an error:
 * what ple still prints to stdout is dropped, the command finishes (a run
 * keeps training and saving), and nothing is reported. Any other stdout
 * error is said once on stderr.
 */
export function ignoreClosedStdout(): void {
  if (installed) return;
  installed = true;
  let said = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || said) return;
    said = true;
    process.stderr.write(`ple: cannot write to stdout (${err.code ?? err.message})\n`);
  });
}
