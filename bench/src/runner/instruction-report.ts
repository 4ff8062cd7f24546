import type { InstructionCount } from './instruction-count.js';
import type { InstructionOptions } from './instruction-options.js';
import type { Scenario } from './scenarios.js';
import { BUDGET_LIMIT } from './summary.js';
import { variantLabel, type VariantId } from './variants.js';

/** Context the report states besides the numbers. */
export interface InstructionRunInfo {
  readonly command: string;
  readonly date: string;
  readonly versions: string;
  readonly valgrind: string;
  readonly options: InstructionOptions;
}

const perRequest = (count: InstructionCount): number => count.instructions / count.responses;
const lowestWindow = (count: InstructionCount): number => Math.min(...count.perWindow);
const thousands = (value: number): string => (Number.isFinite(value) ? (value / 1000).toFixed(1) : '—');
const ratio = (value: number): string => (Number.isFinite(value) ? value.toFixed(3) : '—');

/** The markdown report: method, one row per scenario and variant, the budgets judged on instructions. */
export function renderInstructionReport(
  info: InstructionRunInfo,
  scenarios: readonly Scenario[],
  counts: readonly InstructionCount[],
): string {
  const { options } = info;
  const lines = [
    `# nestjs-express-session benchmark: instructions per request${options.smoke ? ' (smoke run: numbers are not meaningful)' : ''}`,
    '',
    `- Command: \`${info.command}\``,
    `- Date: ${info.date}`,
    `- Versions: ${info.versions}; ${info.valgrind}`,
    `- Method: each variant and scenario in a fresh server process under \`valgrind --tool=callgrind\`, counting ` +
      `switched off for start-up, sessions and ${options.warmupRequests} warm-up requests, then on for ` +
      `${options.windows} window(s) of ${options.windowRequests} requests (autocannon, ${options.connections} ` +
      `connections, session pool of ${options.poolSize}). Instructions of every thread of the server (JIT code, GC, ` +
      'libuv; not the kernel) ÷ responses. Counts do not depend on what else the machine runs, so they decide ' +
      'budgets that the CPU-time run cannot resolve; what they miss is the cost of cache misses and system calls.' +
      (options.trafficFirst > 0
        ? ` Before its warm-up, each ${options.trafficFirstOn === 'none' ? '/none ' : ''}server first served ` +
          `${options.trafficFirst} requests of /hit and ${options.trafficFirst} of /read (session variants: with ` +
          "the pool's cookies), as in the CPU-time run."
        : ''),
    '',
    'Per window, instructions/request fall into a low band and a few windows 5–12 % above it: those hold a full GC ' +
      'or an optimizing compile, discrete events that land in one window and not the next (seen in callgrind_annotate). ' +
      'So two figures: the mean over all windows (everything, but moved by where those events fall) and the lowest ' +
      'window (the steady per-request cost). Budgets are judged on both.',
    '',
    '| Scenario | Store | Variant | mean instr./req (k) | ÷ v2 | ÷ v4 | lowest window (k) | ÷ v2 | ÷ v4 | per window (k) |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  const budgets: string[] = [];
  for (const scenario of scenarios) {
    const of = (id: VariantId) => counts.find((c) => c.scenarioId === scenario.id && c.variantId === id);
    const appUse = of('app-use');
    const bare = of('bare');
    for (const count of counts.filter((c) => c.scenarioId === scenario.id)) {
      const mean = (other?: InstructionCount) => (other ? perRequest(count) / perRequest(other) : Number.NaN);
      const low = (other?: InstructionCount) => (other ? lowestWindow(count) / lowestWindow(other) : Number.NaN);
      const failed = count.failures > 0 ? ` (${count.failures} failed)` : '';
      lines.push(
        `| ${scenario.label} | ${scenario.path === '/none' ? '—' : scenario.store} | ${variantLabel(count.variantId)}${failed} | ` +
          `${thousands(perRequest(count))} | ${ratio(mean(appUse))} | ${ratio(mean(bare))} | ` +
          `${thousands(lowestWindow(count))} | ${ratio(low(appUse))} | ${ratio(low(bare))} | ${count.perWindow.map(thousands).join(', ')} |`,
      );
      if (count.variantId === 'module' || count.variantId === 'module-guard') {
        const against = scenario.path === '/none' ? bare : appUse;
        const verdict = (value: number) => `${ratio(value)} ${value <= BUDGET_LIMIT ? 'held' : 'MISSED'}`;
        budgets.push(
          `- ${scenario.label} (${scenario.store}), ${variantLabel(count.variantId)} ÷ ${scenario.path === '/none' ? 'v4' : 'v2'}: ` +
            `mean ${verdict(mean(against))}, lowest window ${verdict(low(against))}`,
        );
      }
    }
  }
  lines.push('', `## Budgets (instructions per request, limit ${BUDGET_LIMIT}; each judged on the mean and on the lowest window)`, '', ...budgets);
  return `${lines.join('\n')}\n`;
}
