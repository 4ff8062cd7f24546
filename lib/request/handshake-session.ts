import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import type { SessionStoreError } from '../store/session-store.errors.js';
import type { RequestPathSettings } from './request-path.settings.js';
import { attachState } from './request-states.js';
import { readCookie } from './session-cookie.js';
import { SessionRequestState } from './session-request-state.js';

type Loaded = (error: SessionStoreError | undefined, state: SessionRequestState) => void;

/**
 * Loads the session of a request that the HTTP path does not answer (a WebSocket handshake): the cookie
 * is read and verified, the record read through the guarded store (its deadline applies), and
 * `req.session` is left as a request's would be; its `save()`, `reload()` and `destroy()` go through the
 * request path. Nothing is committed at the end and no cookie is sent: there is no response.
 * `error` is set when the store failed (or is not ready); the request then has no session.
 */
export function loadHandshakeSession(settings: RequestPathSettings, message: IncomingMessage, done: Loaded): void {
  const req = message as unknown as Request;
  const store = settings.store;
  const state = new SessionRequestState(req, settings);
  attachState(req, state);
  req.sessionStore = store as unknown as Request['sessionStore'];
  const raw = readCookie(req.headers.cookie, settings.name);
  const cookieId = raw === undefined ? undefined : settings.signer.unsign(raw);
  state.cookieId = cookieId;
  if (!cookieId) {
    state.begin(null);
    return done(undefined, state);
  }
  (req as { sessionID: string }).sessionID = cookieId;
  store.get(cookieId, (error, record) => {
    if (error) {
      state.storeFailure = error;
      return done(error, state);
    }
    beginOrAnonymous(state, record ?? null);
    done(undefined, state);
  });
}

/**
 * Re-reads the stored record of a loaded handshake session. `alive: true`: the session is replaced by
 * the stored one (changes made elsewhere show); `false`: the record is gone (logged out, revoked,
 * expired) and the request has a new anonymous session instead. On a store failure the request has no
 * session until the next reload.
 */
export function reloadHandshakeSession(
  state: SessionRequestState,
  done: (error: SessionStoreError | undefined, alive: boolean) => void,
): void {
  const id = state.storedId;
  if (id === undefined) {
    return done(undefined, false);
  }
  state.settings.store.get(id, (error, record) => {
    if (error) {
      delete (state.req as Partial<Request>).session;
      state.storeFailure = error;
      return done(error, true);
    }
    state.storeFailure = undefined;
    if (!record) {
      endHandshakeSession(state);
      return done(undefined, false);
    }
    (state.req as { sessionID: string }).sessionID = id;
    state.followRenewals = true;
    beginOrAnonymous(state, record);
    done(undefined, true);
  });
}

/** The session ended elsewhere: the request gets a new anonymous session, and nothing of the old one is written. */
export function endHandshakeSession(state: SessionRequestState): void {
  state.storedId = undefined;
  state.wroteId = undefined;
  state.saved = undefined;
  state.savedId = undefined;
  state.cookieId = undefined;
  state.storeFailure = undefined;
  state.version = undefined;
  state.begin(null);
}

function beginOrAnonymous(state: SessionRequestState, record: SessionData | null): void {
  try {
    state.begin(record);
  } catch {
    // A record that cannot be inflated (nesting too deep for the stack) is no session, as on the HTTP path.
    endHandshakeSession(state);
  }
}
