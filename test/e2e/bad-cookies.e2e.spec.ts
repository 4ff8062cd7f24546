import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, TEST_SECRET } from './fixtures/create-test-app.js';
import { sessionCookiePair } from './fixtures/cookies.js';
import { signSessionId } from '../support/signed-cookie.js';

const sign = signSessionId;

function cookie(value: string): string {
  return `connect.sid=${encodeURIComponent(value)}`;
}

describe('bad session cookies are treated as no session', () => {
  let app: INestApplication;
  let validSigned: string;

  beforeAll(async () => {
    app = await createTestApp();
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/auth/login').send({ userId: 'ada' }).expect(200);
    validSigned = decodeURIComponent(sessionCookiePair(login).slice('connect.sid='.length));
  });

  afterAll(async () => {
    await app.close();
  });

  const badCookies: Array<[string, () => string]> = [
    ['a tampered signature', () => cookie(validSigned.slice(0, -2) + (validSigned.endsWith('AA') ? 'BB' : 'AA'))],
    // The first character of the ID replaced by another one (never by itself: 1 ID in 64 starts with 'X').
    ['a tampered ID with the old signature', () => cookie(`s:${validSigned[2] === 'X' ? 'Y' : 'X'}` + validSigned.slice(3))],
    ['an unsigned ID', () => cookie(validSigned.slice(2, validSigned.lastIndexOf('.')))],
    ['a well-signed but unknown ID', () => cookie(sign('unknown-id-chosen-by-the-client', TEST_SECRET))],
    ['an ID signed with another secret', () => cookie(sign('some-id', 'another-secret'))],
    ['an empty value', () => 'connect.sid='],
    ['an oversized value', () => cookie('s:' + 'a'.repeat(8000) + '.sig')],
    ['broken percent-encoding', () => 'connect.sid=%E0%A4%A'],
    ['garbage bytes', () => 'connect.sid=\u00ff\u00fe;;;=;'],
    ['a value with only the prefix', () => cookie('s:')],
    ['a duplicated cookie', () => `${cookie('s:bogus.sig')}; ${cookie('junk')}`],
  ];

  it.each(badCookies)('%s: a fresh anonymous session, never a 500', async (_label, make) => {
    const response = await request(app.getHttpServer()).get('/counter').set('Cookie', make()).expect(200, { views: 1 });
    const issued = sessionCookiePair(response);
    expect(issued).not.toContain('unknown-id-chosen-by-the-client');
    expect(issued).not.toContain('some-id');
  });

  it.each(badCookies)('%s: 401 on a guarded route', async (_label, make) => {
    await request(app.getHttpServer()).get('/private').set('Cookie', make()).expect(401);
  });

  it('never adopts a client-chosen ID', async () => {
    const planted = sign('attacker-chosen', TEST_SECRET);
    const response = await request(app.getHttpServer()).get('/counter').set('Cookie', cookie(planted)).expect(200);
    const issued = decodeURIComponent(sessionCookiePair(response).slice('connect.sid='.length));
    expect(issued.startsWith('s:attacker-chosen.')).toBe(false);
  });

  it('still accepts the valid cookie', async () => {
    await request(app.getHttpServer()).get('/private').set('Cookie', cookie(validSigned)).expect(200, { userId: 'ada' });
  });
});
