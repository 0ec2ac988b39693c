import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

/** Which backend the shared storage suites run on: PGlite unless TEST_DATABASE_URL is set. */
export const TEST_BACKEND = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * Opens a fresh, migrated database for one test file: in-memory PGlite, or a new schema on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped again by the returned cleanup).
 * `through` stops the migrations after that number (to test a later one's data move).
 */
export async function openTestDb(opts: { through?: string } = {}): Promise<{ db: Db; schema?: string; close: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openDb({});
    await migrate(db, opts);
    return { db, close: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDb({ databaseUrl: url, schema });
  await migrate(db, opts);
  return {
    db,
    schema,
    close: async () => {
      // Test files run in parallel, each dropping its schema at the end; a DROP … CASCADE can be
      // picked as a deadlock victim against another file's DDL on the shared catalog: try again.
      for (let attempt = 1; ; attempt++) {
        try {
          await db.exec(`DROP SCHEMA ${schema} CASCADE`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
      await db.close();
    },
  };
}
