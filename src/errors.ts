/**
 * A problem with the user's input (config, data file, flags): the CLI prints
 * its message without a stack trace and exits with code 2.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
