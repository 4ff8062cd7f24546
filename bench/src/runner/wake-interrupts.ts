import { readFileSync } from 'node:fs';

/** The /proc/interrupts lines that count wake-ups sent from another core. */
const WAKE_LINES = ['RES:', 'CAL:'];

/**
 * Starts counting the wake-up interrupts `cpu` receives (see {@link wakeInterrupts}); the returned function
 * gives the count since the start, NaN where the kernel does not report them.
 */
export function startWakeCount(cpu: number): () => number {
  const before = wakeInterrupts(cpu);
  return () => {
    const now = wakeInterrupts(cpu);
    return before === undefined || now === undefined ? Number.NaN : now - before;
  };
}

/**
 * Wake-up interrupts one CPU has received so far: rescheduling interrupts (`RES`: another core woke a task
 * while this one was busy) plus function-call interrupts (`CAL`: how this kernel wakes a task on an idle core;
 * a few per second come from elsewhere). On the load generator's core, nearly all of them come from the
 * servers' responses waking autocannon. `undefined` where the kernel does not report both lines.
 */
function wakeInterrupts(cpu: number): number | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/interrupts', 'utf8');
  } catch {
    return undefined;
  }
  const lines = table.split('\n').map((line) => line.trim());
  let total = 0;
  for (const name of WAKE_LINES) {
    const line = lines.find((l) => l.startsWith(name));
    const count = line === undefined ? Number.NaN : Number(line.split(/\s+/)[cpu + 1]);
    if (!Number.isFinite(count)) {
      return undefined;
    }
    total += count;
  }
  return total;
}
