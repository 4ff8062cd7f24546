import type { Response } from 'supertest';

/**
 * Asserts a store-outage answer: 503, a JSON body with nothing about the driver, host or port, a
 * `Retry-After` header, and no session cookie.
 */
export function expectStoreUnavailable(response: Response, port?: number): void {
  expect(response.status).toBe(503);
  expect(response.headers['content-type']).toMatch(/application\/json/);
  expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.headers['set-cookie']).toBeUndefined();
  const text = response.text;
  expect(text).not.toMatch(/stack|\bat \S+:\d+|ECONN|redis|socket|timeout|127\.0\.0\.1|localhost/i);
  if (port !== undefined) {
    expect(text).not.toContain(String(port));
  }
}
