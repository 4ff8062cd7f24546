import { createHmac } from 'node:crypto';
import request from 'supertest';
import { COMPAT_SECRET, compatApp, cookiePair, CountingStore, EXPRESS_SESSION_DEFAULTS, sessionCookie } from './compat-app.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** express-session 1.19's documented options, under express-session's defaults and under the module's. */
describe('sessionMiddleware options (express-session 1.19 behaviour)', () => {
  const apps: { sessions: { close(): Promise<void> } }[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.sessions.close()));
  });
  const track = <T extends { sessions: { close(): Promise<void> } }>(app: T): T => {
    apps.push(app);
    return app;
  };

  describe('cookie as a function of the request', () => {
    it('uses the options it returns per request (maxAge)', async () => {
      const { app } = track(
        compatApp({ cookie: (req) => ({ maxAge: req.query.long ? 60_000 : 1_000 }) }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      const long = sessionCookie((await request(app).get('/?long=1')).headers)!;
      const short = sessionCookie((await request(app).get('/')).headers)!;
      const maxAgeOf = (header: string) => new Date(/Expires=([^;]+)/.exec(header)![1]).getTime() - Date.now();
      expect(maxAgeOf(long)).toBeGreaterThan(30_000);
      expect(maxAgeOf(short)).toBeLessThan(5_000);
    });

    it('with secure: true over plain HTTP sends no cookie and stores nothing', async () => {
      const store = new CountingStore();
      const { app } = track(
        compatApp({ store, cookie: () => ({ secure: true }) }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      const response = await request(app).get('/').expect(200);
      expect(sessionCookie(response.headers)).toBeUndefined();
      expect(store.writes()).toBe(0);
    });

    it.each([
      ['express-session defaults', EXPRESS_SESSION_DEFAULTS],
      ['module defaults', {}],
    ])('keeps HttpOnly and Path under %s', async (_label, defaults) => {
      const { app } = track(
        compatApp({ ...defaults, cookie: () => ({ maxAge: 5_000 }) }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      const header = sessionCookie((await request(app).get('/')).headers)!;
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/Path=\//);
    });
  });

  describe('key (legacy alias of name)', () => {
    it('names the cookie when name is not set', async () => {
      const { app } = track(
        compatApp({ key: 'legacy.sid' }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      const response = await request(app).get('/');
      expect(sessionCookie(response.headers, 'legacy.sid')).toBeDefined();
      expect(sessionCookie(response.headers)).toBeUndefined();
    });

    it('name wins over key', async () => {
      const { app } = track(
        compatApp({ key: 'legacy.sid', name: 'new.sid' }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      expect(sessionCookie((await request(app).get('/')).headers, 'new.sid')).toBeDefined();
    });
  });

  describe('secret', () => {
    const routes = (app: import('express').Express) => {
      app.get('/set', (req, res) => {
        req.session.views = 7;
        res.send('ok');
      });
      app.get('/get', (req, res) => {
        res.json({ views: req.session.views ?? null });
      });
    };

    it('accepts a Buffer and signs as express-session does (s:<id>.<HMAC-SHA256>)', async () => {
      const secret = Buffer.from('a-buffer-secret-that-is-long-enough-0123456789');
      const { app } = track(compatApp({ secret }, routes));
      const header = sessionCookie((await request(app).get('/set')).headers)!;
      const value = decodeURIComponent(cookiePair(header).split('=')[1]);
      const id = value.slice(2, value.lastIndexOf('.'));
      const mac = createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '');
      expect(value).toBe(`s:${id}.${mac}`);
      await request(app).get('/get').set('Cookie', cookiePair(header)).expect({ views: 7 });
    });

    it('rotates with an array: the first signs, every one verifies', async () => {
      const store = new CountingStore();
      const old = track(compatApp({ store, secret: 'old-secret-that-is-long-enough-0123456789' }, routes));
      const cookie = cookiePair(sessionCookie((await request(old.app).get('/set')).headers));
      const rotated = track(compatApp({ store, secret: ['new-secret-that-is-long-enough-0123456789', 'old-secret-that-is-long-enough-0123456789'] }, routes));
      await request(rotated.app).get('/get').set('Cookie', cookie).expect({ views: 7 });
      const fresh = sessionCookie((await request(rotated.app).get('/set')).headers)!;
      const onlyOld = track(compatApp({ store, secret: 'old-secret-that-is-long-enough-0123456789' }, routes));
      await request(onlyOld.app).get('/get').set('Cookie', cookiePair(fresh)).expect({ views: null });
    });

    it('reads a cookie signed by plain express-session with the same secret', async () => {
      const store = new CountingStore();
      const session = (await import('express-session')).default;
      const express = (await import('express')).default;
      const plain = express();
      plain.use(session({ secret: COMPAT_SECRET, store, resave: false, saveUninitialized: false }));
      routes(plain);
      const cookie = cookiePair(sessionCookie((await request(plain).get('/set')).headers));
      // Plain express-session stores under the raw ID; `legacyIds` finds it there once and moves it under its hash.
      const { app } = track(compatApp({ store, legacyIds: true }, routes));
      await request(app).get('/get').set('Cookie', cookie).expect({ views: 7 });
      const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
      expect(Object.keys(store.records())).toEqual([atRestKey(sid)]);
      await request(app).get('/get').set('Cookie', cookie).expect({ views: 7 });
    });
  });

  describe('saveUninitialized', () => {
    it('false (module default): a new session whose cookie alone changed costs no write and sends no cookie', async () => {
      const store = new CountingStore();
      const { app } = track(
        compatApp({ store }, (app) =>
          app.get('/', (req, res) => {
            req.session.cookie.maxAge = 30 * 24 * 3_600_000;
            req.session.touch();
            res.send('ok');
          }),
        ),
      );
      const response = await request(app).get('/').expect(200);
      expect(sessionCookie(response.headers)).toBeUndefined();
      expect(store.writes()).toBe(0);
    });

    it('true (express-session default): a new session is stored and its cookie sent', async () => {
      const store = new CountingStore();
      const { app } = track(compatApp({ ...EXPRESS_SESSION_DEFAULTS, store }, (app) => app.get('/', (_req, res) => res.send('ok'))));
      const response = await request(app).get('/').expect(200);
      expect(sessionCookie(response.headers)).toBeDefined();
      expect(store.writes()).toBe(1);
    });
  });

  describe('resave', () => {
    const reader = (app: import('express').Express) => {
      app.get('/set', (req, res) => {
        req.session.views = 1;
        res.send('ok');
      });
      app.get('/read', (req, res) => res.json({ views: req.session.views }));
    };

    it('true writes an unchanged session back', async () => {
      const store = new CountingStore();
      const { app } = track(compatApp({ store, resave: true }, reader));
      const cookie = cookiePair(sessionCookie((await request(app).get('/set')).headers));
      store.calls.length = 0;
      await request(app).get('/read').set('Cookie', cookie).expect({ views: 1 });
      // The load, then (the store has no setIfExists) the read before the conditional write, then the write.
      expect(store.calls).toEqual(['get', 'get', 'set']);
    });

    it('false (module default) only touches an unchanged session', async () => {
      const store = new CountingStore();
      const { app } = track(compatApp({ store }, reader));
      const cookie = cookiePair(sessionCookie((await request(app).get('/set')).headers));
      store.calls.length = 0;
      await request(app).get('/read').set('Cookie', cookie).expect({ views: 1 });
      expect(store.calls).toEqual(['get', 'touch']);
    });
  });

  describe('rolling', () => {
    it('true sends the cookie on every response', async () => {
      const { app } = track(
        compatApp({ rolling: true, cookie: { maxAge: 60_000 } }, (app) => {
          app.get('/set', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          });
          app.get('/read', (_req, res) => res.send('ok'));
        }),
      );
      const cookie = cookiePair(sessionCookie((await request(app).get('/set')).headers));
      expect(sessionCookie((await request(app).get('/read').set('Cookie', cookie)).headers)).toBeDefined();
    });

    it('false (default) sends it only when the session changed', async () => {
      const { app } = track(
        compatApp({ cookie: { maxAge: 60_000 } }, (app) => {
          app.get('/set', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          });
          app.get('/read', (_req, res) => res.send('ok'));
        }),
      );
      const cookie = cookiePair(sessionCookie((await request(app).get('/set')).headers));
      expect(sessionCookie((await request(app).get('/read').set('Cookie', cookie)).headers)).toBeUndefined();
    });
  });

  describe('unset', () => {
    const routes = (app: import('express').Express) => {
      app.get('/set', (req, res) => {
        req.session.views = 1;
        res.send('ok');
      });
      app.get('/unset', (req, res) => {
        (req as { session?: unknown }).session = null;
        res.send('ok');
      });
    };

    it("'destroy' deletes the record when req.session is set to null", async () => {
      const store = new CountingStore();
      const { app } = track(compatApp({ store, unset: 'destroy' }, routes));
      const cookie = cookiePair(sessionCookie((await request(app).get('/set')).headers));
      await request(app).get('/unset').set('Cookie', cookie).expect(200);
      expect(Object.keys(store.records())).toHaveLength(0);
    });

    it("'keep' (default) leaves the record", async () => {
      const store = new CountingStore();
      const { app } = track(compatApp({ store }, routes));
      const cookie = cookiePair(sessionCookie((await request(app).get('/set')).headers));
      await request(app).get('/unset').set('Cookie', cookie).expect(200);
      expect(Object.keys(store.records())).toHaveLength(1);
    });
  });

  describe('genid', () => {
    it('names new sessions', async () => {
      const store = new CountingStore();
      let next = 0;
      const { app } = track(
        compatApp({ store, genid: () => `custom-${++next}` }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send(req.sessionID);
          }),
        ),
      );
      expect((await request(app).get('/')).text).toBe('custom-1');
      expect(Object.keys(store.records())).toEqual([atRestKey('custom-1')]);
    });

    it('returning a non-string: nothing is stored and no cookie sent', async () => {
      const store = new CountingStore();
      const { app } = track(
        compatApp({ store, genid: (() => 42) as unknown as () => string }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      const response = await request(app).get('/').expect(200);
      expect(sessionCookie(response.headers)).toBeUndefined();
      expect(store.writes()).toBe(0);
    });
  });

  describe("cookie.secure 'auto' and sameSite 'auto'", () => {
    const routes = (app: import('express').Express) =>
      app.get('/', (req, res) => {
        req.session.views = 1;
        res.send('ok');
      });

    it('plain HTTP: no Secure, SameSite=Lax', async () => {
      const { app } = track(compatApp({ cookie: { secure: 'auto', sameSite: 'auto' as never } }, routes));
      const header = sessionCookie((await request(app).get('/')).headers)!;
      expect(header).not.toMatch(/Secure/);
      expect(header).toMatch(/SameSite=Lax/);
    });

    it('behind a trusted proxy that says https: Secure, SameSite=None', async () => {
      const { app } = track(compatApp({ proxy: true, cookie: { secure: 'auto', sameSite: 'auto' as never } }, routes));
      const header = sessionCookie((await request(app).get('/').set('X-Forwarded-Proto', 'https')).headers)!;
      expect(header).toMatch(/Secure/);
      expect(header).toMatch(/SameSite=None/);
    });
  });

  describe('cookie.partitioned and cookie.priority', () => {
    it('are serialized into the cookie', async () => {
      const { app } = track(
        compatApp({ cookie: { secure: 'auto', partitioned: true, priority: 'high' } as never }, (app) =>
          app.get('/', (req, res) => {
            req.session.views = 1;
            res.send('ok');
          }),
        ),
      );
      const header = sessionCookie((await request(app).get('/')).headers)!;
      expect(header).toMatch(/Partitioned/);
      expect(header).toMatch(/Priority=High/);
    });
  });

  describe('cookie.path', () => {
    it('requests outside it get no session', async () => {
      const { app } = track(
        compatApp({ cookie: { path: '/admin' } }, (app) => {
          app.get('/admin/x', (req, res) => res.json({ has: req.session !== undefined }));
          app.get('/other', (req, res) => res.json({ has: req.session !== undefined }));
        }),
      );
      await request(app).get('/admin/x').expect({ has: true });
      await request(app).get('/other').expect({ has: false });
    });
  });
});
