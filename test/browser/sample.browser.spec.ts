import { existsSync, mkdirSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ALICE, BOB, createSampleApp } from '../sample/sample-app.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A host name that is not localhost: an origin the browser does not deem secure (no Sec-Fetch-Site).
  `--host-resolver-rules=MAP ${'sample.test'} 127.0.0.1`,
];
const SCREENSHOT = resolve('test-artifacts/sample-signed-in.png');
const SCREENSHOT_LOGIN_ERROR = resolve('test-artifacts/sample-login-error.png');
const SCREENSHOT_320 = resolve('test-artifacts/sample-320px-login.png');
const SCREENSHOT_320_SIGNED_IN = resolve('test-artifacts/sample-320px-signed-in.png');
const SCREENSHOT_SESSIONS = resolve('test-artifacts/sample-your-sessions.png');

/**
 * A reverse proxy in front of the sample, passing the `Host` header the way nginx does with
 * `proxy_set_header Host $http_host` (as the browser sent it) or `Host $host` (without the port).
 */
function startProxy(upstreamPort: number, host: '$http_host' | '$host', referrerPolicy?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const sent = req.headers.host ?? '';
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: host === '$host' ? sent.replace(/:\d+$/, '') : sent },
      },
      (answer) => {
        const headers = referrerPolicy ? { ...answer.headers, 'referrer-policy': referrerPolicy } : answer.headers;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

/**
 * Another origin on the same machine (a second loopback port): a page with a login form that posts to
 * the sample, as a hostile site would (a login CSRF). No script: the test clicks its button.
 */
function startOtherOrigin(target: string): Promise<Server> {
  const page = `<!doctype html><html><body>
<form method="post" action="${target}/auth/login">
  <input name="username" value="alice"><input name="password" value="alice-demo-pass">
  <button type="submit">Win a prize</button>
</form></body></html>`;
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(page);
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

const requireBrowser = process.env.REQUIRE_BROWSER === '1';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !requireBrowser) {
  console.log(`Skipping the sample's browser test: ${CHROMIUM} is missing (apt-get install chromium; REQUIRE_BROWSER=1 fails instead).`);
}

(haveChromium || requireBrowser ? describe : describe.skip)('the sample in headless Chromium', () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let baseUrl: string;
  let otherOrigin: Server | undefined;
  const proxies: Server[] = [];
  const contexts: BrowserContext[] = [];

  /** A fresh browser profile (own cookie jar) with a page that records console errors (e.g. CSP refusals). */
  async function openPage(
    viewport?: { width: number; height: number },
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext(viewport ? { viewport } : {});
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  async function signIn(page: Page, password: string, username: string = ALICE.username): Promise<void> {
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  }

  beforeAll(async () => {
    expect(existsSync(CHROMIUM)).toBe(true);
    app = await createSampleApp();
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    for (const server of [otherOrigin, ...proxies]) {
      await new Promise((done) => (server ? server.close(done) : done(undefined)));
    }
    for (const context of contexts) {
      await context.close();
    }
    await browser?.close();
    await app?.close();
  });

  it('signs in with the form, stays signed in on reload, keeps the cookie from scripts, and signs out', async () => {
    const { context, page, errors } = await openPage();
    await page.goto(`${baseUrl}/`);
    expect(await page.textContent('h1')).toBe('Sign in');

    await signIn(page, 'not-the-password');
    expect(await page.textContent('[role=alert]')).toBe('Invalid username or password.');
    expect(await context.cookies()).toEqual([]);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT_LOGIN_ERROR, fullPage: true });

    await signIn(page, ALICE.password);
    expect(page.url()).toBe(`${baseUrl}/`);
    expect(await page.textContent('h1')).toBe('Signed in as alice');
    expect(await page.textContent('#visits')).toBe('1');

    await page.reload();
    expect(await page.textContent('h1')).toBe('Signed in as alice');
    expect(await page.textContent('#visits')).toBe('2');

    const [cookie, ...others] = await context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: 'sid', httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const { page: otherPage } = await openPage();
    await otherPage.goto(`${baseUrl}/`);
    expect(await otherPage.textContent('h1')).toBe('Sign in');
    expect(await otherPage.content()).not.toContain('Signed in as');

    await Promise.all([page.waitForLoadState('load'), page.click('text=Log out')]);
    expect(page.url()).toBe(`${baseUrl}/`);
    expect(await page.textContent('h1')).toBe('Sign in');
    expect(await page.isVisible('form[action="/auth/login"]')).toBe(true);
    expect(await context.cookies()).toEqual([]);
    await page.reload();
    expect(await page.textContent('h1')).toBe('Sign in');

    // Only the expected 401 of the wrong password: no CSP refusal (the page's style hash is right), no script error.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  }, 60_000);

  it('two browsers of one user: the first lists both, signs the second out, and the second gets the login form on reload', async () => {
    const { page: first, errors } = await openPage();
    const { page: second } = await openPage();
    const signInAsBob = async (page: Page): Promise<void> => {
      await page.goto(`${baseUrl}/`);
      await signIn(page, BOB.password, BOB.username);
      expect(await page.textContent('h1')).toBe('Signed in as bob');
    };
    const items = first.locator('.sessions li');
    await signInAsBob(first);
    await signInAsBob(second);

    await first.reload();
    expect(await first.textContent('h2')).toBe('Your sessions');
    expect(await items.count()).toBe(2);
    // Newest first: the second browser, then this one.
    expect(await items.nth(0).innerText()).toMatch(/^Chrome on Linux\n127\.0\.0\.1 · last seen just now\nSign out$/);
    expect(await items.nth(1).innerText()).toBe('Chrome on Linux This device\n127.0.0.1 · active now');
    mkdirSync(dirname(SCREENSHOT_SESSIONS), { recursive: true });
    await first.screenshot({ path: SCREENSHOT_SESSIONS, fullPage: true });

    const signOutSecond = items.nth(0).getByRole('button', { name: 'Sign out Chrome on Linux, last seen just now' });
    await Promise.all([first.waitForEvent('load'), signOutSecond.click()]);
    expect(first.url()).toBe(`${baseUrl}/`);
    expect(await items.count()).toBe(1);
    expect(await first.getByRole('button', { name: 'Sign out all other sessions' }).count()).toBe(0);

    await second.reload();
    expect(await second.textContent('h1')).toBe('Sign in');
    expect(await second.isVisible('form[action="/auth/login"]')).toBe(true);

    // Signed in again, the second browser is signed out by "Sign out all other sessions".
    await signInAsBob(second);
    await first.reload();
    expect(await items.count()).toBe(2);
    await Promise.all([first.waitForEvent('load'), first.getByRole('button', { name: 'Sign out all other sessions' }).click()]);
    expect(await items.count()).toBe(1);
    expect(await first.textContent('h1')).toBe('Signed in as bob');
    await second.reload();
    expect(await second.textContent('h1')).toBe('Sign in');

    expect(errors).toEqual([]);
  }, 60_000);

  it('refuses a login form posted from another origin (a second loopback port) with 403 and no session', async () => {
    otherOrigin = await startOtherOrigin(baseUrl);
    const otherUrl = `http://127.0.0.1:${(otherOrigin.address() as AddressInfo).port}/`;
    const { context, page } = await openPage();
    await page.goto(otherUrl);
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.url() === `${baseUrl}/auth/login`),
      page.click('button[type=submit]'),
    ]);
    expect(response.status()).toBe(403);
    // Same host, other port: the browser calls it same-site, which is still another origin.
    expect(await response.request().headerValue('sec-fetch-site')).toBe('same-site');
    expect(await context.cookies()).toEqual([]);
    // The same browser, on the sample's own page, signs in (the same-origin form works).
    await page.goto(`${baseUrl}/`);
    await signIn(page, ALICE.password);
    expect(await page.textContent('h1')).toBe('Signed in as alice');
  }, 60_000);

  it('fits a 320 px wide screen: no horizontal overflow on the login and the signed-in page', async () => {
    const { page, errors } = await openPage({ width: 320, height: 640 });
    const scrollWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');
    await page.goto(`${baseUrl}/`);
    expect(await page.textContent('h1')).toBe('Sign in');
    mkdirSync(dirname(SCREENSHOT_320), { recursive: true });
    await page.screenshot({ path: SCREENSHOT_320, fullPage: true });
    expect(await scrollWidth()).toBeLessThanOrEqual(320);

    await signIn(page, ALICE.password);
    expect(await page.textContent('h1')).toBe('Signed in as alice');
    await page.screenshot({ path: SCREENSHOT_320_SIGNED_IN, fullPage: true });
    expect(await scrollWidth()).toBeLessThanOrEqual(320);
    expect(errors).toEqual([]);
  }, 60_000);

  it.each([
    ['$http_host', 'signs in', 303, undefined],
    ['$host', 'refuses the login with 403', 403, undefined],
    // Why the sample sets Referrer-Policy: same-origin: with helmet's no-referrer, the form sends Origin: null.
    ['$http_host', 'refuses the login with 403 under Referrer-Policy: no-referrer', 403, 'no-referrer'],
  ] as const)(
    'behind a proxy on a plain-HTTP host name and port, with Host %s, the same-origin form %s',
    async (host, _outcome, status, referrerPolicy) => {
      const appPort = (app.getHttpServer().address() as AddressInfo).port;
      const proxy = await startProxy(appPort, host, referrerPolicy);
      proxies.push(proxy);
      const proxied = `http://sample.test:${(proxy.address() as AddressInfo).port}`;
      const { page } = await openPage();
      await page.goto(`${proxied}/`);
      expect(await page.textContent('h1')).toBe('Sign in');
      await page.fill('#username', ALICE.username);
      await page.fill('#password', ALICE.password);
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => candidate.url() === `${proxied}/auth/login`),
        page.click('button[type=submit]'),
      ]);
      // Not a secure origin: no Fetch Metadata, so the check compares Origin with the Host the app receives.
      expect(await response.request().headerValue('sec-fetch-site')).toBeNull();
      expect(await response.request().headerValue('origin')).toBe(referrerPolicy === 'no-referrer' ? 'null' : proxied);
      expect(response.status()).toBe(status);
      if (status === 303) {
        await page.waitForLoadState('load');
        expect(await page.textContent('h1')).toBe('Signed in as alice');
      }
    },
    60_000,
  );
});
