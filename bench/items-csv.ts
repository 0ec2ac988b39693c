import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The generated CSV of `count` realistic Korean items the benchmarks share (bench/out/items-N.csv;
 * items-N-versioned.csv with a 수정일시 column), made by bench/gen-items.ts on first use and reused afterwards.
 */
export function itemsCsv(count: number, opts: { versioned?: boolean } = {}): string {
  const outDir = path.resolve('bench/out');
  mkdirSync(outDir, { recursive: true });
  const csv = path.join(outDir, `items-${count}${opts.versioned ? '-versioned' : ''}.csv`);
  if (!existsSync(csv)) {
    console.log(`generating ${count.toLocaleString()} items → ${csv}`);
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/gen-items.ts', '--count', String(count), '--out', csv, ...(opts.versioned ? ['--versioned'] : [])], { stdio: 'inherit' });
  }
  return csv;
}
