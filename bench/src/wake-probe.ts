// `npm run bench:wake-probe`: what a write on loopback costs the writer when it has to wake its reader on the
// other core, against when the reader busy-polls and needs no wake. The writer runs where the bench's servers
// run (CPU 1), the reader where autocannon runs (CPU 0). Markdown on stdout. This is the evidence behind
// `--load-generator busy-poll` and the LG wakes/req column of `npm run bench`.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { keepPolling } from './runner/busy-poll.js';
import { parseCommandLine, positive, wholeCount } from './runner/command-line.js';
import { LOAD_GENERATOR_CPU, pinLoadGenerator } from './runner/cpu-pinning.js';
import { progressLogger, runMain } from './runner/main-process.js';
import { startWakeCount } from './runner/wake-interrupts.js';
import type { LoadGeneratorMode } from './runner/bench-options.js';

const progress = progressLogger('wake-probe');
const MODES: readonly LoadGeneratorMode[] = ['sleep', 'busy-poll'];

interface WakeProbeOptions {
  readonly writes: number;
  readonly intervalMs: number;
  readonly repeats: number;
}

const FULL: WakeProbeOptions = { writes: 3000, intervalMs: 1, repeats: 3 };
const SMOKE: WakeProbeOptions = { writes: 50, intervalMs: 1, repeats: 1 };
const USAGE = 'usage: node bench/dist/wake-probe.js [--smoke] [--writes N] [--interval MS] [--repeats N]';

function withFlag(options: WakeProbeOptions, flag: string, value: string): WakeProbeOptions | undefined {
  switch (flag) {
    case '--writes':
      return { ...options, writes: wholeCount(flag, value) };
    case '--interval':
      return { ...options, intervalMs: positive(flag, value) };
    case '--repeats':
      return { ...options, repeats: wholeCount(flag, value) };
    default:
      return undefined;
  }
}

/** One writer run against the reader in one mode. */
interface Sample {
  readonly repeat: number;
  readonly mode: LoadGeneratorMode;
  readonly cpuPerWriteUs: number;
  /** Wake-up interrupts (RES + CAL) on the reader's core per write; NaN where the kernel does not count them. */
  readonly wakesPerWrite: number;
}

async function main(): Promise<number> {
  const options = parseCommandLine(process.argv.slice(2), { full: FULL, smoke: SMOKE }, withFlag, USAGE);
  const pinning = pinLoadGenerator();
  progress(pinning.note);
  const reader = await listen();
  const samples: Sample[] = [];
  try {
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      for (const mode of MODES) {
        progress(`repeat ${repeat}/${options.repeats}, reader ${mode}`);
        samples.push(await sample(repeat, mode, reader, options, pinning.serverPrefix));
      }
    }
  } finally {
    reader.close();
  }
  process.stdout.write(render(options, pinning.note, samples));
  return 0;
}

/** The reader: accepts the writer and consumes what it sends. */
async function listen(): Promise<Server> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function sample(
  repeat: number,
  mode: LoadGeneratorMode,
  reader: Server,
  options: WakeProbeOptions,
  prefix: readonly string[],
): Promise<Sample> {
  const stopPolling = mode === 'busy-poll' ? keepPolling() : undefined;
  // The reader runs in this process, on the load generator's core.
  const wakes = startWakeCount(LOAD_GENERATOR_CPU);
  try {
    const { writes, cpuPerWriteUs } = await runWriter((reader.address() as AddressInfo).port, options, prefix);
    return { repeat, mode, cpuPerWriteUs, wakesPerWrite: wakes() / writes };
  } finally {
    stopPolling?.();
  }
}

function runWriter(port: number, options: WakeProbeOptions, prefix: readonly string[]): Promise<{ writes: number; cpuPerWriteUs: number }> {
  const script = fileURLToPath(new URL('./servers/wake-writer.js', import.meta.url));
  const command = [...prefix, process.execPath, script, String(port), String(options.writes), String(options.intervalMs)];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const match = /WAKE_WRITER (.+)/.exec(output);
      if (code !== 0 || !match) {
        return reject(new Error(`wake writer exited with ${code}: ${output}`));
      }
      resolve(JSON.parse(match[1]) as { writes: number; cpuPerWriteUs: number });
    });
  });
}

function render(options: WakeProbeOptions, machine: string, samples: readonly Sample[]): string {
  const mean = (mode: LoadGeneratorMode, value: (s: Sample) => number): number => {
    const own = samples.filter((s) => s.mode === mode).map(value);
    return own.reduce((sum, v) => sum + v, 0) / own.length;
  };
  const extraCpu = mean('sleep', (s) => s.cpuPerWriteUs) - mean('busy-poll', (s) => s.cpuPerWriteUs);
  const extraWakes = mean('sleep', (s) => s.wakesPerWrite) - mean('busy-poll', (s) => s.wakesPerWrite);
  const lines = [
    '# What a write costs the writer when it wakes the reader on another core',
    '',
    `- Command: \`${['node bench/dist/wake-probe.js', ...process.argv.slice(2)].join(' ')}\``,
    `- Date: ${new Date().toISOString()}; Node ${process.version}`,
    `- Machine: ${machine}`,
    `- Method: a writer process on the servers' core writes ${options.writes} chunks of 200 bytes to a loopback TCP ` +
      `socket, one every ${options.intervalMs} ms, and sums its CPU time (process.cpuUsage) around each write. The ` +
      'reader, on the load generator\'s core, either sleeps in the kernel between chunks (so every chunk has to ' +
      'wake it) or busy-polls (so none has to). Wakes: wake-up interrupts (RES + CAL) on the reader\'s core per write.',
    '',
    '| repeat | reader | writer CPU µs per write | wakes per write |',
    '|--:|---|--:|--:|',
    ...samples.map((s) => `| ${s.repeat} | ${s.mode} | ${s.cpuPerWriteUs.toFixed(1)} | ${s.wakesPerWrite.toFixed(2)} |`),
    '',
    `Waking the reader costs the writer ${extraCpu.toFixed(1)} µs of CPU per write ` +
      `(${extraWakes.toFixed(2)} more wakes per write when the reader sleeps)` +
      (extraWakes > 0.5 ? `: about ${(extraCpu / extraWakes).toFixed(0)} µs per wake.` : '.'),
  ];
  return `${lines.join('\n')}\n`;
}

runMain(main, progress);
