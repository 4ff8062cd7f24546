/** Applies one `--flag value` to the options; `undefined` when the flag is unknown. Throws on a bad value. */
export type FlagHandler<T> = (options: T, flag: string, value: string) => T | undefined;

/**
 * Parses a bench command line: `--smoke` picks the short defaults, then every `--flag value` pair is applied
 * in order. An unknown flag, a flag without a value or a bad value throws with the usage text.
 */
export function parseCommandLine<T>(
  argv: readonly string[],
  defaults: { readonly full: T; readonly smoke: T },
  apply: FlagHandler<T>,
  usage: string,
): T {
  let options = argv.includes('--smoke') ? defaults.smoke : defaults.full;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--smoke') {
      continue;
    }
    const value = argv[++i];
    if (value === undefined) {
      throw new Error(`${flag} needs a value\n${usage}`);
    }
    const next = apply(options, flag, value);
    if (next === undefined) {
      throw new Error(`unknown option ${flag}\n${usage}`);
    }
    options = next;
  }
  return options;
}

/** The value of a flag that takes a number greater than 0; throws naming the flag otherwise. */
export function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`${flag} must be a positive number (got ${value})`);
  }
  return n;
}

/** The value of a flag that takes a number of 0 or more; throws naming the flag otherwise. */
export function nonNegative(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`${flag} must be a number, 0 or more (got ${value})`);
  }
  return n;
}

/** The value of a flag that takes a whole number greater than 0; throws naming the flag otherwise. */
export function wholeCount(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`${flag} must be a positive whole number (got ${value})`);
  }
  return n;
}
