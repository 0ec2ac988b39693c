import type { Context } from 'hono';
import { ERROR_STATUS, SoriError } from '../domain/errors.js';

/** Sends an RFC 9457 problem+json answer with a stable `code`. */
export function problem(c: Context, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return c.body(
    // The standard members win over an extra of the same name (an error's detail cannot make `status` a word).
    JSON.stringify({ ...extra, type: `https://sori.dev/problems/${code}`, title: code.replace(/_/g, ' '), status, detail, code }),
    status as never,
    { 'Content-Type': 'application/problem+json; charset=utf-8' },
  );
}

/** The one error handler: domain codes → HTTP status; anything unknown is a 500 without internals. */
export function onError(log: (msg: string, err: unknown) => void) {
  return (err: Error, c: Context): Response => {
    if (err instanceof SoriError) {
      const status = ERROR_STATUS[err.code] ?? 500;
      if (status === 401 && !err.code.startsWith('signature_')) c.header('WWW-Authenticate', 'Bearer realm="sori"');
      return problem(c, status, err.code, err.message, err.detail ?? {});
    }
    const status = (err as { status?: number }).status;
    if (status === 413) return problem(c, 413, 'payload_too_large', 'request body is too large / 요청 본문이 너무 큽니다');
    log('unhandled error', err);
    return problem(c, 500, 'internal_error', 'internal error / 내부 오류가 발생했습니다');
  };
}
