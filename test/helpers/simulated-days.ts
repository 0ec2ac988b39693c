/**
 * Simulated daily counts for the verdict tests and bench/verdicts.bench.ts: a seeded generator (the
 * same numbers every run; a 32-bit LCG, normal deviates by Box–Muller) and Poisson days around a
 * daily level that itself varies by `dayToDay` (a share of the mean), `weekendDrop` lower on the
 * two weekend days of each week.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state + 0.5) / 4_294_967_296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const poisson = (mean: number) => {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    let k = 0;
    for (let p = uniform(), limit = Math.exp(-mean); p > limit; p *= uniform()) k++;
    return k;
  };
  return { uniform, normal, poisson };
}

export interface SimulatedDay {
  count: number;
  exposure: number;
  weekday: number;
}

/** `days` days of counts around `mean` (exposure 1 each; weekday i % 7 with 5 and 6 the weekend). */
export function simulateDays(
  random: ReturnType<typeof seededRandom>,
  opts: { mean: number; days: number; dayToDay: number; weekendDrop?: number },
): SimulatedDay[] {
  return Array.from({ length: opts.days }, (_, i) => ({
    count: random.poisson(opts.mean * (i % 7 >= 5 ? 1 - (opts.weekendDrop ?? 0) : 1) * Math.max(0.1, 1 + opts.dayToDay * random.normal())),
    exposure: 1,
    weekday: i % 7,
  }));
}
