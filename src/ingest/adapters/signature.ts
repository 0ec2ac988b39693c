/**
 * Webhook authentication for the three receivers.
 *
 * Built from:
 * - Sori's own scheme (below), modelled on Stripe-style `t=…,v1=…` signatures.
 * - Zendesk Developer Docs, "Verifying webhook authenticity" (Webhooks API v2, 2024):
 *   `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(signing secret, timestamp + body)),
 *   timestamp from `X-Zendesk-Webhook-Signature-Timestamp` (ISO 8601, e.g. 2024-04-17T17:18:10Z).
 * - Channel Talk developer docs (developers.channel.io), Webhook "Getting started" and
 *   Open API v5 "Create a Webhook": a webhook has a `token` chosen by Channel Talk at creation,
 *   and every delivery is `POST <url>?token=<token>` — a shared token, not a signature, with no
 *   timestamp, so it cannot detect tampering or replays. Channel Talk *app* functions instead
 *   carry `X-Signature` = base64(HMAC-SHA256(key = hex-decoded signing key, UTF-8 body)),
 *   also documented there ("Function", app server settings); we accept that form too.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from './types.js';

export const SORI_SIGNATURE_HEADER = 'X-Sori-Signature';
export const ZENDESK_SIGNATURE_HEADER = 'X-Zendesk-Webhook-Signature';
export const ZENDESK_TIMESTAMP_HEADER = 'X-Zendesk-Webhook-Signature-Timestamp';
export const CHANNELTALK_TOKEN_PARAM = 'token';
export const CHANNELTALK_SIGNATURE_HEADER = 'X-Signature';

/** Default replay window: a signed request older or newer than this is refused. */
export const DEFAULT_TOLERANCE_SEC = 300;

const fail = (code: Extract<VerifyResult, { ok: false }>['code']): VerifyResult => ({ ok: false, code });

function bodyBuffer(rawBody: string | Buffer): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
}

/** Constant-time comparison of two byte strings; different lengths are simply unequal. */
function bytesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Constant-time comparison of two secrets of any length: both are hashed first, so neither
 * the content nor the length of the expected value leaks through timing.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(given), h(expected));
}

// ── Sori generic webhook ─────────────────────────────────────────────────────────────────────
//
// Header:  X-Sori-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
//
// The signed string is the decimal timestamp, a full stop, then the raw request body bytes
// exactly as sent (sign before any re-serialisation). Several `v1=` entries may be present (a
// sender rotating secrets signs with both); one match is enough. Unknown keys (`v0=`, future
// schemes) are ignored. A request is refused when |now − t| exceeds the tolerance (300 s).

/** Computes the `X-Sori-Signature` header value for a body (for clients and tests). */
export function signSoriPayload(rawBody: string | Buffer, secret: string, tSec: number = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${tSec}.`, 'utf8').update(bodyBuffer(rawBody)).digest('hex');
  return `t=${tSec},v1=${mac}`;
}

/** Verifies an `X-Sori-Signature` header; checks the signature first, then its age. */
export function verifySoriSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string,
  nowMs: number = Date.now(),
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
): VerifyResult {
  if (header === undefined || header.trim() === '') return fail('signature_missing');
  let t: string | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return fail('signature_malformed');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d{1,12}$/.test(value)) return fail('signature_malformed');
      t = value;
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return fail('signature_malformed');
      candidates.push(Buffer.from(value, 'hex'));
    }
  }
  if (t === undefined || candidates.length === 0) return fail('signature_malformed');
  const expected = createHmac('sha256', secret).update(`${t}.`, 'utf8').update(bodyBuffer(rawBody)).digest();
  // Compare against every candidate (no early exit) so timing does not reveal which matched.
  let matched = false;
  for (const c of candidates) matched = bytesEqual(c, expected) || matched;
  if (!matched) return fail('signature_mismatch');
  if (Math.abs(nowMs / 1000 - Number(t)) > toleranceSec) return fail('signature_expired');
  return { ok: true };
}

// ── Zendesk ──────────────────────────────────────────────────────────────────────────────────

/** Computes Zendesk's signature for a body and timestamp (for tests). */
export function signZendeskPayload(rawBody: string | Buffer, timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(timestamp, 'utf8').update(bodyBuffer(rawBody)).digest('base64');
}

/** Parses Zendesk's signature timestamp: ISO 8601 as sent, or unix seconds as a fallback. */
function parseZendeskTimestamp(value: string): number | null {
  const s = value.trim();
  if (/^\d{9,12}$/.test(s)) return Number(s) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Verifies a Zendesk webhook: base64(HMAC-SHA256(secret, timestamp + body)) against
 * `X-Zendesk-Webhook-Signature`, then the timestamp's age. Requests without a body (Zendesk
 * allows GET/DELETE webhooks) sign the timestamp alone; pass an empty string.
 */
export function verifyZendeskSignature(
  rawBody: string | Buffer,
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  secret: string,
  nowMs: number = Date.now(),
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
): VerifyResult {
  const signature = signatureHeader?.trim();
  const timestamp = timestampHeader?.trim();
  if (!signature || !timestamp) return fail('signature_missing');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return fail('signature_malformed');
  const tsMs = parseZendeskTimestamp(timestamp);
  if (tsMs === null) return fail('signature_malformed');
  const expected = createHmac('sha256', secret).update(timestamp, 'utf8').update(bodyBuffer(rawBody)).digest();
  if (!bytesEqual(Buffer.from(signature, 'base64'), expected)) return fail('signature_mismatch');
  if (Math.abs(nowMs - tsMs) > toleranceSec * 1000) return fail('signature_expired');
  return { ok: true };
}

// ── Channel Talk ─────────────────────────────────────────────────────────────────────────────

/**
 * Verifies a Channel Talk webhook's `?token=` against the token Channel Talk issued for the
 * webhook (stored as the receiver's secret). Constant-time; there is no timestamp to check.
 */
export function verifyChannelTalkToken(token: string | undefined, secret: string): VerifyResult {
  if (token === undefined || token === '') return fail('signature_missing');
  if (token.length > 512) return fail('signature_malformed');
  return secretsEqual(token, secret) ? { ok: true } : fail('signature_mismatch');
}

/** Computes a Channel Talk app `X-Signature` for a body (for tests). */
export function signChannelTalkPayload(rawBody: string | Buffer, signingKeyHex: string): string {
  return createHmac('sha256', Buffer.from(signingKeyHex, 'hex')).update(bodyBuffer(rawBody)).digest('base64');
}

/**
 * Verifies a Channel Talk app `X-Signature` header. The signing key is hex as Channel Talk
 * shows it; a secret that is not a hex key of at least 128 bits never matches (decoding a
 * non-hex string would silently yield a short, guessable key).
 */
export function verifyChannelTalkSignature(rawBody: string | Buffer, header: string | undefined, signingKeyHex: string): VerifyResult {
  const signature = header?.trim();
  if (!signature) return fail('signature_missing');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return fail('signature_malformed');
  if (!/^(?:[0-9a-f]{2}){16,}$/i.test(signingKeyHex)) return fail('signature_mismatch');
  const expected = createHmac('sha256', Buffer.from(signingKeyHex, 'hex')).update(bodyBuffer(rawBody)).digest();
  return bytesEqual(Buffer.from(signature, 'base64'), expected) ? { ok: true } : fail('signature_mismatch');
}
