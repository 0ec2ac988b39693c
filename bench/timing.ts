/**
 * A query's time over repeated runs, printed as one JSON line: p50, p95 and the slowest of `runs`
 * after one warm-up run (the benches of the insights: insights, support business hours, repeat contacts).
 */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export async function timeRuns(name: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(JSON.stringify({ query: name, runs, p50_ms: +quantile(ms, 0.5).toFixed(1), p95_ms: +quantile(ms, 0.95).toFixed(1), max_ms: +ms[ms.length - 1]!.toFixed(1) }));
}
