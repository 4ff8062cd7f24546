import { Inject, Injectable } from '@nestjs/common';
import { SESSION_RUNTIME, type SessionRuntime } from '../module/session.runtime.js';
import { SessionStoreError } from '../store/session-store.errors.js';

/** What {@link SessionStoreHealthIndicator.isHealthy} returns: a @nestjs/terminus `HealthIndicatorResult`. */
export type SessionStoreHealthResult<Key extends string = 'session'> = Record<
  Key,
  { status: 'up' } | { status: 'down'; message: string }
>;

/**
 * Tells whether the session store answers a read within `storeTimeout`. Its result has the shape of a
 * @nestjs/terminus `HealthIndicatorResult`, so it plugs into `HealthCheckService.check()` without this
 * package depending on terminus. The down result never carries a host, port or driver message.
 *
 * @example
 * @Get('health')
 * @HealthCheck()
 * check() {
 *   return this.health.check([() => this.sessionStore.isHealthy('session')]);
 * }
 */
@Injectable()
export class SessionStoreHealthIndicator {
  constructor(@Inject(SESSION_RUNTIME) private readonly runtime: SessionRuntime) {}

  /** Pings the store; resolves (never rejects) with `{ [key]: { status: 'up' | 'down' } }`. Default key: `'session'`. */
  async isHealthy<const Key extends string = 'session'>(key: Key = 'session' as Key): Promise<SessionStoreHealthResult<Key>> {
    try {
      await this.runtime.ping();
      return { [key]: { status: 'up' } } as SessionStoreHealthResult<Key>;
    } catch (error) {
      const message =
        error instanceof SessionStoreError && error.kind === 'timeout'
          ? 'The session store did not answer in time.'
          : 'The session store is unavailable.';
      return { [key]: { status: 'down', message } } as SessionStoreHealthResult<Key>;
    }
  }
}
