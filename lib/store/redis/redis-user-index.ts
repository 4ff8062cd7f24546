import { createHash } from 'node:crypto';
import type { SessionData } from 'express-session';
import { sessionOwnerDetailsOf, sessionOwnerOf, type SessionOwnerDetails } from '../session-owner.js';
import type { IndexedSession } from '../user-session-index.js';
import { cachedScript, runScript, type EvalClient } from './redis-script.js';

/** Drops a user's entries whose expiry (the sorted set's score) is at or before `now` from the three keys. */
const PRUNE = (now: string) => `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ${now})
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ${now})
  for i = 1, #gone do
    redis.call('HDEL', KEYS[2], gone[i])
    redis.call('HDEL', KEYS[3], gone[i])
  end
end
`;

/**
 * Adds or refreshes one entry (ARGV: handle, expiresAt, "seenAt:key", now, details JSON or '' after the
 * first update) and keeps the three keys alive as long as the user's longest-lived entry.
 */
const INDEX_SCRIPT = cachedScript(`${PRUNE('ARGV[4]')}
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[5]) end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local ttl = math.ceil(tonumber(last[2]) - tonumber(ARGV[4]))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
return 1
`);

/** The live entries (ARGV: now) as a flat list: handle, expiresAt, "seenAt:key", details JSON or '', … */
const LIST_SCRIPT = cachedScript(`${PRUNE('ARGV[1]')}
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  local value = redis.call('HGET', KEYS[2], live[i])
  if value then
    out[#out + 1] = live[i]
    out[#out + 1] = live[i + 1]
    out[#out + 1] = value
    out[#out + 1] = redis.call('HGET', KEYS[3], live[i]) or ''
  end
end
return out
`);

/** Removes entries (ARGV: handles). */
const UNINDEX_SCRIPT = cachedScript(`
for i = 1, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[3], ARGV[i])
end
return 1
`);

/**
 * A user's index in Redis: a sorted set of handles scored by expiry, a hash of handle → "seenAt:key" and one
 * of handle → the details recorded when the session joined (since, IP, User-Agent), all under the hash tag of
 * the user id's digest, so they share a cluster slot (the sessions themselves live in other slots: no command
 * spans both). Each update is one script on the three index keys, sent in the same tick as the session's own
 * command, so a pipelining client sends both in one round trip.
 */
export class RedisUserIndex {
  constructor(
    private readonly client: EvalClient,
    private readonly prefix: string,
    private readonly secondsToLive: (data: SessionData) => number,
  ) {}

  index(key: string, data: SessionData, graceMs: number): Promise<unknown> {
    const owner = sessionOwnerOf(data);
    if (owner === undefined) {
      return Promise.resolve();
    }
    const now = Date.now();
    const expiresAt = now + this.secondsToLive(data) * 1000 + graceMs;
    const details = sessionOwnerDetailsOf(data);
    return runScript(this.client, INDEX_SCRIPT, this.keysOf(owner.id), [
      owner.handle,
      String(expiresAt),
      `${now}:${key}`,
      String(now),
      details === undefined ? '' : JSON.stringify(details),
    ]);
  }

  async list(userId: string): Promise<IndexedSession[]> {
    const reply = (await runScript(this.client, LIST_SCRIPT, this.keysOf(userId), [String(Date.now())])) as unknown[];
    const sessions: IndexedSession[] = [];
    for (let i = 0; i + 3 < reply.length; i += 4) {
      const value = String(reply[i + 2]);
      const colon = value.indexOf(':');
      sessions.push({
        handle: String(reply[i]),
        expiresAt: Number(reply[i + 1]),
        seenAt: Number(value.slice(0, colon)),
        key: value.slice(colon + 1),
        ...parseDetails(String(reply[i + 3])),
      });
    }
    return sessions;
  }

  unindex(userId: string, handles: readonly string[]): Promise<unknown> {
    return runScript(this.client, UNINDEX_SCRIPT, this.keysOf(userId), [...handles]);
  }

  private keysOf(userId: string): string[] {
    const tag = createHash('sha256').update(userId).digest('base64url');
    const base = `${this.prefix}user:{${tag}}`;
    return [base, `${base}:keys`, `${base}:details`];
  }
}

/** The details an entry was recorded with; nothing for none or a value that is not what {@link RedisUserIndex.index} wrote. */
function parseDetails(json: string): Partial<SessionOwnerDetails> {
  if (json === '') {
    return {};
  }
  try {
    const details = JSON.parse(json) as Record<string, unknown>;
    return {
      ...(typeof details.since === 'number' ? { since: details.since } : {}),
      ...(typeof details.ip === 'string' ? { ip: details.ip } : {}),
      ...(typeof details.userAgent === 'string' ? { userAgent: details.userAgent } : {}),
    };
  } catch {
    return {};
  }
}
