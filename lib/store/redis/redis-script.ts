import { createHash } from 'node:crypto';

/** Only what scripts need of a node-redis client or cluster (a cluster routes by the first key). */
export interface EvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** A Lua script and its SHA-1, by which Redis runs it from its script cache (`EVALSHA`). */
export interface CachedScript {
  readonly source: string;
  readonly sha1: string;
}

export function cachedScript(source: string): CachedScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Runs `script` by its SHA-1; the body is sent only when Redis does not have it cached (`NOSCRIPT`). */
export async function runScript(client: EvalClient, script: CachedScript, keys: string[], args: string[]): Promise<unknown> {
  const options = { keys, arguments: args };
  try {
    return await client.evalSha(script.sha1, options);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) {
      throw error;
    }
    return client.eval(script.source, options);
  }
}
