import autocannon, { type Result } from 'autocannon';

/** What autocannon sends. */
export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  /** Cookie header values: one is sent on every request, several rotate request by request. */
  readonly cookies: readonly string[];
  readonly connections: number;
  /** Seconds of load; ignored when `amount` is set. */
  readonly durationS: number;
  /** Fixed number of requests instead of a duration. */
  readonly amount?: number;
}

/** What came back. */
export interface LoadResult {
  /** Responses received (any status). */
  readonly responses: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly durationS: number;
  readonly reqPerSec: number;
  readonly p99Ms: number;
}

/** Runs autocannon in this process (the load generator's core) and resolves with its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const rotate = spec.cookies.length > 1;
  const headers: Record<string, string> = rotate || spec.cookies.length === 0 ? {} : { cookie: spec.cookies[0] };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        // autocannon stops at a sample tick (default every 1 s); 100 ms keeps short runs short.
        // req/s here is responses ÷ duration, so the per-second histogram is not used.
        sampleInt: 100,
        ...(spec.amount === undefined ? { duration: spec.durationS } : { amount: spec.amount }),
        headers,
        requests: [
          rotate
            ? {
                path: spec.path,
                setupRequest: (request) => {
                  request.headers = { ...request.headers, cookie: spec.cookies[next++ % spec.cookies.length] };
                  return request;
                },
              }
            : { path: spec.path },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(summarize(result))),
    );
  });
}

function summarize(result: Result): LoadResult {
  const responses = result['2xx'] + result.non2xx;
  return {
    responses,
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
    reqPerSec: result.duration > 0 ? responses / result.duration : 0,
    p99Ms: result.latency.p99,
  };
}
