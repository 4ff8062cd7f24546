import { SessionStoreError } from '../session-store.errors.js';

/** Reads Redis's clock and stops the script with `{-1, now}` once the module's deadline (ARGV[3]) passed. */
const DEADLINE_CHECK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[3])
if deadline > 0 and now > deadline then return {-1, now} end
`;

/**
 * `SET key value [XX|NX] EX seconds` (ARGV: value, seconds, deadline, condition). Replies `{outcome, nowMs}`:
 * 1 written, 0 the condition did not hold (XX: the key is gone; NX: it exists), -1 too late.
 */
const WRITE_SCRIPT = `${DEADLINE_CHECK}
local reply
if ARGV[4] == '' then
  reply = redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else
  reply = redis.call('SET', KEYS[1], ARGV[1], ARGV[4], 'EX', ARGV[2])
end
if reply then return {1, now} end
return {0, now}
`;

/**
 * Compare and set (ARGV: value, seconds, deadline, expected): writes only if the key still holds
 * `expected`. Replies 1 written, 0 the key is gone, -1 too late, or `{2, now, current}` when another
 * request changed it meanwhile (the caller merges into `current` and tries again).
 */
const COMPARE_AND_SET_SCRIPT = `${DEADLINE_CHECK}
local current = redis.call('GET', KEYS[1])
if not current then return {0, now} end
if current ~= ARGV[4] then return {2, now, current} end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return {1, now}
`;

/** Only what the scripts need of a node-redis client or cluster. */
export interface EvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** `XX`: only if the key exists; `NX`: only if it does not; `''`: always. */
export type WriteCondition = 'XX' | 'NX' | '';

/** The outcome of a compare and set: written, the key is gone, or the value it holds now. */
export type CompareAndSetOutcome = { written: boolean } | { current: string };

/**
 * Writes with a deadline on Redis's clock, so a write the module answered 503 for (Redis frozen or
 * overloaded) is refused when Redis finally runs it. The offset between this process's clock and Redis's
 * is learnt from each reply (the scripts return Redis's time): no extra round trip. Until the first reply
 * no deadline is sent.
 */
export class DeadlineWriter {
  private offsetMs: number | undefined;

  /** How long a write may take before the module gives up on it; `undefined`: no deadline. */
  timeoutMs: number | undefined;

  constructor(private readonly client: EvalClient) {}

  /** Resolves `true` when written, `false` when the condition did not hold; rejects when too late. */
  async write(key: string, value: string, seconds: number, condition: WriteCondition): Promise<boolean> {
    const [outcome] = await this.run(WRITE_SCRIPT, key, [value, String(seconds), this.deadline(), condition]);
    return outcome === 1;
  }

  /** Writes `value` only if the key still holds `expected`. */
  async compareAndSet(key: string, value: string, seconds: number, expected: string): Promise<CompareAndSetOutcome> {
    const [outcome, current] = await this.run(COMPARE_AND_SET_SCRIPT, key, [value, String(seconds), this.deadline(), expected]);
    return outcome === 2 ? { current: String(current) } : { written: outcome === 1 };
  }

  private deadline(): string {
    return this.timeoutMs === undefined || this.offsetMs === undefined ? '0' : String(Date.now() + this.offsetMs + this.timeoutMs);
  }

  private async run(script: string, key: string, args: string[]): Promise<[number, unknown]> {
    const reply = (await this.client.eval(script, { keys: [key], arguments: args })) as unknown[];
    this.offsetMs = Number(reply[1]) - Date.now();
    const outcome = Number(reply[0]);
    if (outcome === -1) {
      throw new SessionStoreError('timeout', 'set');
    }
    return [outcome, reply[2]];
  }
}
