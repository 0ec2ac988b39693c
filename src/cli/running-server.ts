import { hostname } from 'node:os';
import type { SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { t } from './i18n.js';
import { withStore } from './with-store.js';

/**
 * The port and address of the `sori serve` on this machine that holds the data folder, from the
 * lock error; null for any other error or holder. An address that is not a plain host name or IP
 * (the lock is a file anyone with the folder can write) is not used.
 */
export function runningServer(error: unknown): { port: number; address: string | null } | null {
  if (!(error instanceof SoriError) || error.code !== 'data_dir_locked') return null;
  const { command, port, address, host } = (error.detail ?? {}) as { command?: string; port?: number; address?: unknown; host?: string };
  if (command !== 'serve' || !port || (host !== undefined && host !== hostname())) return null;
  return { port, address: typeof address === 'string' && /^[A-Za-z0-9.:-]{1,253}$/.test(address) ? address : null };
}

/** The base URL of a running server from its lock (an older lock without an address: this command's HOST). */
export function serverBaseUrl(config: SoriConfig, server: { port: number; address: string | null }): string {
  const host = server.address ?? (config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host);
  return `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
}

/** A JSON call to the running server's API as the CLI's SORI_TOKEN; its problem+json becomes the SoriError it was. */
export type ServerApi = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

function serverApi(baseUrl: string, token: string, workspace: string | undefined): ServerApi {
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const query = workspace ? `${path.includes('?') ? '&' : '?'}workspace=${encodeURIComponent(workspace)}` : '';
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api/v1${path}${query}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new SoriError('server_unreachable', t(`실행 중인 서버(${baseUrl})에 연결할 수 없습니다`, `cannot reach the running server at ${baseUrl}`) + ` (${(error as Error).message})`);
    }
    const text = await res.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new SoriError('server_error', t(`서버 응답을 읽을 수 없습니다 (HTTP ${res.status})`, `unreadable answer from the server (HTTP ${res.status})`));
    }
    if (!res.ok) {
      const { code, detail, ...rest } = parsed;
      throw new SoriError(String(code ?? 'server_error'), String(detail ?? `HTTP ${res.status}`), { ...rest, status: res.status });
    }
    return parsed as T;
  };
}

/**
 * Runs a command on the store (`local`, taking the data-folder lock), or — when `sori serve` holds
 * the embedded folder — through that server's API with SORI_TOKEN (`remote`): a CLI command never
 * opens a folder a running server uses. `scope` names the token scope the remote calls need.
 */
export async function withStoreOrServer<T>(
  config: SoriConfig,
  command: string,
  opts: { workspace?: string; scope: string },
  local: (db: Db, signal: AbortSignal) => Promise<T>,
  remote: (api: ServerApi, baseUrl: string) => Promise<T>,
): Promise<T> {
  try {
    return await withStore(config, command, local);
  } catch (error) {
    const server = runningServer(error);
    if (!server) throw error;
    const e = error as SoriError;
    if (!config.apiToken) {
      // The lock's message is an English line and a Korean one: each gets its half of the hint.
      const [english, korean] = e.message.split('\n');
      const hint = [
        `Or set SORI_TOKEN to an API token with the ${opts.scope} scope (Settings → API tokens) and run this again: it then goes through the running server.`,
        `또는 ${opts.scope} 권한의 API 토큰(설정 → API 토큰)을 SORI_TOKEN에 넣고 다시 실행하면 실행 중인 서버를 통해 처리합니다.`,
      ];
      throw new SoriError(e.code, korean === undefined ? `${e.message} ${hint[0]} / ${hint[1]}` : `${english} ${hint[0]}\n${korean} ${hint[1]}`, e.detail);
    }
    const baseUrl = serverBaseUrl(config, server);
    console.error(t(`데이터 폴더를 쓰는 실행 중인 서버(${baseUrl})를 통해 처리합니다.`, `going through the running server at ${baseUrl}, which holds the data folder.`));
    return remote(serverApi(baseUrl, config.apiToken, opts.workspace), baseUrl);
  }
}
