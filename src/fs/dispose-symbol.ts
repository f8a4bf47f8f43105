/**
 * `await using` needs `Symbol.asyncDispose`. Node defines it from 20.4 on,
 * but not in every realm (jest runs tests in VM contexts without it) nor on
 * 20.0-20.3, which `engines` allows: define it where it is missing, with
 * the registered symbol that polyfills share, as TypeScript's notes advise.
 */
const symbols = Symbol as unknown as { asyncDispose?: symbol };
symbols.asyncDispose ??= Symbol.for('Symbol.asyncDispose');

export {};
