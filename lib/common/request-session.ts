import type { Session, SessionData } from 'express-session';

/** The session as a route sees it: express-session's `Session` plus the app's `SessionData`. */
export type RequestSession = Session & Partial<SessionData>;
