import type { BenchOptions } from './bench-options.js';
import type { MemoryReport } from './memory-test.js';
import type { BudgetCheck, Row } from './summary.js';
import { variantLabel } from './variants.js';

/** Everything the printed report states besides the numbers. */
export interface RunInfo {
  readonly command: string;
  readonly date: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly pinning: string;
  readonly clockTicks: number;
  readonly options: BenchOptions;
  readonly redisKeysDeleted?: number;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** The markdown report: context, the table, the budgets, the memory test. */
export function renderReport(info: RunInfo, rows: readonly Row[], budgets: readonly BudgetCheck[], memory?: MemoryReport): string {
  const { options } = info;
  const lines = [
    `# nestjs-express-session benchmark${options.smoke ? ' (smoke run: numbers are not meaningful)' : ''}`,
    '',
    `- Command: \`${info.command}\``,
    `- Date: ${info.date}`,
    `- Versions: ${Object.entries(info.versions).map(([name, version]) => `${name} ${version}`).join(', ')}`,
    `- Machine: ${info.pinning}`,
    `- Method: warm-up ${options.warmupS} s per variant and scenario, then ${options.rounds} interleaved round(s) ` +
      `(1, 2, 3, 3g, 4, 1, 2, …) of ${options.durationS} s each, each measured load right after ${options.rewarmS} s ` +
      'of the same load, unmeasured (a server that sat idle meanwhile has had its heap shrunk by V8\'s memory ' +
      `reducer and pays for regrowing it first); server node flags: ` +
      `${options.serverNodeArgs.length > 0 ? options.serverNodeArgs.join(' ') : 'none'}; autocannon, ${options.connections} connections, ` +
      `keep-alive; session pool of ${options.poolSize} rotating cookies. Medians over rounds; ratios are ` +
      'computed per round, then the median is taken.',
    `- Load generator: ${options.loadGenerator === 'busy-poll' ? 'busy-polling (its event loop never blocks, so no response has to wake it; a diagnostic, not the default)' : 'sleeps in the kernel between responses (the default)'}. ` +
      'LG wakes/req: wake-up interrupts on its core (/proc/interrupts, RES + CAL) during the load ÷ responses, i.e. how ' +
      'often a response found autocannon asleep and the server paid for waking it.',
    `- CPU/req: server utime+stime from /proc/<pid>/stat (${info.clockTicks} ticks/s) during the load ÷ responses ` +
      'served. This is the budget metric: req/s swings by ±25 % between rounds on this machine; CPU/req is ' +
      'steadier (a few % on a quiet machine, about ±10 % while other jobs share the servers\' core).',
    '- Memory store in variants 1 and 2: the same pruning `memorystore` (60 s prune period) the module defaults to, ' +
      'so every variant keeps sessions the same way. Redis: connect-redis 9 + node-redis 5 at 127.0.0.1:6379, ' +
      'one key prefix per run and server, deleted afterwards' +
      (info.redisKeysDeleted === undefined ? '.' : ` (${info.redisKeysDeleted} keys deleted).`),
    '- /none is outside the session middleware: variant 1 registers it before `app.use(session)`, variant 2 wraps ' +
      "the middleware in a `req.path === '/none'` check, variant 3 uses `exclude: ['none']`.",
    '',
    '| Scenario | Store | Variant | req/s | p99 ms | CPU µs/req | CPU ÷ v2 | CPU ÷ v4 | req/s ÷ v2 | LG wakes/req |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const failed = row.failures > 0 ? ` (${row.failures} failed)` : '';
    lines.push(
      `| ${row.scenario.label} | ${row.scenario.path === '/none' ? '—' : row.scenario.store} | ${variantLabel(row.variantId)}${failed} | ` +
        `${fixed(row.reqPerSec, 0)} | ${fixed(row.p99Ms, 1)} | ${fixed(row.cpuPerRequestUs, 1)} | ` +
        `${fixed(row.cpuVsAppUse, 3)} | ${fixed(row.cpuVsBare, 3)} | ${fixed(row.reqPerSecVsAppUse, 2)} | ` +
        `${fixed(row.loadGeneratorWakesPerRequest, 2)} |`,
    );
  }
  lines.push('', '## Budgets (CPU/request ratios, median of per-round ratios)', '');
  for (const budget of budgets) {
    lines.push(`- ${budget.held ? 'held' : 'MISSED'}: ${budget.text} = ${fixed(budget.ratio, 3)} (limit ${budget.limit})`);
  }
  if (memory) {
    lines.push(...renderMemory(memory));
  } else {
    lines.push('', '## Memory', '', 'Skipped (--memory-sessions 0).');
  }
  return `${lines.join('\n')}\n`;
}

function renderMemory(memory: MemoryReport): string[] {
  const lines = [
    '',
    '## Memory: module variant, default store',
    '',
    `${memory.sessionsCreated.toLocaleString('en-US')} sessions created through /login in ${memory.createSeconds.toFixed(1)} s, ` +
      `cookie maxAge ${memory.maxAgeMs / 1000} s; expired sessions removed by ${memory.pruneBy}; store empty ` +
      `${memory.emptyAfterSeconds.toFixed(0)} s after creation ended. Each sample follows a forced GC (--expose-gc).`,
    '',
    '| Moment | RSS MB | heap used MB | sessions in store |',
    '|---|--:|--:|--:|',
  ];
  for (const sample of memory.samples) {
    lines.push(`| ${sample.label} | ${mb(sample.rssBytes)} | ${mb(sample.heapUsedBytes)} | ${sample.sessions} |`);
  }
  const [baseline, , after] = memory.samples;
  const held = after.sessions === 0 && after.heapUsedBytes <= baseline.heapUsedBytes * 1.1;
  lines.push(
    '',
    `- ${held ? 'held' : 'MISSED'}: default store back near baseline after expiry — ${after.sessions} sessions left, ` +
      `heap used ${mb(after.heapUsedBytes)} MB vs ${mb(baseline.heapUsedBytes)} MB at baseline (limit +10 %); ` +
      `RSS ${mb(after.rssBytes)} MB vs ${mb(baseline.rssBytes)} MB (V8 may keep freed pages, so RSS is reported, not judged).`,
  );
  return lines;
}
