import { describe, expect, it } from 'vitest';
import { decideGate, type ModelComparison } from './model-gate.js';

const compare = (candidate: [number, number], current: [number, number], examples = 40): ModelComparison => ({
  examples,
  basis: 'probe',
  candidate: { accuracy: candidate[0], macroF1: candidate[1] },
  current: { accuracy: current[0], macroF1: current[1] },
});

describe('the gate before a retrained model relabels anything', () => {
  it('applies an automatic retraining that is not worse by more than one point', () => {
    const same = decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: compare([0.85, 0.8], [0.855, 0.805]) });
    expect(same).toMatchObject({ verdict: 'not_worse', apply: true, holdReason: null, delta: { accuracy: -0.5, macroF1: -0.5 } });
    // Exactly one point lower is not worse.
    expect(decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: compare([0.84, 0.79], [0.85, 0.8]) }).apply).toBe(true);
    expect(decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: compare([0.9, 0.9], [0.8, 0.8]) }).verdict).toBe('not_worse');
  });

  it('holds an automatic retraining that is worse on accuracy or on macro-F1', () => {
    const accuracy = decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: compare([0.83, 0.8], [0.85, 0.8]) });
    expect(accuracy).toMatchObject({ verdict: 'worse', apply: false, holdReason: 'worse', delta: { accuracy: -2, macroF1: 0 } });
    // A model that gets the big classes right and loses a small one: accuracy holds, macro-F1 drops.
    const f1 = decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: compare([0.86, 0.7], [0.85, 0.8]) });
    expect(f1).toMatchObject({ verdict: 'worse', apply: false, holdReason: 'worse' });
  });

  it('holds an automatic retraining it cannot compare fairly, the first model too', () => {
    expect(decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: null })).toMatchObject({ verdict: 'no_comparison', apply: false, holdReason: 'no_comparison' });
    // Ten held-out examples: one of them moves the score by ten points.
    expect(decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: compare([0.9, 0.9], [0.8, 0.8], 10) }).holdReason).toBe('no_comparison');
    expect(decideGate({ trigger: 'corrections', hasModelInUse: false, comparison: null })).toMatchObject({ verdict: 'first_model', apply: false, holdReason: 'first_model' });
    // A first type model compared with the shipped one (which never saw the workspace's texts) is judged like any other.
    const shipped = { ...compare([0.8, 0.75], [0.7, 0.6]), basis: 'shipped_default' as const };
    expect(decideGate({ trigger: 'corrections', hasModelInUse: false, comparison: shipped })).toMatchObject({ verdict: 'not_worse', apply: true });
    expect(decideGate({ trigger: 'corrections', hasModelInUse: false, comparison: { ...shipped, candidate: { accuracy: 0.6, macroF1: 0.5 } } })).toMatchObject({ verdict: 'worse', apply: false });
    expect(decideGate({ trigger: 'manual', hasModelInUse: false, comparison: null })).toMatchObject({ verdict: 'first_model', apply: true, holdReason: null });
    // A model in use without a probe scored itself: it learned the held-out texts, so the scores decide nothing.
    const unfair = { ...compare([0.9, 0.9], [0.8, 0.8]), basis: 'model_in_use' as const };
    expect(decideGate({ trigger: 'corrections', hasModelInUse: true, comparison: unfair })).toMatchObject({ verdict: 'no_comparison', apply: false, delta: { accuracy: 10, macroF1: 10 } });
  });

  it('applies a manual training whatever the comparison says, and reports it', () => {
    const manual = decideGate({ trigger: 'manual', hasModelInUse: true, comparison: compare([0.7, 0.6], [0.85, 0.8]) });
    expect(manual).toMatchObject({ verdict: 'worse', apply: true, holdReason: null, delta: { accuracy: -15, macroF1: -20 } });
  });
});
