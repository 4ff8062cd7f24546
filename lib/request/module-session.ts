import { SessionClass } from './express-session-classes.js';
import { stateOf } from './request-states.js';

type Callback = (error?: unknown) => void;
const ignore: Callback = () => undefined;

/**
 * express-session's `Session` whose `save`, `reload`, `destroy` and `regenerate` go through the
 * request path, so the end of the response knows what was already written, which IDs ended, and writes
 * of a stored session stay conditional. Everything else is express-session's.
 */
export class ModuleSession extends SessionClass {
  override save(callback?: Callback): this {
    const state = stateOf(this.req);
    state ? state.save(this, callback ?? ignore) : super.save(callback);
    return this;
  }

  override reload(callback: Callback): this {
    const state = stateOf(this.req);
    state ? state.reload(this, callback) : super.reload(callback);
    return this;
  }

  override destroy(callback?: Callback): this {
    const state = stateOf(this.req);
    state ? state.destroy(this, callback ?? ignore) : super.destroy(callback ?? ignore);
    return this;
  }

  override regenerate(callback: Callback): this {
    const state = stateOf(this.req);
    state ? state.regenerate(this, callback) : super.regenerate(callback);
    return this;
  }
}
