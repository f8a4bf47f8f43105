const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

type StopSignal = keyof typeof EXIT_CODES;

export interface Interruption {
  /** aborted at the first signal */
  signal: AbortSignal;
  /** 128 + the number of the signal that stopped the run (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP) */
  exitCode(): number;
  dispose(): void;
}

/**
 * Ctrl-C, SIGTERM (a scheduler, `kill`, a container stopping) and SIGHUP (the
 * terminal closing) all stop a run the same way: the first says so on stderr
 * and aborts, so finished jobs are kept and the lock released; a second
 * quits at once with its exit code.
 */
export function stopOnSignals(write: (text: string) => void): Interruption {
  const controller = new AbortController();
  let received: StopSignal = 'SIGINT';
  const handlers = (Object.keys(EXIT_CODES) as StopSignal[]).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(EXIT_CODES[name]);
      received = name;
      const again = name === 'SIGINT' ? 'Ctrl-C' : name;
      write(`\nstopping (${name}): finished jobs are kept (${again} again to quit at once)\n`);
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => EXIT_CODES[received],
    dispose: () => handlers.forEach(([name, handler]) => process.off(name, handler)),
  };
}
