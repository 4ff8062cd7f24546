import { median, type Measurement } from './measurement.js';
import type { Scenario } from './scenarios.js';
import type { VariantId } from './variants.js';

/** Medians over the rounds of one variant in one scenario, and its per-round ratios. */
export interface Row {
  readonly scenario: Scenario;
  readonly variantId: VariantId;
  readonly reqPerSec: number;
  readonly p99Ms: number;
  readonly cpuPerRequestUs: number;
  /** Median over rounds of the load generator's wake-ups per response (see {@link Measurement}). */
  readonly loadGeneratorWakesPerRequest: number;
  /** Median over rounds of (this variant's CPU/request ÷ variant 2's in the same round). */
  readonly cpuVsAppUse: number;
  /** Same against variant 4 (no session). */
  readonly cpuVsBare: number;
  /** Median over rounds of (this variant's req/s ÷ variant 2's in the same round). */
  readonly reqPerSecVsAppUse: number;
  readonly rounds: number;
  readonly failures: number;
}

/** Folds the measurements of every round into one row per scenario and variant. */
export function summarize(scenarios: readonly Scenario[], measurements: readonly Measurement[]): Row[] {
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const of = (variantId: VariantId) =>
      measurements.filter((m) => m.scenarioId === scenario.id && m.variantId === variantId);
    for (const variantId of scenario.variants) {
      const own = of(variantId);
      const ratio = (reference: VariantId, metric: (m: Measurement) => number) =>
        median(
          own.map((m) => {
            const base = of(reference).find((r) => r.round === m.round);
            return base ? metric(m) / metric(base) : Number.NaN;
          }),
        );
      rows.push({
        scenario,
        variantId,
        reqPerSec: median(own.map((m) => m.reqPerSec)),
        p99Ms: median(own.map((m) => m.p99Ms)),
        cpuPerRequestUs: median(own.map((m) => m.cpuPerRequestUs)),
        loadGeneratorWakesPerRequest: median(own.map((m) => m.loadGeneratorWakesPerRequest)),
        cpuVsAppUse: ratio('app-use', (m) => m.cpuPerRequestUs),
        cpuVsBare: ratio('bare', (m) => m.cpuPerRequestUs),
        reqPerSecVsAppUse: ratio('app-use', (m) => m.reqPerSec),
        rounds: own.length,
        failures: own.reduce((sum, m) => sum + m.failures, 0),
      });
    }
  }
  return rows;
}

/** A budget of the issue, checked against the rows. */
export interface BudgetCheck {
  readonly text: string;
  readonly ratio: number;
  readonly limit: number;
  readonly held: boolean;
}

/** The budget: at most 3 % over the variant compared with. */
export const BUDGET_LIMIT = 1.03;

/** Module ≤ 1.03 × variant 2 (with and without guard) per store and route; excluded route ≤ 1.03 × variant 4. */
export function checkBudgets(rows: readonly Row[], limit = BUDGET_LIMIT): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const row of rows) {
    const where = `${row.scenario.label} (${row.scenario.store})`;
    if (row.scenario.path === '/none') {
      if (row.variantId === 'module') {
        checks.push(check(`excluded route: module CPU/req ÷ variant 4 — ${where}`, row.cpuVsBare, limit));
      }
    } else if (row.variantId === 'module' || row.variantId === 'module-guard') {
      const who = row.variantId === 'module' ? 'module' : 'module + guard';
      checks.push(check(`${who} CPU/req ÷ variant 2 — ${where}`, row.cpuVsAppUse, limit));
    }
  }
  return checks;
}

function check(text: string, ratio: number, limit: number): BudgetCheck {
  return { text, ratio, limit, held: Number.isFinite(ratio) && ratio <= limit };
}
