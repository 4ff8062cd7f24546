import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Tells the runner the port (one `BENCH_READY <port>` line on stdout) and closes cleanly on SIGTERM/SIGINT.
 */
export function announce(server: Server, close: () => Promise<void>): void {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`BENCH_READY ${port}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) {
      return;
    }
    closing = true;
    server.closeAllConnections?.();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
