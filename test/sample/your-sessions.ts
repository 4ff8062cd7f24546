import type { NestExpressApplication } from '@nestjs/platform-express';
import { SessionService } from 'nestjs-express-session';
import request from 'supertest';
import { ALICE, BOB, createSampleApp, sessionCookiePair, sessionIdOf } from './sample-app.js';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SAFARI_ON_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

type Agent = ReturnType<typeof request.agent>;
type User = { readonly username: string; readonly password: string };

/** The list items of the "Your sessions" section of a page. */
function sessionItems(page: string): string[] {
  const list = /<ul class="sessions">([\s\S]*?)<\/ul>/.exec(page);
  return list ? [...list[1]!.matchAll(/<li>[\s\S]*?<\/li>/g)].map((match) => match[0]) : [];
}

/** The handles in the page's "Sign out" forms. */
function signOutHandles(page: string): string[] {
  return [...page.matchAll(/<input type="hidden" name="handle" value="([^"]*)">/g)].map((match) => match[1]!);
}

/**
 * "Your sessions" on the sample's signed-in page, and the routes behind its buttons, through real HTTP:
 * one supertest agent per device, against the store that `env` selects.
 */
export function describeYourSessions(storeLabel: string, env: () => NodeJS.ProcessEnv): void {
  describe(`your sessions with the ${storeLabel} store`, () => {
    let app: NestExpressApplication;
    const devices: Agent[] = [];

    beforeAll(async () => {
      app = await createSampleApp(env());
    });

    // Every test starts with no session of either user.
    beforeEach(async () => {
      const sessions = app.get(SessionService);
      await sessions.revokeSessions(ALICE.userId);
      await sessions.revokeSessions(BOB.userId);
    });

    afterAll(async () => {
      for (const device of devices) {
        await device.post('/auth/logout');
      }
      await app?.close();
    });

    /** A new device (its own cookie jar) signed in as `user`. */
    async function signIn(user: User, userAgent = CHROME_ON_LINUX): Promise<Agent> {
      const device = request.agent(app.getHttpServer());
      devices.push(device);
      await device.post('/auth/login').set('User-Agent', userAgent).send({ username: user.username, password: user.password }).expect(200);
      return device;
    }

    async function handleOf(device: Agent): Promise<string> {
      const sessions = (await device.get('/sessions').expect(200)).body as { handle: string; current: boolean }[];
      return sessions.find((session) => session.current)!.handle;
    }

    async function expectSignedOut(device: Agent): Promise<void> {
      const home = await device.get('/').expect(200);
      expect(home.text).toContain('<form method="post" action="/auth/login">');
      await device.get('/auth/me').expect(401);
    }

    it('lists both sessions of a user signed in on two devices, newest first, this one marked', async () => {
      const laptop = await signIn(ALICE, FIREFOX_ON_WINDOWS);
      const phone = await signIn(ALICE, SAFARI_ON_IOS);

      const page = (await laptop.get('/').expect(200)).text;
      expect(page).toContain('<h2 id="sessions-heading">Your sessions</h2>');
      const items = sessionItems(page);
      expect(items).toHaveLength(2);
      expect(items[0]).toContain('<strong>Safari on iOS</strong>');
      expect(items[0]).toMatch(/127\.0\.0\.1 · <time datetime="[\d-]+T[\d:.]+Z">last seen just now<\/time>/);
      expect(items[0]).toContain('aria-label="Sign out Safari on iOS, last seen just now">Sign out</button>');
      expect(items[1]).toContain('<strong>Firefox on Windows</strong> <span class="badge">This device</span>');
      expect(items[1]).toContain('active now');
      expect(items[1]).not.toContain('Sign out');
      expect(signOutHandles(page)).toEqual([await handleOf(phone)]);
      expect(page).toContain('<form method="post" action="/sessions/revoke-others">');

      const listed = (await laptop.get('/sessions').expect(200)).body as Record<string, unknown>[];
      expect(listed.map((session) => session.current)).toEqual([false, true]);
      expect(listed[1]).toMatchObject({ userAgent: FIREFOX_ON_WINDOWS, handle: await handleOf(laptop) });
      // The handle is not the session ID (nor does the list carry one).
      const laptopId = sessionIdOf(sessionCookiePair(await laptop.get('/auth/me')));
      expect(JSON.stringify(listed)).not.toContain(laptopId);
    });

    it('signs the other device out with its "Sign out" button: it then gets the login page and 401', async () => {
      const laptop = await signIn(ALICE);
      const phone = await signIn(ALICE);
      const phoneHandle = await handleOf(phone);
      expect(signOutHandles((await laptop.get('/').expect(200)).text)).toContain(phoneHandle);

      await laptop.post('/sessions/revoke').type('form').send({ handle: phoneHandle }).expect(303).expect('Location', '/');

      await expectSignedOut(phone);
      const page = (await laptop.get('/').expect(200)).text;
      expect(signOutHandles(page)).not.toContain(phoneHandle);
      await laptop.get('/auth/me').expect(200, { userId: ALICE.userId, username: ALICE.username });
    });

    it('"Sign out all other sessions" ends every other session of the user and keeps this one', async () => {
      const [laptop, phone, tablet] = [await signIn(BOB), await signIn(BOB), await signIn(BOB)];
      const alice = await signIn(ALICE);

      await laptop.post('/sessions/revoke-others').type('form').send({}).expect(303).expect('Location', '/');

      await expectSignedOut(phone);
      await expectSignedOut(tablet);
      const page = (await laptop.get('/').expect(200)).text;
      expect(sessionItems(page)).toHaveLength(1);
      expect(page).not.toContain('Sign out all other sessions');
      // Another user's sessions are untouched.
      await alice.get('/auth/me').expect(200);
      // As JSON: how many were ended.
      await signIn(BOB);
      await laptop.post('/sessions/revoke-others').send({}).expect(200, { revoked: 1 });
    });

    it("revokes nothing for a made-up handle or another user's handle", async () => {
      const alice = await signIn(ALICE);
      const bob = await signIn(BOB);
      const bobHandle = await handleOf(bob);

      await alice.post('/sessions/revoke').send({ handle: 'made-up-handle-0123456' }).expect(200, { revoked: 0 });
      await alice.post('/sessions/revoke').send({ handle: bobHandle }).expect(200, { revoked: 0 });
      await alice.post('/sessions/revoke').type('form').send({ handle: bobHandle }).expect(303);

      await bob.get('/auth/me').expect(200, { userId: BOB.userId, username: BOB.username });
      await alice.get('/auth/me').expect(200);
    });

    it('answers 400 to a missing, non-text or oversized handle', async () => {
      const alice = await signIn(ALICE);
      for (const body of [{}, { handle: ['x'] }, { handle: 'h'.repeat(65) }]) {
        const response = await alice.post('/sessions/revoke').send(body).expect(400);
        expect(response.body.message).toEqual(['handle is required: a string of at most 64 characters.']);
      }
    });

    it('escapes what it shows: an address taken from X-Forwarded-For (TRUST_PROXY=1)', async () => {
      const proxied = await createSampleApp({ ...env(), TRUST_PROXY: '1' });
      try {
        const device = request.agent(proxied.getHttpServer());
        const injected = '<script>alert(1)</script>';
        await device
          .post('/auth/login')
          .set('X-Forwarded-For', injected)
          .set('User-Agent', `${injected} Firefox/1`)
          .send({ username: ALICE.username, password: ALICE.password })
          .expect(200);
        const page = (await device.get('/').expect(200)).text;
        expect(page).not.toContain('<script>');
        expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; · <time');
        // The User-Agent itself is never shown, only the name derived from it.
        expect(sessionItems(page)[0]).toContain('<strong>Firefox</strong>');
        await device.post('/auth/logout').expect(204);
      } finally {
        await proxied.close();
      }
    });

    it('signs this device out when its own handle is posted (the page offers "Log out" for that instead)', async () => {
      const laptop = await signIn(ALICE);
      await laptop.post('/sessions/revoke').send({ handle: await handleOf(laptop) }).expect(200, { revoked: 1 });
      await expectSignedOut(laptop);
    });

    it('answers 401 to every sessions route without a signed-in session', async () => {
      const anonymous = request(app.getHttpServer());
      await anonymous.get('/sessions').expect(401);
      await anonymous.post('/sessions/revoke').send({ handle: 'x' }).expect(401);
      await anonymous.post('/sessions/revoke-others').expect(401);
    });

    it('refuses a sign-out posted from another site (CSRF) with 403, revoking nothing', async () => {
      const laptop = await signIn(ALICE);
      const phone = await signIn(ALICE);
      const handle = await handleOf(phone);
      await laptop.post('/sessions/revoke').set('Origin', 'https://evil.example').type('form').send({ handle }).expect(403);
      await laptop.post('/sessions/revoke-others').set('Sec-Fetch-Site', 'cross-site').type('form').send({}).expect(403);
      await phone.get('/auth/me').expect(200);
    });
  });
}
