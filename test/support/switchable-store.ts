import session, { type SessionData } from 'express-session';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** A memory store that can be taken down: while `down`, every operation fails as a dead connection would. */
export class SwitchableStore extends session.MemoryStore {
  down = false;
  /** Every operation the module called, in order (`get`, `set`, `touch`, `destroy`). */
  readonly calls: string[] = [];

  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    this.calls.push('get');
    this.down ? callback(new Error('connection refused')) : super.get(sid, callback);
  }

  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    this.calls.push('set');
    this.down ? callback?.(new Error('connection refused')) : super.set(sid, data, callback);
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.calls.push('touch');
    this.down ? (callback as ((error?: unknown) => void) | undefined)?.(new Error('connection refused')) : super.touch(sid, data, callback);
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.calls.push('destroy');
    this.down ? callback?.(new Error('connection refused')) : super.destroy(sid, callback);
  }

  /** The stored record of session `sid` (under its hashed key), read around the `down` switch and the call log. */
  record(sid: string): Promise<SessionData | null | undefined> {
    return new Promise((resolve, reject) => session.MemoryStore.prototype.get.call(this, atRestKey(sid), (error, data) => (error ? reject(error) : resolve(data))));
  }
}
