/**
 * Runs `work` again when PostgreSQL aborted it as the loser of a deadlock (40P01) or a
 * serialization failure (40001) — its transaction was rolled back whole, so running it again is
 * safe. Two writers that lock overlapping items in different orders (a bulk correction locks by
 * id, an ingest by the order of its batch) can deadlock; one of them is chosen to fail and would
 * otherwise answer 500. A short, growing, jittered pause lets the winner commit first.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
