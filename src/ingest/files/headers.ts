/**
 * Header cells → usable, unique column names: trimmed, BOM removed, a blank header becomes
 * `column_N` (1-based position) and a repeated one gets `_2`, `_3`… so no column is lost.
 */
export function uniqueHeaders(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((cell, i) => {
    const base = cell.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** Whether `first` is a title line above the header `next`: one filled cell, then a row of two or more. */
export function titleAbove(first: readonly unknown[], next: readonly unknown[]): boolean {
  const filled = (cells: readonly unknown[]) => cells.filter((c) => c !== null && c !== undefined && String(c).trim() !== '').length;
  return filled(first) === 1 && filled(next) >= 2;
}
