import { waitFor } from './wait-for.js';

/** How many TCP sockets and servers this process holds open right now. */
export function tcpHandleCount(): number {
  return process.getActiveResourcesInfo().filter((type) => type === 'TCPSocketWrap' || type === 'TCPServerWrap').length;
}

/** Waits until the process holds no more TCP handles than `baseline` (sockets close asynchronously). */
export async function expectTcpHandlesBackTo(baseline: number, timeoutMs = 3000): Promise<void> {
  await waitFor(`TCP handles back to ${baseline} (now ${tcpHandleCount()})`, () => tcpHandleCount() <= baseline, timeoutMs);
}
