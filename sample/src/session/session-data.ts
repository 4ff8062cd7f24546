/**
 * What this app keeps in a session. The library never declares session fields; each app augments
 * express-session's `SessionData` with its own.
 */
declare module 'express-session' {
  interface SessionData {
    userId: string;
    username: string;
    /** Times the signed-in home page was viewed in this session. */
    visits: number;
  }
}

export {};
