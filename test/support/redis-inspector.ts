import { createClient, createCluster } from 'redis';
import type { StoreContractSetup } from '../stores/store-contract.js';
import { atRestKey } from '../../lib/store/session-id-at-rest.js';

/** The tests' own clients, as each node-redis major types them (node-redis 6 defaults to RESP3). */
type StandaloneInspector = ReturnType<typeof newStandaloneInspector>;
type ClusterInspector = ReturnType<typeof newClusterInspector>;
type Inspector = StandaloneInspector | ClusterInspector;

function newStandaloneInspector(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false } });
}

function newClusterInspector(rootNodes: { url: string }[]) {
  return createCluster({ rootNodes, defaults: { socket: { reconnectStrategy: false } } });
}

/** A unique key prefix for one test, so tests never see each other's keys on a shared server. */
export function uniquePrefix(label: string): string {
  return `nes-test:${label}:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
}

/** A connected node-redis client for inspecting a standalone server directly. */
export async function connectInspector(url: string): Promise<StandaloneInspector> {
  const client = newStandaloneInspector(url);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A connected node-redis cluster client (with an error listener) for the tests' own use. */
export async function connectCluster(rootNodes: { url: string }[]): Promise<ClusterInspector> {
  const cluster = newClusterInspector(rootNodes);
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
export async function deleteKeys(client: StandaloneInspector, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    if (keys.length > 0) {
      await client.del(keys);
    }
  }
}
