/** Options of a bench command: numbers, strings and comma-separated lists, each settable as `--kebab-name value`. */
type Options = Record<string, number | string | readonly string[]>;

/**
 * Parses a bench command line: `--smoke` applies the short defaults, then each `--flag value` pair sets the
 * option of that name (`--memory-sessions` sets `memorySessions`). Numbers must be 0 or more; a string or list
 * option with `choices` takes only those. An unknown flag, a missing or bad value throws with the usage text.
 */
export function parseOptions<T extends Options>(
  argv: readonly string[],
  full: T,
  smoke: Partial<T>,
  choices: { readonly [K in keyof T]?: readonly string[] } = {},
): T & { readonly smoke: boolean } {
  const isSmoke = argv.includes('--smoke');
  const options: Options = { ...full, ...(isSmoke ? smoke : {}) };
  const usage = `usage: [--smoke] ${Object.keys(full)
    .map((key) => `[--${kebab(key)} ${choices[key]?.join('|') ?? (typeof full[key] === 'number' ? 'N' : 'VALUE')}]`)
    .join(' ')}`;
  const args = argv.filter((arg) => arg !== '--smoke');
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    const key = Object.keys(full).find((k) => `--${kebab(k)}` === flag);
    if (key === undefined || value === undefined) {
      throw new Error(`${key === undefined ? `unknown option ${flag}` : `${flag} needs a value`}\n${usage}`);
    }
    const current = full[key];
    const allowed = choices[key];
    if (typeof current === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
        throw new Error(`${flag} must be a number, 0 or more (got ${value})`);
      }
      options[key] = n;
      continue;
    }
    const list = typeof current === 'string' ? [value] : value.split(',').filter(Boolean);
    if (allowed && (list.length === 0 || list.some((item) => !allowed.includes(item)))) {
      throw new Error(`${flag} takes ${allowed.join(', ')} (got ${value})`);
    }
    options[key] = typeof current === 'string' ? value : list;
  }
  return { ...(options as T), smoke: isSmoke };
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
