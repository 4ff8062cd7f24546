import type { Response } from 'express';

/** How a failed commit replaces the response: status, JSON body, and `Retry-After` for a store outage. */
export type CommitFailure = { readonly status: number; readonly body: Record<string, unknown>; readonly retryAfter?: number };

/** Drops what the handler sent so far and lets a later writer (Express's error handling) answer instead. */
export const HAND_OFF = { handOff: true } as const;
type Outcome = CommitFailure | typeof HAND_OFF;

/** The commit a gate holds the response for. */
export interface ResponseCommit {
  /**
   * Called once, at the first moment the status line and headers would go out (`writeHead`, `write`,
   * `end`, whatever path the response takes). Calls `resume()` when the response may go on, or
   * `resume(failure)` when it must be replaced, or `resume(HAND_OFF)` before passing an error to `next()`;
   * synchronously or later.
   */
  begin(resume: (outcome?: Outcome) => void): void;
}

type Call = readonly [method: 'writeHead' | 'flushHeaders' | 'write' | 'end', args: unknown[]];
type Method = (this: Response, ...args: unknown[]) => unknown;

const OPEN = 0;
const HOLDING = 1;
const PASSING = 2;
const REPLACED = 3;

/**
 * Holds a response at its first byte until `commit` has run, on every path a response can take: the
 * status line, headers and body are replayed in order once the commit succeeded, or replaced by the
 * failure's JSON reply. While held the response reads as sent (`headersSent`), so an exception filter
 * that runs after the handler ended it does not turn it into a 500; a second `end()` is ignored;
 * streamed writes see back-pressure and get `drain` once they may go on.
 */
export function gateResponse(res: Response, commit: ResponseCommit): void {
  const writeHead = res.writeHead as unknown as Method;
  const write = res.write as unknown as Method;
  const end = res.end as unknown as Method;
  const flushHeaders = res.flushHeaders as unknown as Method;
  let phase = OPEN;
  let ended = false;
  let held: Call[] | undefined;
  let syncOutcome: Outcome | null | undefined;
  let deciding = false;
  let replying = false;
  const reply = (failure: CommitFailure): void => {
    replying = true;
    try {
      replyWithFailure(res, failure, end);
    } finally {
      replying = false;
    }
  };

  const replay = (): void => {
    const calls = held ?? [];
    held = undefined;
    let drain = false;
    for (const [method, args] of calls) {
      if (method === 'writeHead') {
        // A second head (flushHeaders after an explicit writeHead) would throw after the first went out.
        if (!headerWritten(res)) {
          writeHead.apply(res, args);
        }
      } else if (method === 'flushHeaders') {
        flushHeaders.apply(res, args);
      } else if (method === 'write') {
        write.apply(res, args);
        drain = true;
      } else {
        end.apply(res, args);
      }
    }
    if (drain && !ended) {
      res.emit('drain');
    }
  };

  const replace = (failure: CommitFailure): void => {
    const calls = held ?? [];
    held = undefined;
    reply(failure);
    for (const [method, args] of calls) {
      callBack(method, args);
    }
    if (calls.some(([method]) => method === 'write')) {
      res.emit('drain');
    }
  };

  const handOff = (): void => {
    const calls = held ?? [];
    held = undefined;
    phase = PASSING;
    ended = false;
    for (const [method, args] of calls) {
      callBack(method, args);
    }
  };

  const resume = (outcome?: Outcome): void => {
    if (deciding) {
      syncOutcome = outcome ?? null;
      return;
    }
    if (outcome === HAND_OFF) {
      return handOff();
    }
    const failure = outcome as CommitFailure | undefined;
    if (failure) {
      phase = REPLACED;
      replace(failure);
    } else {
      phase = PASSING;
      replay();
    }
  };

  /** True when `method(args)` may go through now; otherwise it is held (or dropped if replaced). */
  const pass = (method: Call[0], args: unknown[]): boolean => {
    if (phase === PASSING) {
      return true;
    }
    if (phase === HOLDING) {
      held!.push([method, args]);
      return false;
    }
    if (phase === REPLACED) {
      if (replying) {
        return true;
      }
      callBack(method, args);
      return false;
    }
    deciding = true;
    syncOutcome = undefined;
    commit.begin(resume);
    deciding = false;
    if (syncOutcome === null) {
      phase = PASSING;
      return true;
    }
    if (syncOutcome === HAND_OFF) {
      held = [[method, args]];
      handOff();
      return false;
    }
    if (syncOutcome) {
      phase = REPLACED;
      reply(syncOutcome as CommitFailure);
      callBack(method, args);
      return false;
    }
    phase = HOLDING;
    held = [[method, args]];
    Object.defineProperty(res, 'headersSent', {
      configurable: true,
      get: () => phase === HOLDING || phase === REPLACED || headerWritten(res),
    });
    return false;
  };

  res.writeHead = function gatedWriteHead(this: Response, ...args: unknown[]) {
    return pass('writeHead', args) ? writeHead.apply(this, args) : this;
  } as Response['writeHead'];
  res.flushHeaders = function gatedFlushHeaders(this: Response) {
    if (pass('flushHeaders', [])) {
      flushHeaders.apply(this, []);
    }
  } as Response['flushHeaders'];
  res.write = function gatedWrite(this: Response, ...args: unknown[]) {
    return pass('write', args) ? write.apply(this, args) : phase === REPLACED;
  } as Response['write'];
  res.end = function gatedEnd(this: Response, ...args: unknown[]) {
    if (ended) {
      return this;
    }
    ended = true;
    return pass('end', args) ? end.apply(this, args) : this;
  } as Response['end'];
}

/** Calls the completion callback a held `write`/`end` was given, once it is dropped. */
function callBack(method: Call[0], args: unknown[]): void {
  if (method === 'writeHead' || method === 'flushHeaders') {
    return;
  }
  const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
  if (callback) {
    process.nextTick(callback);
  }
}

/** True once Node has serialized the status line and headers of `res`. */
function headerWritten(res: Response): boolean {
  return (res as unknown as { _header: unknown })._header != null;
}

/** Headers of the handler's response that must not survive into the failure reply. */
const REPLACED_HEADERS = ['content-length', 'content-type', 'content-encoding', 'etag', 'location', 'set-cookie', 'last-modified'];

function replyWithFailure(res: Response, failure: CommitFailure, end: Method): void {
  const body = JSON.stringify(failure.body);
  for (const header of REPLACED_HEADERS) {
    res.removeHeader(header);
  }
  res.statusCode = failure.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  if (failure.retryAfter !== undefined) {
    res.setHeader('Retry-After', String(failure.retryAfter));
  }
  end.call(res, body);
}
