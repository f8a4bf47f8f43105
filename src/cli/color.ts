/**
 * Whether output to `stream` may carry colour codes: only on a terminal, and
 * never when `NO_COLOR` is set to anything but the empty string
 * (https://no-color.org). A pipe, a file or a CI log gets plain text.
 */
export function colorEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/** cli-table3's style: its default colours on a terminal, none elsewhere. */
export function tableStyle(stream?: { isTTY?: boolean }): { head: string[]; border: string[] } | undefined {
  return colorEnabled(stream) ? undefined : { head: [], border: [] };
}
