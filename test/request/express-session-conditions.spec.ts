import { Readable } from 'node:stream';
import session from 'express-session';
import type { SessionData, Store } from 'express-session';
import request from 'supertest';
import { compatApp, cookiePair, CountingStore, sessionCookie } from './compat-app.js';

type GetCallback = (error: unknown, data?: SessionData | null) => void;

/** express-session 1.19's documented behaviours, by condition. */
describe('sessionMiddleware conditions (express-session 1.19 behaviour)', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });
  const app = (...args: Parameters<typeof compatApp>) => {
    const built = compatApp(...args);
    opened.push(built.sessions);
    return built;
  };

  describe('when the handler calls req.session.save()', () => {
    it('nothing more is written at the end of the response', async () => {
      const store = new CountingStore();
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          req.session.save((error) => (error ? res.status(500).end() : res.send('saved')));
        }),
      );
      const response = await request(server).get('/').expect(200, 'saved');
      expect(sessionCookie(response.headers)).toBeDefined();
      expect(store.writes()).toBe(1);
    });

    it('a change after the save is written at the end', async () => {
      const store = new CountingStore();
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          req.session.save(() => {
            req.session.views = 2;
            res.send('ok');
          });
        }),
      );
      await request(server).get('/').expect(200);
      expect(store.writes()).toBe(2);
      expect(Object.values(store.records())[0]).toMatchObject({ views: 2 });
    });

    it('a failing store after the successful save does not turn the response into a 503', async () => {
      const store = new CountingStore();
      let writes = 0;
      const set = store.set.bind(store);
      store.set = (sid, data, callback) => (++writes > 1 ? callback?.(new Error('down')) : set(sid, data, callback));
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          req.session.save(() => res.send('saved'));
        }),
      );
      await request(server).get('/').expect(200, 'saved');
    });
  });

  describe('when the response is ended twice', () => {
    it('the first body goes out whole, the second end() is ignored', async () => {
      const { app: server } = app({}, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          res.end('first');
          res.end();
          res.end('second');
        }),
      );
      const response = await request(server).get('/').expect(200);
      expect(response.text).toBe('first');
      expect(sessionCookie(response.headers)).toBeDefined();
    });
  });

  describe('when the store calls back ENOENT', () => {
    it('the session is not found (a new one), not an outage', async () => {
      const store = new CountingStore();
      store.get = (_sid: string, callback: GetCallback) => callback(Object.assign(new Error('no such file'), { code: 'ENOENT' }));
      const { app: server } = app({ store }, (a) => {
        a.get('/set', (req, res) => {
          req.session.views = 1;
          res.send('ok');
        });
        a.get('/read', (req, res) => res.json({ views: req.session.views ?? null }));
      });
      const cookie = cookiePair(sessionCookie((await request(server).get('/set')).headers));
      await request(server).get('/read').set('Cookie', cookie).expect(200, { views: null });
    });
  });

  describe('when the store calls back synchronously', () => {
    it('requests complete (no hang), also when a later step throws', async () => {
      const records = new Map<string, string>();
      const store = new (class extends session.Store {
        get(sid: string, callback: GetCallback) {
          const raw = records.get(sid);
          callback(null, raw ? (JSON.parse(raw) as SessionData) : null);
        }
        set(sid: string, data: SessionData, callback?: (error?: unknown) => void) {
          records.set(sid, JSON.stringify(data));
          callback?.();
        }
        destroy(sid: string, callback?: (error?: unknown) => void) {
          records.delete(sid);
          callback?.();
        }
      })();
      const { app: server, errors } = app({ store }, (a) => {
        a.get('/set', (req, res) => {
          req.session.views = 1;
          res.send('ok');
        });
        a.get('/throw', () => {
          throw new Error('handler failed');
        });
      });
      const cookie = cookiePair(sessionCookie((await request(server).get('/set')).headers));
      await request(server).get('/throw').set('Cookie', cookie).expect(500);
      expect(errors).toHaveLength(1);
    });
  });

  describe('when the store only returns promises', () => {
    it('its answers are used', async () => {
      const records = new Map<string, string>();
      const store = {
        get: async (sid: string) => (records.has(sid) ? (JSON.parse(records.get(sid)!) as SessionData) : null),
        set: async (sid: string, data: SessionData) => void records.set(sid, JSON.stringify(data)),
        destroy: async (sid: string) => void records.delete(sid),
        on: () => undefined,
      } as unknown as Store;
      const { app: server } = app({ store }, (a) => {
        a.get('/set', (req, res) => {
          req.session.views = 3;
          res.send('ok');
        });
        a.get('/read', (req, res) => res.json({ views: req.session.views ?? null }));
      });
      const cookie = cookiePair(sessionCookie((await request(server).get('/set')).headers));
      await request(server).get('/read').set('Cookie', cookie).expect(200, { views: 3 });
    });
  });

  describe('when req.sessionID is not a string', () => {
    it('the session is not stored and no cookie is sent', async () => {
      const store = new CountingStore();
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          (req as { sessionID: unknown }).sessionID = 12345;
          res.send('ok');
        }),
      );
      const response = await request(server).get('/').expect(200);
      expect(sessionCookie(response.headers)).toBeUndefined();
      expect(store.writes()).toBe(0);
    });
  });

  describe('when another middleware already set req.session', () => {
    it('it is left alone: nothing is written to our store, no 500', async () => {
      const ours = new CountingStore();
      const theirs = new session.MemoryStore();
      const { app: server } = app(
        { store: ours },
        (a) =>
          a.get('/', (req, res) => {
            req.session.views = (req.session.views ?? 0) + 1;
            res.json({ views: req.session.views });
          }),
        (a) => a.use(session({ secret: 'leftover', store: theirs, resave: false, saveUninitialized: false })),
      );
      await request(server).get('/').expect(200, { views: 1 });
      await request(server).get('/').expect(200, { views: 1 });
      expect(ours.calls).toEqual([]);
    });
  });

  describe('when the cookie cannot be serialized', () => {
    it('the error reaches next(err) (Express answers), nothing half-sent', async () => {
      const { app: server, errors } = app({ cookie: () => ({ expires: new Date(Number.NaN) }) }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          res.send('ok');
        }),
      );
      const response = await request(server).get('/').expect(500);
      expect(response.text).toContain('error:');
      expect(sessionCookie(response.headers)).toBeUndefined();
      expect(errors).toHaveLength(1);
    });
  });

  describe('when the response is streamed', () => {
    it('res.write() then end(): the session is stored before the first byte', async () => {
      const store = new CountingStore();
      let storedWhenHeadWent: number | undefined;
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 5;
          res.on('finish', () => undefined);
          const originalFlush = res.flushHeaders.bind(res);
          res.flushHeaders = () => originalFlush();
          res.write('part 1;');
          setTimeout(() => {
            storedWhenHeadWent = Object.keys(store.records()).length;
            res.end('part 2');
          }, 20);
        }),
      );
      const response = await request(server).get('/').expect(200);
      expect(response.text).toBe('part 1;part 2');
      expect(sessionCookie(response.headers)).toBeDefined();
      expect(storedWhenHeadWent).toBe(1);
    });

    it('a piped stream with a store that refuses the write answers 503, not a 200 without the change', async () => {
      const store = new CountingStore();
      store.set = (_sid, _data, callback) => callback?.(new Error('down'));
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 5;
          Readable.from(['a', 'b', 'c']).pipe(res);
        }),
      );
      const response = await request(server).get('/').expect(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(sessionCookie(response.headers)).toBeUndefined();
    });

    it('server-sent events (writeHead, flushHeaders, write): the cookie arrives with the head', async () => {
      const { app: server } = app({}, (a) =>
        a.get('/events', (req, res) => {
          req.session.views = 1;
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.flushHeaders();
          res.write('data: one\n\n');
          setTimeout(() => res.end('data: two\n\n'), 10);
        }),
      );
      const response = await request(server).get('/events').expect(200);
      expect(response.headers['content-type']).toBe('text/event-stream');
      expect(response.text).toBe('data: one\n\ndata: two\n\n');
      expect(sessionCookie(response.headers)).toBeDefined();
    });
  });

  describe('when the handler redirects', () => {
    it('the session is committed and the cookie goes with the redirect', async () => {
      const store = new CountingStore();
      const { app: server } = app({ store }, (a) =>
        a.get('/', (req, res) => {
          req.session.views = 1;
          res.redirect('/next');
        }),
      );
      const response = await request(server).get('/').expect(302);
      expect(response.headers.location).toBe('/next');
      expect(sessionCookie(response.headers)).toBeDefined();
      expect(store.writes()).toBe(1);
    });
  });

  describe("when req.session is unset with unset: 'destroy' and the delete fails", () => {
    it('answers 503, not a 200 that leaves the session valid', async () => {
      const store = new CountingStore();
      store.destroy = (_sid, callback) => callback?.(new Error('down'));
      const { app: server } = app({ store, unset: 'destroy' }, (a) => {
        a.get('/set', (req, res) => {
          req.session.views = 1;
          res.send('ok');
        });
        a.get('/unset', (req, res) => {
          (req as { session?: unknown }).session = null;
          res.send('ok');
        });
      });
      const cookie = cookiePair(sessionCookie((await request(server).get('/set')).headers));
      await request(server).get('/unset').set('Cookie', cookie).expect(503);
    });
  });

  describe('with saveUninitialized: true and a store that refuses the write', () => {
    it('sends no cookie for the session that was not stored', async () => {
      const store = new CountingStore();
      store.set = (_sid, _data, callback) => callback?.(new Error('down'));
      const { app: server } = app({ store, saveUninitialized: true }, (a) => a.get('/', (_req, res) => res.send('ok')));
      const response = await request(server).get('/').expect(503);
      expect(sessionCookie(response.headers)).toBeUndefined();
    });
  });
});
