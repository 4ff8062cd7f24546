// `npm run bench:instructions`: the budget variants (2, 3, 3g; 4 on the excluded route), each scenario in a
// fresh server under callgrind, instructions per request counted. Progress on stderr, markdown on stdout.
import { callgrindVersion } from './runner/callgrind.js';
import { countScenario, type InstructionCount } from './runner/instruction-count.js';
import { parseInstructionOptions } from './runner/instruction-options.js';
import { renderInstructionReport } from './runner/instruction-report.js';
import { RedisKeys } from './runner/redis-keys.js';
import { scenariosFor, type Scenario } from './runner/scenarios.js';
import { installedVersion, progressLogger, runMain } from './runner/main-process.js';
import { VARIANTS, type Variant, type VariantId } from './runner/variants.js';

const progress = progressLogger('instructions');

/** The variants a budget compares: the module (± guard) with the recipe, and on /none with bare Nest. */
const SESSION_ROUTE_VARIANTS: readonly VariantId[] = ['app-use', 'module', 'module-guard'];
const EXCLUDED_ROUTE_VARIANTS: readonly VariantId[] = ['app-use', 'module', 'bare'];

interface Job {
  readonly scenario: Scenario;
  readonly variant: Variant;
}

async function main(): Promise<number> {
  const options = parseInstructionOptions(process.argv.slice(2));
  const valgrind = await callgrindVersion();
  if (valgrind === undefined) {
    progress('valgrind (callgrind_control) is not installed: apt-get install -y valgrind');
    return 1;
  }
  const scenarios = scenariosFor(options.stores).filter((s) => options.scenarios.length === 0 || options.scenarios.includes(s.id));
  const jobs: Job[] = scenarios.flatMap((scenario) => {
    const wanted = scenario.path === '/none' ? EXCLUDED_ROUTE_VARIANTS : SESSION_ROUTE_VARIANTS;
    return VARIANTS.filter((v) => wanted.includes(v.id)).map((variant) => ({ scenario, variant }));
  });
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const redisPrefix = `nes-bench:ir-${runId}:`;
  const redis = options.stores.includes('redis') ? await RedisKeys.connect(options.redisUrl) : undefined;
  const counts: InstructionCount[] = [];
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const { scenario, variant } = jobs[next++];
        progress(`${scenario.id} ${variant.id}: counting`);
        const count = await countScenario(scenario, variant, options, `${redisPrefix}${scenario.id}:${variant.id}:`);
        progress(`${scenario.id} ${variant.id}: ${(count.instructions / count.responses / 1000).toFixed(1)} k instructions/request`);
        counts.push(count);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.jobs, jobs.length) }, worker));
  } finally {
    if (redis) {
      progress(`deleted ${await redis.deleteUnder(redisPrefix)} Redis keys under ${redisPrefix}`);
      await redis.close();
    }
  }
  const order = (c: InstructionCount) => jobs.findIndex((j) => j.scenario.id === c.scenarioId && j.variant.id === c.variantId);
  counts.sort((a, b) => order(a) - order(b));
  process.stdout.write(
    renderInstructionReport(
      {
        command: `node bench/dist/instructions.js ${process.argv.slice(2).join(' ')}`.trim(),
        date: new Date().toISOString(),
        versions: versions(),
        valgrind,
        options,
      },
      scenarios,
      counts,
    ),
  );
  const failures = counts.filter((c) => c.failures > 0);
  for (const failure of failures) {
    progress(`FAILED: ${failure.scenarioId} ${failure.variantId}: ${failure.failures} failed requests`);
  }
  return failures.length > 0 ? 1 : 0;
}

function versions(): string {
  return ['@nestjs/core', 'express-session'].reduce((text, name) => `${text}, ${name} ${installedVersion(name)}`, `Node ${process.version}`);
}

runMain(main, progress);
