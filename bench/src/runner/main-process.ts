import { readFileSync } from 'node:fs';
import { killAllServers } from './server-process.js';

/** A progress logger for stderr, each line stamped with the seconds since `label` started. */
export function progressLogger(label: string): (message: string) => void {
  const started = Date.now();
  return (message) => void process.stderr.write(`[${label} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

/** The installed version of a package of this repository, `?` when it is not installed. */
export function installedVersion(name: string): string {
  try {
    const manifest = new URL(`../../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/**
 * Runs a bench entry point: its result becomes the exit code; an error, an abnormal exit or Ctrl-C kills
 * every server it started.
 */
export function runMain(main: () => Promise<number>, progress: (message: string) => void): void {
  process.on('exit', killAllServers);
  process.on('SIGINT', () => {
    killAllServers();
    process.exit(130);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      progress(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      killAllServers();
      process.exitCode = 1;
    },
  );
}
