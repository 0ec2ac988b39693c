/**
 * How often a change verdict says "real" — on periods that did not change (it should be ~5 %) and
 * on periods that did (the higher the better). Each day's count is Poisson around a daily level
 * that itself varies from day to day by `sd` (a share of the mean) and, with `weekly`, is lower on
 * weekends by that share; the current period's level is `lift` times the previous one's; `burst`
 * adds an outage of that many items on two days of the current period.
 *
 *   node --import tsx bench/verdicts.bench.ts [--runs 2000] [--without-days]
 *
 * --without-days compares the totals alone (the exact Poisson test as it was before the days'
 * dispersion was taken into account).
 */
import { parseArgs } from 'node:util';
import { rateChange } from '../src/insights/change.js';
import { seededRandom, simulateDays } from '../test/helpers/simulated-days.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' }, 'without-days': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const withDays = !values['without-days'];

const random = seededRandom(11);

interface Scenario {
  mean: number;
  sd: number;
  days: number;
  lift: number;
  weekly?: number;
  burst?: number;
}

function flagged(s: Scenario): number {
  let real = 0;
  for (let run = 0; run < runs; run++) {
    const side = (mean: number, burst: number) => {
      const days = simulateDays(random, { mean, days: s.days, dayToDay: s.sd, weekendDrop: s.weekly });
      if (burst) for (const i of [3, 4]) days[i]!.count += Math.round(burst / 2);
      const count = days.reduce((sum, d) => sum + d.count, 0);
      return { count, exposure: s.days, value: count, ...(withDays ? { days } : {}) };
    };
    const previous = side(s.mean, 0);
    const current = side(s.mean * s.lift, s.burst ?? 0);
    if (rateChange(current, previous).verdict.startsWith('significant')) real++;
  }
  return real / runs;
}

const scenarios: Scenario[] = [
  { mean: 500, sd: 0.15, days: 7, lift: 1 },
  { mean: 500, sd: 0.15, days: 14, lift: 1 },
  { mean: 500, sd: 0.15, days: 28, lift: 1 },
  { mean: 100, sd: 0.15, days: 28, lift: 1 },
  { mean: 40, sd: 0, days: 28, lift: 1 },
  { mean: 20, sd: 0.3, days: 28, lift: 1 },
  { mean: 3, sd: 0, days: 28, lift: 1 },
  { mean: 500, sd: 0.05, days: 28, lift: 1, weekly: 0.5 },
  { mean: 500, sd: 0.15, days: 28, lift: 1.1 },
  { mean: 500, sd: 0.15, days: 28, lift: 1.2 },
  { mean: 100, sd: 0.15, days: 7, lift: 1.5 },
  { mean: 100, sd: 0.05, days: 28, lift: 1.2, weekly: 0.5 },
  // A week against the week before with quiet weekends (session 19): the rhythm must not be noise.
  { mean: 300, sd: 0.05, days: 7, lift: 1, weekly: 0.6 },
  { mean: 300, sd: 0.15, days: 7, lift: 1, weekly: 0.6 },
  { mean: 300, sd: 0.05, days: 7, lift: 1.2, weekly: 0.6 },
  { mean: 300, sd: 0.05, days: 7, lift: 1.4, weekly: 0.6 },
  { mean: 100, sd: 0.15, days: 7, lift: 1.4, weekly: 0.6 },
  { mean: 300, sd: 0.05, days: 10, lift: 1, weekly: 0.6 },
  { mean: 300, sd: 0.15, days: 14, lift: 1, weekly: 0.6 },
  { mean: 3, sd: 0, days: 28, lift: 1.5 },
  { mean: 5, sd: 0.2, days: 28, lift: 1, burst: 80 },
];
console.log(`verdicts over ${runs} pairs of periods each, ${withDays ? 'with the days (dispersion)' : 'totals alone (exact Poisson test)'}`);
console.log('per day | day-to-day sd | days | weekend drop | lift | outage | called real');
for (const s of scenarios) {
  console.log(`${s.mean} | ${s.sd * 100}% | ${s.days} | ${(s.weekly ?? 0) * 100}% | ${s.lift} | ${s.burst ?? 0} | ${(flagged(s) * 100).toFixed(1)}%`);
}
