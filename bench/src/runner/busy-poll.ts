/**
 * Keeps this process's event loop polling instead of sleeping, until the returned function is called: a
 * pending `setImmediate` makes libuv poll for I/O without blocking. Used with `--load-generator busy-poll`,
 * so a server's response never has to wake the load generator: on this VM a wake across cores costs the
 * waking process about 34 µs of CPU (`npm run bench:wake-probe`).
 */
export function keepPolling(): () => void {
  let polling = true;
  const spin = (): void => {
    if (polling) {
      setImmediate(spin);
    }
  };
  setImmediate(spin);
  return () => {
    polling = false;
  };
}
