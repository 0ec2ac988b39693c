import { describe, expect, it } from 'vitest';
import { CHANNELS, HANDLED_BY, ITEM_KINDS, ITEM_STATUSES, PII_KINDS } from './item.js';
import {
  CHANNEL_LABELS,
  defaultPolicyStoredName,
  DEFAULT_SLA_POLICY_LABELS,
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
