import { createClient } from 'redis';

type Client = ReturnType<typeof createClient>;

/** The runner's own Redis connection: checks Redis is there and deletes this run's keys afterwards. */
export class RedisKeys {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<RedisKeys> {
    const client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      throw new Error(`Redis at ${url} is unreachable (${error instanceof Error ? error.message : String(error)}); run with --stores memory to skip it`);
    }
    return new RedisKeys(client);
  }

  /** Deletes every key under `prefix` (never anything else) and returns how many there were. */
  async deleteUnder(prefix: string): Promise<number> {
    let deleted = 0;
    for await (const keys of this.client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) {
        deleted += await this.client.del(keys);
      }
    }
    return deleted;
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}
