import { SessionStoreError } from '../session-store.errors.js';
import { MERGE_SCRIPT } from './redis-merge-script.js';
import { cachedScript as cached, runScript, type CachedScript, type EvalClient } from './redis-script.js';

export type { EvalClient } from './redis-script.js';

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
const WRITE_SCRIPT = cached(`${DEADLINE_CHECK}
local reply
if ARGV[4] == '' then
  reply = redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else
  reply = redis.call('SET', KEYS[1], ARGV[1], ARGV[4], 'EX', ARGV[2])
end
if reply then return {1, now} end
return {0, now}
`);

const MERGE_WITH_DEADLINE = cached(`${DEADLINE_CHECK}${MERGE_SCRIPT}`);

/** `XX`: only if the key exists; `NX`: only if it does not; `''`: always. */
export type WriteCondition = 'XX' | 'NX' | '';

/** What one request changed, as the merge script takes it: JSON texts. */
export interface MergeArguments {
  /** The whole session as the request sees it: written when nobody else wrote since `expected`. */
  readonly value: string;
  /** The record as the request loaded it (or last wrote it). */
  readonly expected: string;
  readonly cookie: string;
  /** [key JSON, value JSON] of each key set. */
  readonly set: readonly (readonly [string, string])[];
  /** The JSON of each key deleted. */
  readonly deleted: readonly string[];
}

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

  /** Merges one request's changes into the record as stored now; resolves the written text, or `undefined` when gone. */
  async merge(key: string, seconds: number, merge: MergeArguments): Promise<string | undefined> {
    const args = [merge.value, String(seconds), this.deadline(), merge.expected, merge.cookie, String(merge.set.length)];
    for (const [name, json] of merge.set) {
      args.push(name, json);
    }
    args.push(...merge.deleted);
    const [outcome, written] = await this.run(MERGE_WITH_DEADLINE, key, args);
    if (outcome === 0) {
      return undefined;
    }
    return outcome === 3 ? String(written) : merge.value;
  }

  private deadline(): string {
    return this.timeoutMs === undefined || this.offsetMs === undefined ? '0' : String(Date.now() + this.offsetMs + this.timeoutMs);
  }

  private async run(script: CachedScript, key: string, args: string[]): Promise<[number, unknown]> {
    const reply = (await runScript(this.client, script, [key], args)) as unknown[];
    this.offsetMs = Number(reply[1]) - Date.now();
    const outcome = Number(reply[0]);
    if (outcome === -1) {
      throw new SessionStoreError('timeout', 'set');
    }
    return [outcome, reply[2]];
  }
}
