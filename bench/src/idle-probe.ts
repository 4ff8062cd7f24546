// `npm run bench:idle-probe`: what a server's CPU per request does right after it sat idle. The recipe (2), the
// module (3) and the module with the guard (3g) serve one-session /hit on the memory store; each repeat idles them
// (while bare Nest keeps the servers' core busy), then measures each once, then measures each again at once.
// Markdown on stdout. This is the evidence behind `--rewarm` in `npm run bench`.
import { DEFAULT_REDIS_URL } from './runner/bench-options.js';
import { parseCommandLine, positive, wholeCount } from './runner/command-line.js';
import { pinLoadGenerator } from './runner/cpu-pinning.js';
import { runLoad, type LoadSpec } from './runner/load.js';
import { loginSessions } from './runner/login.js';
import { installedVersion, progressLogger, runMain } from './runner/main-process.js';
import { measure } from './runner/measurement.js';
import { ServerProcess } from './runner/server-process.js';
import { serverSpec, variantById, variantLabel, type VariantId } from './runner/variants.js';

const progress = progressLogger('idle-probe');
const PROBED: readonly VariantId[] = ['app-use', 'module', 'module-guard'];

interface ProbeOptions {
  /** Seconds every probed server sits idle before the measurement after idle. */
  readonly idleS: number;
  readonly repeats: number;
  /** Seconds of each measured load. */
  readonly durationS: number;
  /** Seconds of load each probed server serves once, after start-up. */
  readonly warmupS: number;
  /** Extra `node` flags for the probed servers, e.g. `--no-memory-reducer`. */
  readonly nodeArgs: readonly string[];
}

const FULL: ProbeOptions = { idleS: 45, repeats: 3, durationS: 3, warmupS: 5, nodeArgs: [] };
const SMOKE: ProbeOptions = { idleS: 0.5, repeats: 1, durationS: 0.3, warmupS: 0.3, nodeArgs: [] };
const USAGE =
  'usage: node bench/dist/idle-probe.js [--smoke] [--idle S] [--repeats N] [--duration S] [--warmup S] [--node-args "--flag …"]';

function parseProbeOptions(argv: readonly string[]): ProbeOptions {
  return parseCommandLine(argv, { full: FULL, smoke: SMOKE }, withFlag, USAGE);
}

function withFlag(options: ProbeOptions, flag: string, value: string): ProbeOptions | undefined {
  switch (flag) {
    case '--idle':
      return { ...options, idleS: positive(flag, value) };
    case '--repeats':
      return { ...options, repeats: wholeCount(flag, value) };
    case '--duration':
      return { ...options, durationS: positive(flag, value) };
    case '--warmup':
      return { ...options, warmupS: positive(flag, value) };
    case '--node-args':
      return { ...options, nodeArgs: value.split(' ').filter(Boolean) };
    default:
      return undefined;
  }
}

async function main(): Promise<number> {
  const options = parseProbeOptions(process.argv.slice(2));
  const pinning = pinLoadGenerator();
  const servers = new Map<VariantId, ServerProcess>();
  const loads = new Map<VariantId, LoadSpec>();
  let bare: ServerProcess | undefined;
  try {
    bare = await ServerProcess.start(serverSpec(variantById('bare'), 'memory', DEFAULT_REDIS_URL, ''), pinning.serverPrefix);
    for (const id of PROBED) {
      const spec = { ...serverSpec(variantById(id), 'memory', DEFAULT_REDIS_URL, ''), nodeArgs: options.nodeArgs };
      const server = await ServerProcess.start(spec, pinning.serverPrefix);
      servers.set(id, server);
      const cookies = await loginSessions(server.url, 1);
      const load: LoadSpec = { url: server.url, path: '/hit', cookies, connections: 10, durationS: options.durationS };
      loads.set(id, load);
      await runLoad({ ...load, durationS: options.warmupS });
    }
    const coreBusy: LoadSpec = { url: bare.url, path: '/none', cookies: [], connections: 10, durationS: options.idleS };
    const rows: string[] = [];
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      progress(`repeat ${repeat}/${options.repeats}: ${options.idleS} s idle`);
      await runLoad(coreBusy);
      for (const moment of ['after idle', 'at once again']) {
        const cells: string[] = [];
        for (const id of PROBED) {
          const m = await measure(servers.get(id)!, loads.get(id)!, { scenarioId: 'hit-memory', variantId: id, round: repeat });
          cells.push(m.cpuPerRequestUs.toFixed(0));
        }
        rows.push(`| ${repeat} | ${moment} | ${cells.join(' | ')} |`);
      }
    }
    process.stdout.write(
      [
        '# CPU per request after idle time',
        '',
        `- Command: \`${`node bench/dist/idle-probe.js ${process.argv.slice(2).join(' ')}`.trim()}\``,
        `- Date: ${new Date().toISOString()}; Node ${process.version}, @nestjs/core ${installedVersion('@nestjs/core')}`,
        `- Machine: ${pinning.note}`,
        `- Method: one session, /hit, memory store. Each repeat: every probed server idle ${options.idleS} s (bare Nest ` +
          `loaded meanwhile, so the servers' core is never idle), then ${options.durationS} s of load on each in turn ` +
          `("after idle"), then ${options.durationS} s on each again ("at once again"). Server node flags: ` +
          `${options.nodeArgs.length > 0 ? options.nodeArgs.join(' ') : 'none'}.`,
        '',
        `| repeat | measured | ${PROBED.map((id) => `${variantLabel(id)}, CPU µs/req`).join(' | ')} |`,
        `|--:|---|${PROBED.map(() => '--:').join('|')}|`,
        ...rows,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await Promise.all([...servers.values(), ...(bare ? [bare] : [])].map((server) => server.stop()));
  }
}

runMain(main, progress);
