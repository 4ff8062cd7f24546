import { median } from './measurement.js';

/** How a set of per-round ratios spreads: what a reader needs to judge a ratio against a 3 % budget. */
export interface RatioStatistics {
  readonly median: number;
  readonly mean: number;
  /** Sample standard deviation of one round's ratio. */
  readonly sd: number;
  /** Half-width of the mean's 95 % interval (2 × sd ÷ √rounds). */
  readonly meanHalfWidth95: number;
}

/** Median, mean and spread of per-round ratios; NaN fields when there are fewer than two. */
export function ratioStatistics(ratios: readonly number[]): RatioStatistics {
  const n = ratios.length;
  const mean = ratios.reduce((sum, r) => sum + r, 0) / n;
  const sd = Math.sqrt(ratios.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1));
  return { median: median(ratios), mean, sd, meanHalfWidth95: (2 * sd) / Math.sqrt(n) };
}
