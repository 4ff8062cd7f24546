import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ALICE, createSampleApp, sessionSetCookie } from './sample-app.js';

describe('the sample: login input, errors and headers', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createSampleApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (body: object | string) => request(app.getHttpServer()).post('/auth/login').send(body);

  describe('when a JSON login is missing or has bad fields, it answers 400 naming each field and creates no session', () => {
    it.each<[string, object, string[]]>([
      ['an empty body', {}, ['username is required.', 'password is required.']],
      ['no password', { username: 'alice' }, ['password is required.']],
      ['an empty username', { username: '', password: 'x' }, ['username is required.']],
      ['a numeric password', { username: 'alice', password: 12345 }, ['password must be a string.']],
      ['an array username', { username: ['alice'], password: 'x' }, ['username must be a string.']],
      ['a 65-character username', { username: 'a'.repeat(65), password: 'x' }, ['username must be at most 64 characters.']],
      ['a 257-character password', { username: 'alice', password: 'p'.repeat(257) }, ['password must be at most 256 characters.']],
    ])('%s', async (_label, body, messages) => {
      const response = await post(body).expect(400);
      expect(response.body.message).toEqual(messages);
      expect(sessionSetCookie(response)).toBeUndefined();
    });

    it('accepts the longest allowed fields (and answers 401 for them, not 400)', async () => {
      await post({ username: 'a'.repeat(64), password: 'p'.repeat(256) }).expect(401);
    });

    it('answers 400 to a body that is not JSON or a form', async () => {
      const response = await request(app.getHttpServer())
        .post('/auth/login')
        .set('Content-Type', 'text/plain')
        .send('username=alice&password=alice-demo-pass')
        .expect(400);
      expect(response.body.message).toEqual(['username is required.', 'password is required.']);
    });
  });

  describe('when the HTML form is posted with errors, it shows the form again with the message', () => {
    it('400 for a missing password, the username kept in the field', async () => {
      const response = await post('username=alice').type('form').expect(400).expect('Content-Type', /text\/html/);
      expect(response.text).toContain('<p class="error" role="alert">password is required.</p>');
      expect(response.text).toContain('value="alice"');
      expect(sessionSetCookie(response)).toBeUndefined();
    });

    it('401 with the generic message for a wrong password, and no cookie', async () => {
      const response = await post({ username: 'alice', password: 'nope' }).type('form').expect(401);
      expect(response.text).toContain('Invalid username or password.');
      expect(sessionSetCookie(response)).toBeUndefined();
    });

    it('escapes what the visitor typed', async () => {
      const typed = `"><script>alert('x')</script>`;
      const response = await post({ username: typed, password: 'nope' }).type('form').expect(401);
      expect(response.text).not.toContain('<script>');
      expect(response.text).toContain('value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"');
    });
  });

  describe('when a browser posts from another site (app.enableCsrfProtection())', () => {
    it('refuses the login with 403 and no session', async () => {
      const response = await post({ username: ALICE.username, password: ALICE.password })
        .set('Origin', 'https://evil.example')
        .expect(403);
      expect(sessionSetCookie(response)).toBeUndefined();
      // The security headers go out on the rejection too.
      expect(response.headers['x-frame-options']).toBe('DENY');
    });

    it('refuses a cross-site post that carries no Origin but Sec-Fetch-Site', async () => {
      await post({ username: ALICE.username, password: ALICE.password }).set('Sec-Fetch-Site', 'cross-site').expect(403);
    });

    it('accepts the same origin', async () => {
      await post({ username: ALICE.username, password: ALICE.password })
        .set('Host', 'sample.test:8080')
        .set('Origin', 'https://sample.test:8080')
        .expect(200);
    });
  });

  it('sends security headers, and no caching of the page', async () => {
    const response = await request(app.getHttpServer()).get('/').expect(200);
    expect(response.headers['content-security-policy']).toMatch(
      /^default-src 'none';style-src 'sha256-[^']+';form-action 'self';frame-ancestors 'none';base-uri 'none'$/,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    // 'no-referrer' would make browsers send `Origin: null` on the login form post, which is refused.
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers 401 JSON to /auth/me without a session', async () => {
    const response = await request(app.getHttpServer()).get('/auth/me').expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, message: 'Authentication required.' });
  });

  it('lets an anonymous logout through (204) without creating a session', async () => {
    const response = await request(app.getHttpServer()).post('/auth/logout').expect(204);
    expect(sessionSetCookie(response)).toMatch(/^sid=;/);
  });
});
