import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { redisCli } from './redis-cli.js';
import { waitFor } from './wait-for.js';

const NODES = 3;

/** A 3-master Redis Cluster on loopback, started by a test file and stopped in its afterAll. */
export class RedisClusterProcess {
  private constructor(
    readonly ports: number[],
    private readonly children: ChildProcess[],
    private readonly dir: string,
  ) {}

  /** `rootNodes` for node-redis `createCluster`. */
  get rootNodes(): { url: string }[] {
    return this.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` }));
  }

  static async start(): Promise<RedisClusterProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'nes-redis-cluster-'));
    const ports = await clusterPorts();
    const children = ports.map((port) =>
      spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file',
          `nodes-${port}.conf`, '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: 'ignore' },
      ),
    );
    const cluster = new RedisClusterProcess(ports, children, dir);
    try {
      for (const port of ports) {
        await waitFor(`cluster node ${port}`, async () => (await redisCli(port, ['PING'], 1000)) === 'PONG');
      }
      await redisCli(ports[0], ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], 30_000);
      for (const port of ports) {
        await waitFor(`cluster_state:ok on ${port}`, async () => (await redisCli(port, ['CLUSTER', 'INFO'], 1000)).includes('cluster_state:ok'));
      }
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Kills every node and removes the node config files. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return undefined;
        }
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Three free ports whose cluster bus ports (port + 10000) are valid too. */
async function clusterPorts(): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < NODES) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && !ports.includes(port)) {
      ports.push(port);
    }
  }
  return ports;
}
