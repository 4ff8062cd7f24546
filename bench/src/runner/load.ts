import autocannon from 'autocannon';

/** What autocannon sends. */
export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  /** Cookie header values: one is sent on every request, several rotate request by request. */
  readonly cookies: readonly string[];
  readonly connections: number;
  /** Seconds of load. */
  readonly durationS: number;
}

/**
 * Runs autocannon in this process (the load generator's core); resolves with the responses (any status), the
 * failures (non-2xx responses plus errors), req/s and the p99 latency.
 */
export function runLoad(spec: LoadSpec): Promise<{ responses: number; failures: number; reqPerSec: number; p99Ms: number }> {
  let next = 0;
  const rotate = spec.cookies.length > 1;
  const headers: Record<string, string> = spec.cookies.length === 1 ? { cookie: spec.cookies[0] } : {};
  const setupRequest = (request: { headers?: Record<string, string> }) => {
    request.headers = { ...request.headers, cookie: spec.cookies[next++ % spec.cookies.length] };
    return request;
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        // autocannon stops at a sample tick (default every 1 s); 100 ms keeps short runs short.
        sampleInt: 100,
        duration: spec.durationS,
        headers,
        requests: [rotate ? { path: spec.path, setupRequest } : { path: spec.path }],
      },
      (error, result) => {
        if (error) {
          return reject(error);
        }
        const responses = result['2xx'] + result.non2xx;
        resolve({
          responses,
          failures: result.non2xx + result.errors,
          reqPerSec: result.duration > 0 ? responses / result.duration : 0,
          p99Ms: result.latency.p99,
        });
      },
    );
  });
}

/** Creates `count` sessions on a server through its `/login` route (10 at a time); returns their Cookie values. */
export async function loginSessions(baseUrl: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  while (cookies.length < count) {
    const batch = Array.from({ length: Math.min(10, count - cookies.length) }, async () => {
      const response = await fetch(`${baseUrl}/login`);
      await response.arrayBuffer();
      const setCookie = response.headers.getSetCookie()[0];
      if (response.status !== 200 || !setCookie) {
        throw new Error(`GET ${baseUrl}/login answered ${response.status} without a session cookie`);
      }
      return setCookie.split(';')[0];
    });
    cookies.push(...(await Promise.all(batch)));
  }
  return cookies;
}

/** Median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, mean, sample sd and the mean's 95 % half-width (2 sd ÷ √n) of per-round ratios. */
export function ratioStatistics(ratios: readonly number[]): { median: number; mean: number; sd: number; halfWidth95: number } {
  const n = ratios.length;
  const mean = ratios.reduce((sum, r) => sum + r, 0) / n;
  const sd = Math.sqrt(ratios.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1));
  return { median: median(ratios), mean, sd, halfWidth95: (2 * sd) / Math.sqrt(n) };
}

/** A number for a table cell: fixed digits, `—` when not finite. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}
