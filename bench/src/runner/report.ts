import { fixed, median } from './load.js';
import { variantLabel, type Scenario, type VariantId } from './variants.js';

/** One variant under one scenario for one round; `cpuUs`: server utime + stime during the load ÷ responses. */
export interface Measurement {
  readonly scenarioId: string;
  readonly variantId: VariantId;
  readonly round: number;
  readonly reqPerSec: number;
  readonly p99Ms: number;
  readonly cpuUs: number;
}

/** Everything the printed report states besides the numbers. */
export interface RunInfo {
  readonly command: string;
  readonly smoke: boolean;
  readonly versions: string;
  readonly machine: string;
  readonly method: string;
}

/** Below this (recipe − bare) ÷ bare the share is noise ÷ noise; on /none, where no variant touches a session, always. */
const MEANINGFUL_SESSION_COST = 0.1;
/** The budget: at most 3 % over the variant compared with. */
const BUDGET_LIMIT = 1.03;

/**
 * The markdown report: context, one row per scenario and variant (medians over rounds; ratios per round, then
 * the median), then the budgets.
 */
export function renderReport(info: RunInfo, scenarios: readonly Scenario[], measurements: readonly Measurement[]): string {
  const lines = [
    `# nestjs-express-session benchmark${info.smoke ? ' (smoke run: numbers are not meaningful)' : ''}`,
    '',
    `- Command: \`${info.command}\`; date: ${new Date().toISOString()}`,
    `- Versions: ${info.versions}`,
    `- Machine: ${info.machine}`,
    `- Method: ${info.method}`,
    '- CPU µs/req: server utime+stime from /proc/<pid>/stat during the load ÷ responses. ÷ recipe, ÷ bare: per-round ' +
      'ratios to variants 2 and 4, median over rounds. Share: (variant − bare) ÷ (recipe − bare) per round, median: ' +
      "the variant's session cost as a share of the recipe's; — on /none and wherever the recipe costs under 10 % over bare.",
    '',
    '| Scenario | Store | Variant | req/s | p99 ms | CPU µs/req | ÷ recipe | ÷ bare | share |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  const budgets = ['', `## Budgets (CPU/request ratios, limit ${BUDGET_LIMIT})`, ''];
  const budget = (text: string, ratio: number) =>
    budgets.push(`- ${Number.isFinite(ratio) && ratio <= BUDGET_LIMIT ? 'held' : 'MISSED'}: ${text} = ${fixed(ratio, 3)}`);
  for (const scenario of scenarios) {
    const of = (id: VariantId) => measurements.filter((m) => m.scenarioId === scenario.id && m.variantId === id);
    const perRound = (own: readonly Measurement[], value: (cpu: number, recipe: number, bare: number) => number) =>
      median(
        own.map((m) => {
          const cpuOf = (id: VariantId) => of(id).find((r) => r.round === m.round)?.cpuUs ?? Number.NaN;
          return value(m.cpuUs, cpuOf('app-use'), cpuOf('bare'));
        }),
      );
    const meaningful =
      scenario.sessions !== 'none' && perRound(of('app-use'), (recipe, _, bare) => (recipe - bare) / bare) >= MEANINGFUL_SESSION_COST;
    for (const variantId of scenario.variants) {
      const own = of(variantId);
      const vsRecipe = perRound(own, (cpu, recipe) => cpu / recipe);
      const vsBare = perRound(own, (cpu, _, bare) => cpu / bare);
      const share = meaningful ? perRound(own, (cpu, recipe, bare) => (cpu - bare) / (recipe - bare)) : Number.NaN;
      const cells = [median(own.map((m) => m.reqPerSec)), median(own.map((m) => m.p99Ms)), median(own.map((m) => m.cpuUs))];
      lines.push(
        `| ${scenario.label} | ${scenario.path === '/none' ? '—' : scenario.store} | ${variantLabel(variantId)} | ` +
          `${fixed(cells[0], 0)} | ${fixed(cells[1], 1)} | ${fixed(cells[2], 1)} | ${fixed(vsRecipe, 3)} | ${fixed(vsBare, 3)} | ${fixed(share, 2)} |`,
      );
      const where = `${scenario.label} (${scenario.store})`;
      if (scenario.path === '/none' && variantId === 'module') {
        budget(`excluded route: module ÷ bare Nest — ${where}`, vsBare);
      } else if (scenario.path !== '/none' && (variantId === 'module' || variantId === 'module-guard')) {
        budget(`${variantId === 'module' ? 'module' : 'module + guard'} ÷ recipe — ${where}`, vsRecipe);
      }
    }
  }
  return `${[...lines, ...budgets].join('\n')}\n`;
}
