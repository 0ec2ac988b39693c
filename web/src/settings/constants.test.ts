import { describe, expect, it } from 'vitest';
import { ALL_CHURN, ORDER_CANCELLATION as SERVER_ORDER } from '../../../src/domain/churn-reasons';
import { MAX_ITEM_TYPES, TYPE_KEY_PATTERN } from '../../../src/domain/taxonomy';
import { MIN_WEBHOOK_SECRET, WEBHOOK_ADAPTER_NAMES } from '../../../src/domain/webhooks';
import { WEBHOOK_ADAPTERS } from '../api';
import { CHURN_ONLY, ORDER_CANCELLATION } from '../churn/churn-page';
import { KEY_PATTERN, MAX_TYPES } from './taxonomy-section';
import { MIN_SECRET } from './webhooks-section';

// The web cannot import the server's modules; its copies of the server's rules must not drift.
describe('the web’s copies of server rules', () => {
  it('match the server', () => {
    expect(ORDER_CANCELLATION).toBe(SERVER_ORDER);
    expect(CHURN_ONLY).toBe(ALL_CHURN);
    expect(String(KEY_PATTERN)).toBe(String(TYPE_KEY_PATTERN));
    expect(MAX_TYPES).toBe(MAX_ITEM_TYPES);
    expect(MIN_SECRET).toBe(MIN_WEBHOOK_SECRET);
    expect([...WEBHOOK_ADAPTERS].sort()).toEqual([...WEBHOOK_ADAPTER_NAMES].sort());
  });
});
