import { SessionStoreError } from '../session-store.errors.js';

/**
 * One write as a Lua script: Redis reads its own clock and refuses the write when the module's deadline
 * (in Redis's time) has passed. A write the module already answered 503 for, because Redis was frozen or
 * overloaded, therefore never takes effect when Redis resumes. Replies `{outcome, nowMs}`: 1 written,
 * 0 the condition did not hold (XX: the key is gone; NX: it exists), -1 too late.
 */
const WRITE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[3])
if deadline > 0 and now > deadline then return {-1, now} end
local reply
if ARGV[4] == '' then
  reply = redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else
  reply = redis.call('SET', KEYS[1], ARGV[1], ARGV[4], 'EX', ARGV[2])
end
if reply then return {1, now} end
return {0, now}
`;

/** Only what the script needs of a node-redis client or cluster. */
export interface EvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** `XX`: only if the key exists; `NX`: only if it does not; `''`: always. */
export type WriteCondition = 'XX' | 'NX' | '';

/**
 * Writes with a deadline on Redis's clock. The offset between this process's clock and Redis's is
 * learnt from each reply (the script returns Redis's time), so it costs no extra round trip; until the
 * first reply of a connection no deadline is sent.
 */
export class DeadlineWriter {
  private offsetMs: number | undefined;

  /** How long a write may take before the module gives up on it; `undefined`: no deadline. */
  timeoutMs: number | undefined;

  constructor(private readonly client: EvalClient) {}

  /** Resolves `true` when written, `false` when the condition did not hold; rejects when too late. */
  async write(key: string, value: string, seconds: number, condition: WriteCondition): Promise<boolean> {
    const deadline =
      this.timeoutMs === undefined || this.offsetMs === undefined ? 0 : Date.now() + this.offsetMs + this.timeoutMs;
    const reply = (await this.client.eval(WRITE_SCRIPT, {
      keys: [key],
      arguments: [value, String(seconds), String(deadline), condition],
    })) as [number, number];
    const [outcome, redisNow] = reply.map(Number);
    this.offsetMs = redisNow - Date.now();
    if (outcome === -1) {
      throw new SessionStoreError('timeout', 'set');
    }
    return outcome === 1;
  }
}
