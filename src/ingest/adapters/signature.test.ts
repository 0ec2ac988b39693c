import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/fixtures/adapters/load.js';
import {
  signChannelTalkPayload,
  signSoriPayload,
  signZendeskPayload,
  verifyChannelTalkSignature,
  verifyChannelTalkToken,
  verifySoriSignature,
  verifyZendeskSignature,
} from './signature.js';

const SECRET = 'whsec_3q2+7wAbCdEfGhIjKlMnOpQrStUvWxYz';
const NOW_MS = Date.parse('2024-11-03T01:15:05Z');
const NOW_SEC = Math.floor(NOW_MS / 1000);
const body = fixtureText('channeltalk-message-user.json'); // any realistic UTF-8 (Korean) body

describe('verifySoriSignature', () => {
  it('accepts a valid signature, for string and Buffer bodies alike', () => {
    const header = signSoriPayload(body, SECRET, NOW_SEC);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySoriSignature(body, header, SECRET, NOW_MS)).toEqual({ ok: true });
    expect(verifySoriSignature(Buffer.from(body, 'utf8'), header, SECRET, NOW_MS)).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const header = signSoriPayload(body, SECRET, NOW_SEC);
    const tampered = body.replace('3일째', '5일째');
    expect(verifySoriSignature(tampered, header, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_mismatch' });
  });

  it('rejects a signature made with another secret', () => {
    const header = signSoriPayload(body, 'another-secret', NOW_SEC);
    expect(verifySoriSignature(body, header, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_mismatch' });
  });

  it('rejects a timestamp outside the tolerance, past or future', () => {
    const old = signSoriPayload(body, SECRET, NOW_SEC - 301);
    expect(verifySoriSignature(body, old, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_expired' });
    const future = signSoriPayload(body, SECRET, NOW_SEC + 301);
    expect(verifySoriSignature(body, future, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_expired' });
    const edge = signSoriPayload(body, SECRET, NOW_SEC - 299);
    expect(verifySoriSignature(body, edge, SECRET, NOW_MS)).toEqual({ ok: true });
    expect(verifySoriSignature(body, old, SECRET, NOW_MS, 600)).toEqual({ ok: true });
  });

  it('reports a forged old request as a mismatch, not as expired', () => {
    const header = signSoriPayload(body, 'another-secret', NOW_SEC - 3600);
    expect(verifySoriSignature(body, header, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_mismatch' });
  });

  it('reports a missing header', () => {
    expect(verifySoriSignature(body, undefined, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_missing' });
    expect(verifySoriSignature(body, '  ', SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_missing' });
  });

  it('reports malformed headers', () => {
    const mac = signSoriPayload(body, SECRET, NOW_SEC).split('v1=')[1];
    for (const header of [
      'garbage',
      `v1=${mac}`, // no timestamp
      `t=${NOW_SEC}`, // no signature
      `t=${NOW_SEC},v1=xyz`, // not hex
      `t=${NOW_SEC},v1=${mac.slice(0, 40)}`, // truncated
      `t=abc,v1=${mac}`,
      `t=${NOW_SEC},t=${NOW_SEC},v1=${mac}`,
      `t=${NOW_SEC},,v1=${mac}`,
    ]) {
      expect(verifySoriSignature(body, header, SECRET, NOW_MS), header).toEqual({ ok: false, code: 'signature_malformed' });
    }
  });

  it('accepts any of several v1 signatures (secret rotation) and ignores unknown schemes', () => {
    const good = signSoriPayload(body, SECRET, NOW_SEC).split('v1=')[1];
    const old = signSoriPayload(body, 'old-secret', NOW_SEC).split('v1=')[1];
    expect(verifySoriSignature(body, `t=${NOW_SEC},v1=${old},v1=${good},v0=deadbeef`, SECRET, NOW_MS)).toEqual({ ok: true });
    expect(verifySoriSignature(body, ` t=${NOW_SEC} , v1=${good} `, SECRET, NOW_MS)).toEqual({ ok: true });
  });
});

describe('verifyZendeskSignature', () => {
  const zBody = fixtureText('zendesk-ticket-created.json');
  const ts = '2024-11-03T01:15:00Z';
  const sig = signZendeskPayload(zBody, ts, SECRET);

  it('accepts a valid signature (base64 HMAC of timestamp + body)', () => {
    expect(sig).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(verifyZendeskSignature(zBody, sig, ts, SECRET, NOW_MS)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret and a swapped timestamp', () => {
    expect(verifyZendeskSignature(zBody.replace('교환', '환불'), sig, ts, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(verifyZendeskSignature(zBody, signZendeskPayload(zBody, ts, 'wrong'), ts, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(verifyZendeskSignature(zBody, sig, '2024-11-03T01:15:01Z', SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_mismatch' });
  });

  it('rejects an old timestamp', () => {
    const oldTs = '2024-11-03T01:00:00Z';
    expect(verifyZendeskSignature(zBody, signZendeskPayload(zBody, oldTs, SECRET), oldTs, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_expired' });
  });

  it('reports missing and malformed headers', () => {
    expect(verifyZendeskSignature(zBody, undefined, ts, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_missing' });
    expect(verifyZendeskSignature(zBody, sig, undefined, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_missing' });
    expect(verifyZendeskSignature(zBody, 'not-base64!', ts, SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_malformed' });
    expect(verifyZendeskSignature(zBody, sig, 'yesterday', SECRET, NOW_MS)).toEqual({ ok: false, code: 'signature_malformed' });
  });

  it('signs the timestamp alone for a request without a body', () => {
    const s = signZendeskPayload('', ts, SECRET);
    expect(verifyZendeskSignature('', s, ts, SECRET, NOW_MS)).toEqual({ ok: true });
  });
});

describe('Channel Talk', () => {
  const token = 'a3f1c09e4b7d2e8f61c5a0b9d3e7f214';

  it('accepts the webhook token and rejects others in constant time', () => {
    expect(verifyChannelTalkToken(token, token)).toEqual({ ok: true });
    expect(verifyChannelTalkToken(token.slice(0, -1) + '5', token)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(verifyChannelTalkToken(token + 'x', token)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(verifyChannelTalkToken(undefined, token)).toEqual({ ok: false, code: 'signature_missing' });
    expect(verifyChannelTalkToken('', token)).toEqual({ ok: false, code: 'signature_missing' });
    expect(verifyChannelTalkToken('x'.repeat(600), token)).toEqual({ ok: false, code: 'signature_malformed' });
  });

  it('verifies an app X-Signature with a hex signing key', () => {
    const key = 'c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc';
    const sig = signChannelTalkPayload(body, key);
    expect(verifyChannelTalkSignature(body, sig, key)).toEqual({ ok: true });
    expect(verifyChannelTalkSignature(body + ' ', sig, key)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(verifyChannelTalkSignature(body, sig, key.replace('c0ffee', 'c0ffef'))).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(verifyChannelTalkSignature(body, undefined, key)).toEqual({ ok: false, code: 'signature_missing' });
    expect(verifyChannelTalkSignature(body, 'zz', key)).toEqual({ ok: false, code: 'signature_malformed' });
  });

  it('never matches with a secret that is not a hex key (no short decoded keys)', () => {
    // Buffer.from('ab-not-hex', 'hex') would be a one-byte key: a forger could try all 256.
    const weak = 'ab-not-hex-at-all';
    const forged = signChannelTalkPayload(body, 'ab');
    expect(verifyChannelTalkSignature(body, forged, weak)).toEqual({ ok: false, code: 'signature_mismatch' });
  });
});
