import { serve } from '@hono/node-server';
import type { SoriConfig } from '../config/config.js';
import { ensureFirstAdmin } from '../auth/users.js';
import { recordServerAddress } from '../store/data-dir-lock.js';
import { openStore } from '../store/open-store.js';
import { backfillSearchIndex, foldDirtyDays, workspacesToIndex } from '../store/queries/search-index.js';
import { createApp } from './app.js';
import { sweepTempDirs } from './temp-dirs.js';
import { SORI_VERSION } from '../version.js';

const FOLD_EVERY_MS = 60_000;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Opens the store, makes sure an admin can get in, and serves the API and web app. */
export async function startServer(config: SoriConfig, out: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<RunningServer> {
  const store = await openStore(config, { command: 'serve', port: config.port });
  const log = (msg: string, err?: unknown) => {
    if (config.logLevel !== 'silent') out(`[sori] ${msg}${err ? `: ${(err as Error)?.stack ?? String(err)}` : ''}`);
  };
  try {
    const first = await ensureFirstAdmin(store.db, config);
    if (first?.created) out(`[sori] admin account created: ${first.created.email} / 관리자 계정을 만들었습니다`);
    // Uploads and backups of a server that was killed mid-way are removed (nothing was stored from them).
    const swept = await sweepTempDirs();
    if (swept.length) log(`removed ${swept.length} temporary folder(s) of a stopped server / 멈춘 서버의 임시 폴더 ${swept.length}개를 지웠습니다`);
    // The public URL depends on the real port when PORT=0 (any free port) and no URL is set.
    const effective = { ...config };
    const app = createApp({ db: store.db, config: effective, version: SORI_VERSION, log });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    // The lock was taken before listening, with the port asked for (0: any free one) and no address:
    // `sori import` reads from it where to send a file, so it gets the bound port and an address
    // this host reaches the server at (a wildcard is reached on loopback).
    if (!config.databaseUrl) {
      const bound = typeof address === 'object' && address ? address.address : config.host;
      try {
        recordServerAddress(config.dataDir, { port, address: bound === '0.0.0.0' ? '127.0.0.1' : bound === '::' ? '::1' : bound });
      } catch (error) {
        log('could not write the server address into the data-folder lock (sori import will not find the server) / 데이터 폴더 잠금에 서버 주소를 쓰지 못했습니다', error);
      }
    }
    const url = `http://${['0.0.0.0', '127.0.0.1', '::', '::1'].includes(config.host) ? 'localhost' : config.host}:${port}`;
    if (!config.publicUrlSet) effective.publicUrl = url;
    // Items stored before the search index existed (or restored) are indexed in the background;
    // their workspace's searches read every day until then.
    const stopIndexing = new AbortController();
    const indexing = (async () => {
      for (const id of await workspacesToIndex(store.db)) {
        const n = await backfillSearchIndex(store.db, id, { signal: stopIndexing.signal });
        if (n) log(`search index: ${n} items of workspace ${id} indexed / 검색 색인을 만들었습니다`);
      }
    })().catch((error) => log('search index backfill failed', error));
    // Days that small writes (API calls, webhooks) marked dirty are folded into the index every minute.
    let folding: Promise<unknown> = Promise.resolve();
    const fold = setInterval(() => {
      folding = folding.then(() => foldDirtyDays(store.db, { signal: stopIndexing.signal })).catch((error) => log('search index fold failed', error));
    }, FOLD_EVERY_MS);
    fold.unref();
    if (first?.setupSecret) {
      out(`[sori] No admin yet. Open this one-time link within 24 h to create one:`);
      out(`[sori] 관리자 계정이 없습니다. 24시간 안에 아래 일회용 링크에서 만드세요:`);
      out(`       ${effective.publicUrl}/setup#${first.setupSecret}`);
    }
    return {
      url,
      port,
      async close() {
        stopIndexing.abort();
        clearInterval(fold);
        await indexing;
        await folding;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
