import { runLoad, type LoadSpec } from './load.js';
import type { ServerProcess } from './server-process.js';
import { LOAD_GENERATOR_CPU } from './cpu-pinning.js';
import { startWakeCount } from './wake-interrupts.js';
import type { VariantId } from './variants.js';

/** One variant under one scenario for one round. */
export interface Measurement {
  readonly scenarioId: string;
  readonly variantId: VariantId;
  readonly round: number;
  readonly reqPerSec: number;
  readonly p99Ms: number;
  /** Server CPU time (utime + stime from /proc) during the load, divided by the responses served. */
  readonly cpuPerRequestUs: number;
  /**
   * Wake-up interrupts (RES + CAL) on the load generator's core during the load ÷ responses: how often a
   * response found autocannon asleep and the server had to wake it. NaN where /proc/interrupts lacks them.
   */
  readonly loadGeneratorWakesPerRequest: number;
  readonly responses: number;
  readonly failures: number;
}

/** Loads the server and reads its CPU time, and the load generator's wake-ups, just before and just after. */
export async function measure(
  server: ServerProcess,
  load: LoadSpec,
  labels: Pick<Measurement, 'scenarioId' | 'variantId' | 'round'>,
): Promise<Measurement> {
  const wakes = startWakeCount(LOAD_GENERATOR_CPU);
  const before = server.cpuMicros();
  const result = await runLoad(load);
  const cpu = server.cpuMicros() - before;
  const wakeCount = wakes();
  const perRequest = (total: number): number => (result.responses > 0 ? total / result.responses : Number.NaN);
  return {
    ...labels,
    reqPerSec: result.reqPerSec,
    p99Ms: result.p99Ms,
    cpuPerRequestUs: perRequest(cpu),
    loadGeneratorWakesPerRequest: perRequest(wakeCount),
    responses: result.responses,
    failures: result.non2xx + result.errors,
  };
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
