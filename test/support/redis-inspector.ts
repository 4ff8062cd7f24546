import { createClient, createCluster } from 'redis';
import type { StoreContractSetup } from '../stores/store-contract.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

type Inspector = ReturnType<typeof createClient> | ReturnType<typeof createCluster>;

/** A unique key prefix for one test, so tests never see each other's keys on a shared server. */
export function uniquePrefix(label: string): string {
  return `nes-test:${label}:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
}

/** A connected node-redis client for inspecting a standalone server directly. */
export async function connectInspector(url: string): Promise<ReturnType<typeof createClient>> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A connected node-redis cluster client (with an error listener) for the tests' own use. */
export async function connectCluster(rootNodes: { url: string }[]): Promise<ReturnType<typeof createCluster>> {
  const cluster = createCluster({ rootNodes, defaults: { socket: { reconnectStrategy: false } } });
  cluster.on('error', () => undefined);
  await cluster.connect();
  return cluster;
}

/** The raw-record accessors of the store contract, over `client`, for keys under `prefix`. */
export function redisAccessors(client: Inspector, prefix: string): Pick<StoreContractSetup, 'readRaw' | 'writeRaw' | 'ttlMs'> {
  return {
    readRaw: async (sid) => {
      const value = await client.get(prefix + atRestKey(sid));
      return value === null ? null : String(value);
    },
    writeRaw: async (sid, raw) => {
      await client.set(prefix + atRestKey(sid), raw, { expiration: { type: 'EX', value: 60 } });
    },
    ttlMs: async (sid) => {
      const ms = Number(await client.pTTL(prefix + atRestKey(sid)));
      return ms < 0 ? null : ms;
    },
  };
}

/** Deletes every key under `prefix` on a standalone server. */
export async function deleteKeys(client: ReturnType<typeof createClient>, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    if (keys.length > 0) {
      await client.del(keys);
    }
  }
}
