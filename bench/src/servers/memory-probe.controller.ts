import { Controller, Get } from '@nestjs/common';
import { InjectSessionStore } from 'nestjs-express-session';
import type { Store } from 'express-session';

/** Bench-only routes of the memory test; excluded from the session middleware. */
export const MEMORY_PROBE_ROUTES = ['__memory', '__prune'];

interface PruningStore extends Store {
  /** memorystore: drops expired sessions now (it also does so every prune period). */
  prune?(): void;
}

/** Reports the server's memory and the default store's size; lets the smoke run prune without waiting. */
@Controller()
export class MemoryProbeController {
  constructor(@InjectSessionStore() private readonly store: PruningStore) {}

  @Get('__memory')
  async memory() {
    // Started with --expose-gc: collect first, so the numbers are live data, not garbage awaiting collection.
    (globalThis as { gc?: () => void }).gc?.();
    const sessions = await new Promise<number>((resolve, reject) => {
      if (!this.store.length) {
        return resolve(-1);
      }
      this.store.length((error: unknown, length?: number) => (error ? reject(error) : resolve(length ?? 0)));
    });
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed, sessions };
  }

  @Get('__prune')
  prune() {
    this.store.prune?.();
    return { pruned: typeof this.store.prune === 'function' };
  }
}
