import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { SessionEventSink } from './session-events.js';

const logger = new Logger('SessionModule');

/** EventEmitter2's `emitAsync`: one promise for every listener, sync or async, so a failing one is caught here. */
interface Emitter {
  emitAsync(event: string, payload: unknown): Promise<unknown>;
}

/**
 * The sink to `@nestjs/event-emitter`'s `EventEmitter2` when the app imports `EventEmitterModule`;
 * `undefined` when the package is not installed or the module not imported (then nothing is emitted).
 */
export async function eventEmitterSink(moduleRef: ModuleRef): Promise<SessionEventSink | undefined> {
  let token: unknown;
  try {
    token = (await import('@nestjs/event-emitter')).EventEmitter2;
  } catch {
    return undefined;
  }
  let emitter: Emitter;
  try {
    emitter = moduleRef.get<Emitter>(token as new () => Emitter, { strict: false });
  } catch {
    return undefined;
  }
  return (event, payload) => {
    emitter.emitAsync(event, payload).catch((error: unknown) => {
      logger.warn(`A listener of ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
}
