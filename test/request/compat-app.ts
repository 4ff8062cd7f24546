import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import type { SessionData, Store } from 'express-session';
import { sessionMiddleware, type SessionMiddleware, type SessionMiddlewareOptions } from 'nestjs-express-session/express';

export const COMPAT_SECRET = 'compat-secret-that-is-long-enough-0123456789';

/** express-session's own defaults, passed explicitly (the module's differ). */
export const EXPRESS_SESSION_DEFAULTS = {
  resave: true,
  saveUninitialized: true,
  cookie: { path: '/', httpOnly: true, secure: false, maxAge: null as unknown as undefined },
} satisfies Partial<SessionMiddlewareOptions>;

/** express-session's MemoryStore that counts what the request path asks of it. */
export class CountingStore extends session.MemoryStore {
  readonly calls: string[] = [];
  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    this.calls.push('get');
    super.get(sid, callback);
  }
  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    this.calls.push('set');
    super.set(sid, data, callback);
  }
  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.calls.push('touch');
    super.touch(sid, data, callback);
  }
  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.calls.push('destroy');
    super.destroy(sid, callback);
  }
  writes(): number {
    return this.calls.filter((call) => call === 'set').length;
  }
  /** The stored records, parsed. */
  records(): Record<string, SessionData> {
    const raw = (this as unknown as { sessions: Record<string, string> }).sessions;
    return Object.fromEntries(Object.entries(raw).map(([id, json]) => [id, JSON.parse(json) as SessionData]));
  }
}

export interface CompatApp {
  app: Express;
  sessions: SessionMiddleware;
  store: Store;
  /** Errors that reached Express's error handling. */
  errors: unknown[];
}

/** A plain Express app with `sessionMiddleware(options)` and the routes `routes` adds. */
export function compatApp(
  options: Partial<SessionMiddlewareOptions>,
  routes: (app: Express) => void,
  before?: (app: Express) => void,
): CompatApp {
  const app = express();
  before?.(app);
  const sessions = sessionMiddleware({ secret: COMPAT_SECRET, ...options });
  app.use(sessions);
  routes(app);
  const errors: unknown[] = [];
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    errors.push(error);
    res.status(500).send(`error: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { app, sessions, store: sessions.store, errors };
}

/** The `connect.sid` (or `name`) Set-Cookie header of a response, if any. */
export function sessionCookie(headers: Record<string, unknown>, name = 'connect.sid'): string | undefined {
  const all = headers['set-cookie'];
  const list = Array.isArray(all) ? (all as string[]) : typeof all === 'string' ? [all] : [];
  return list.find((value) => value.startsWith(`${name}=`));
}

/** The `name=value` pair of a Set-Cookie header, to send back. */
export function cookiePair(setCookie: string | undefined): string {
  if (!setCookie) {
    throw new Error('no session cookie');
  }
  return setCookie.split(';')[0];
}
