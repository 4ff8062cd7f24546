import { fileURLToPath } from 'node:url';
import { runLoad } from './load.js';
import { ServerProcess } from './server-process.js';

/** Memory of the module-variant server at one moment (after a forced GC). */
export interface MemorySample {
  readonly label: string;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Sessions held by the default store (expired ones count until pruned). */
  readonly sessions: number;
}

export interface MemoryReport {
  readonly sessionsCreated: number;
  readonly maxAgeMs: number;
  readonly createSeconds: number;
  /** How the expired sessions left the store: the store's own periodic prune, or the bench's prune route. */
  readonly pruneBy: string;
  /** Seconds from the end of creation until the store was empty. */
  readonly emptyAfterSeconds: number;
  readonly samples: readonly MemorySample[];
}

export interface MemoryTestOptions {
  readonly sessions: number;
  readonly maxAgeMs: number;
  readonly connections: number;
  /** Wait for the store's own prune (full run) instead of calling the bench-only prune route (smoke). */
  readonly waitForOwnPrune: boolean;
  /** How long to wait for the store's own prune at most. */
  readonly pruneDeadlineMs: number;
}

const SCRIPT = fileURLToPath(new URL('../servers/nest-module.server.js', import.meta.url));

/**
 * Module variant, default (memory) store: RSS and heap at baseline, after `sessions` logins, and after
 * they expired and were pruned.
 */
export async function runMemoryTest(options: MemoryTestOptions, prefix: readonly string[]): Promise<MemoryReport> {
  const server = await ServerProcess.start(
    {
      name: 'module:memory (memory test)',
      script: SCRIPT,
      nodeArgs: ['--expose-gc'],
      env: { BENCH_STORE: 'memory', BENCH_MEMORY_PROBE: '1', BENCH_MAX_AGE_MS: String(options.maxAgeMs) },
    },
    prefix,
  );
  try {
    const samples: MemorySample[] = [];
    const load = (path: string, amount: number) =>
      runLoad({ url: server.url, path, cookies: [], connections: options.connections, durationS: 0, amount });
    // Warm the request path without creating sessions (/read without a cookie saves nothing).
    await load('/read', 2_000);
    samples.push(await sample(server.url, 'baseline (after warm-up)'));
    const started = Date.now();
    const created = await load('/login', options.sessions);
    const createSeconds = (Date.now() - started) / 1000;
    if (created.non2xx + created.errors > 0) {
      throw new Error(`memory test: ${created.non2xx + created.errors} logins failed`);
    }
    samples.push(await sample(server.url, `after ${options.sessions.toLocaleString('en-US')} sessions`));
    const createdAt = Date.now();
    let pruneBy: string;
    let empty: MemorySample;
    if (options.waitForOwnPrune) {
      pruneBy = "the default store's own periodic prune (60 s period)";
      empty = await pollUntilEmpty(server.url, options.pruneDeadlineMs);
    } else {
      pruneBy = "the bench-only /__prune route (store.prune() via @InjectSessionStore())";
      await delay(options.maxAgeMs + 100);
      await getJson(`${server.url}/__prune`);
      empty = await sample(server.url, '');
    }
    const emptyAfterSeconds = (Date.now() - createdAt) / 1000;
    samples.push({ ...empty, label: 'after expiry and prune' });
    return { sessionsCreated: options.sessions, maxAgeMs: options.maxAgeMs, createSeconds, pruneBy, emptyAfterSeconds, samples };
  } finally {
    await server.stop();
  }
}

async function pollUntilEmpty(url: string, deadlineMs: number): Promise<MemorySample> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const current = await sample(url, '');
    if (current.sessions === 0 || Date.now() > deadline) {
      return current;
    }
    await delay(2_000);
  }
}

async function sample(url: string, label: string): Promise<MemorySample> {
  const body = (await getJson(`${url}/__memory`)) as { rss: number; heapUsed: number; sessions: number };
  return { label, rssBytes: body.rss, heapUsedBytes: body.heapUsed, sessions: body.sessions };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  return response.json();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
