import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The core of the runner (autocannon) when pinned. */
export const LOAD_GENERATOR_CPU = 0;
/** The core of every server when pinned. */
const SERVER_CPU = 1;

/** Where the runner (autocannon) and the servers run. */
export interface Pinning {
  readonly pinned: boolean;
  /** Prefix for spawning a server: `['taskset', '-c', '1']`, or nothing when unpinned. */
  readonly serverPrefix: readonly string[];
  readonly note: string;
}

/**
 * Pins this process (every thread: it runs autocannon) to CPU 0 and returns how to start servers on CPU 1,
 * so load generation and serving never compete for a core. Falls back to unpinned, and says so.
 */
export function pinLoadGenerator(): Pinning {
  const cores = availableParallelism();
  if (cores < 2) {
    return unpinned(`only ${cores} core available`);
  }
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(LOAD_GENERATOR_CPU), String(process.pid)], { stdio: 'ignore' });
  } catch (error) {
    return unpinned(`taskset failed (${error instanceof Error ? error.message : String(error)})`);
  }
  return {
    pinned: true,
    serverPrefix: ['taskset', '-c', String(SERVER_CPU)],
    note: `${cores} cores; servers pinned to CPU ${SERVER_CPU}, runner + autocannon pinned to CPU ${LOAD_GENERATOR_CPU} (taskset)`,
  };
}

function unpinned(reason: string): Pinning {
  return { pinned: false, serverPrefix: [], note: `NOT pinned: ${reason}; CPU/request is still per server process` };
}
