import type { createClient } from 'redis';

type Client = ReturnType<typeof createClient>;

/**
 * The Redis commands that touch keys under one prefix, as Redis executed them (MONITOR). `next()` returns
 * those since the previous call (one entry per round trip: a write is an `EVALSHA` of the deadline-checked
 * conditional `SET` or merge script): it sends a marker command and waits until MONITOR shows it, so every
 * command sent before it is already in the list.
 */
export class CommandLog {
  private readonly seen: string[] = [];
  private marks = 0;
  private waiting: { marker: string; resolve: () => void } | undefined;

  private constructor(
    private readonly prefix: string,
    private readonly marker: Client,
  ) {}

  static async start(monitor: Client, marker: Client, prefix: string): Promise<CommandLog> {
    const log = new CommandLog(prefix, marker);
    await monitor.monitor((line: string) => log.record(line));
    return log;
  }

  async next(): Promise<string[]> {
    return (await this.nextLines()).map((line) => /\] "(\w+)"/.exec(line)?.[1]?.toUpperCase() ?? line);
  }

  /** Like {@link next}, the MONITOR lines themselves (command and arguments, quoted). */
  async nextLines(): Promise<string[]> {
    const marker = `${this.prefix}__mark__${this.marks++}`;
    await new Promise<void>((resolve) => {
      this.waiting = { marker, resolve };
      void this.marker.get(marker);
    });
    return this.seen.splice(0);
  }

  private record(line: string): void {
    if (this.waiting && line.includes(`"${this.waiting.marker}"`)) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      return resolve();
    }
    // Commands a Lua script runs (`[0 lua]`) are part of the EVAL that carried them: no round trip of their own.
    if (line.includes(`"${this.prefix}`) && !line.includes(' lua] ')) {
      this.seen.push(line);
    }
  }
}
