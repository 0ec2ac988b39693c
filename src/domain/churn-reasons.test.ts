import { describe, expect, it } from 'vitest';
import { CHURN_REASON_LABELS, CHURN_REASONS, churnReasonNamed } from './churn-reasons.js';
import { labelMessages } from './labels-ko-en.js';

describe('churn reasons as a label table', () => {
  it('gives every reason its two names, in the reasons’ order, as the web’s messages spread them', () => {
    expect(Object.keys(CHURN_REASON_LABELS)).toEqual(CHURN_REASONS.map((r) => r.key));
    expect(CHURN_REASON_LABELS.military).toEqual(['군입대', 'Military service']);
    expect(CHURN_REASON_LABELS.closure).toEqual(['휴·폐업', 'Business closed']);
    const ko = labelMessages('churnReason', CHURN_REASON_LABELS, 'ko');
    const en = labelMessages('churnReason', CHURN_REASON_LABELS, 'en');
    expect([ko['churnReason.price'], en['churnReason.price']]).toEqual(['가격 부담', 'Price']);
    expect([ko['churnReason.payment_failure'], en['churnReason.payment_failure']]).toEqual(['결제 실패', 'Payment failed']);
    // The names a source writes still find their reason.
    expect(churnReasonNamed('이사·이민')?.key).toBe('moving');
  });
});
