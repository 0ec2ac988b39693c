import { describe, expect, it } from 'vitest';
import { FILE_FORMATS } from '../ingest/files/read-records.js';
import { CHANNELS, HANDLED_BY, ITEM_KINDS, ITEM_STATUSES, PII_KINDS } from './item.js';
import {
  CHANNEL_LABELS,
  defaultPolicyStoredName,
  DEFAULT_SLA_POLICY_LABELS,
  durationIn,
  FILE_FORMAT_LABELS,
  HANDLED_BY_LABELS,
  KIND_LABELS,
  labelMessages,
  labelOf,
  PII_KIND_LABELS,
  policyNameIn,
  STATUS_LABELS,
} from './labels-ko-en.js';
import { DEFAULT_SLA_SETTINGS } from './sla-settings.js';

describe('the shared Korean and English label table', () => {
  it('names every value the item schema allows, in its order', () => {
    expect(Object.keys(CHANNEL_LABELS)).toEqual([...CHANNELS]);
    expect(Object.keys(KIND_LABELS)).toEqual([...ITEM_KINDS]);
    expect(Object.keys(STATUS_LABELS)).toEqual([...ITEM_STATUSES]);
    expect(Object.keys(HANDLED_BY_LABELS)).toEqual([...HANDLED_BY]);
    expect(Object.keys(PII_KIND_LABELS)).toEqual([...PII_KINDS]);
    expect(Object.keys(FILE_FORMAT_LABELS)).toEqual([...FILE_FORMATS]);
  });

  it('writes a duration as the dashboard does: two units rounded on the smaller, never days in business time, null when nothing was measured', () => {
    expect(durationIn(513, 'ko')).toBe('8분 33초');
    expect(durationIn(513, 'en')).toBe('8 min 33 s');
    expect(durationIn(86_400 + 2 * 3_600 + 30 * 60, 'ko')).toBe('1일 3시간');
    expect(durationIn(86_400 + 2 * 3_600 + 29 * 60, 'ko')).toBe('1일 2시간');
    expect(durationIn(7_199.6, 'ko')).toBe('2시간');
    expect(durationIn(30 * 3_600 + 5 * 60, 'ko', { largest: 'hour' })).toBe('30시간 5분');
    expect(durationIn(180, 'en')).toBe('3 min');
    expect(durationIn(0, 'ko')).toBe('0초');
    for (const v of [null, undefined, Number.NaN, -1]) expect(durationIn(v, 'ko')).toBeNull();
  });

  it('holds the shipped SLA policies’ names exactly as the server stores them', () => {
    expect(DEFAULT_SLA_SETTINGS.policies.map((p) => p.id)).toEqual(Object.keys(DEFAULT_SLA_POLICY_LABELS));
    for (const p of DEFAULT_SLA_SETTINGS.policies) {
      expect(defaultPolicyStoredName(p.id)).toBe(p.name);
      expect(policyNameIn({ id: p.id, name: p.name! }, 'ko')).toBe(p.name!.split(' / ')[0]);
      expect(policyNameIn({ id: p.id, name: p.name! }, 'en')).toBe(p.name!.split(' / ')[1]);
    }
    // A name an admin gave is theirs, in any language; an id Sori does not ship has no stored name.
    expect(policyNameIn({ id: 'chat', name: '채팅 응답 5분' }, 'en')).toBe('채팅 응답 5분');
    expect(defaultPolicyStoredName('vip')).toBeNull();
    expect(defaultPolicyStoredName('toString')).toBeNull();
  });

  it('gives a value without a word back as it is, and the table as UI messages', () => {
    expect(labelOf(CHANNEL_LABELS, 'board', 'ko')).toBe('1:1 문의');
    expect(labelOf(CHANNEL_LABELS, 'kakao', 'ko')).toBe('kakao');
    expect(labelOf(CHANNEL_LABELS, 'constructor', 'en')).toBe('constructor');
    expect(labelMessages('handledBy', HANDLED_BY_LABELS, 'ko')).toEqual({ 'handledBy.bot': '챗봇', 'handledBy.human': '상담원' });
  });
});
