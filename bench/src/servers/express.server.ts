// Variant 1: Express 5 + express-session, the raw baseline.
import express from 'express';
import session from 'express-session';
import { createServer } from 'node:http';
import { announce, BENCH_SECRET, openBenchStore, readServerConfig } from './server-setup.js';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    hits?: number;
  }
}

const config = readServerConfig();
const bench = await openBenchStore(config, false);
const app = express();
let logins = 0;

// Routes that never need a session go before the session middleware: the plain Express way to exclude them.
app.get('/none', (_req, res) => {
  res.json({ ok: true });
});
app.use(
  session({
    secret: BENCH_SECRET,
    store: bench.store,
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: config.maxAgeMs, httpOnly: true, sameSite: 'lax' },
  }),
);
app.get('/login', (req, res) => {
  req.session.userId = `user-${++logins}`;
  res.json({ userId: req.session.userId });
});
app.get('/hit', (req, res) => {
  req.session.hits = (req.session.hits ?? 0) + 1;
  res.json({ hits: req.session.hits });
});
app.get('/read', (req, res) => {
  res.json({ userId: req.session.userId ?? null });
});

const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  announce(server, async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bench.close();
  });
});
