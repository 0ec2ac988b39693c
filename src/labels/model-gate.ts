/**
 * The gate a newly trained model passes before it relabels anything by itself. Both models are
 * scored on the same held-out examples (train-workspace-model.ts: a fifth of the labelled items
 * chosen by a hash of their text, so the same texts are held out at every training). Fairness: the
 * model in use learned from everything it was trained on, held-out texts included, so scoring it
 * directly would favour it; each training therefore keeps a probe — the same training without the
 * held-out fifth — and the new probe is compared with the probe of the model in use (`basis:
 * 'probe'`). Neither saw those texts, and each learned from what was known at its own time. A
 * workspace's first type model is compared with the shipped type model it replaces, which never saw
 * the workspace's texts (`basis: 'shipped_default'`). A model in use trained before probes were
 * kept is scored itself (`basis: 'model_in_use'`), for the record only: it is favoured by far (measured on the commerce evaluation set, 114 items + 10 new: the model
 * in use scored 72–89% on the held-out texts, its probe 33–56%, the new probe 44%), so such a
 * comparison decides nothing — an automatic retraining is held as `no_comparison`, and the admin
 * decides with the impact preview; from then on the models keep probes.
 */

/** A drop larger than this (accuracy or macro-F1, as a fraction) makes a new model worse. */
export const WORSE_BY = 0.01;
/** Fewer held-out examples than this compare nothing (one example would move the scores by 5+ points). */
export const MIN_COMPARED_EXAMPLES = 20;

export interface Scores {
  accuracy: number;
  macroF1: number;
}

/** Both models' scores on the same held-out examples. */
export interface ModelComparison {
  examples: number;
  /**
   * probe: the probe of the model in use; shipped_default: no workspace model yet, the shipped type
   * model (it never saw the workspace's texts: fair); model_in_use: a model without a probe (favoured).
   */
  basis: 'probe' | 'shipped_default' | 'model_in_use';
  candidate: Scores;
  current: Scores;
}

export type GateVerdict = 'first_model' | 'not_worse' | 'worse' | 'no_comparison';

export interface GateDecision {
  verdict: GateVerdict;
  /** Put in use now. */
  apply: boolean;
  /** Why it is held (null when applied). */
  holdReason: 'worse' | 'no_comparison' | 'first_model' | null;
  comparison: ModelComparison | null;
  /** Candidate minus model in use, in points (null without a comparison). */
  delta: { accuracy: number; macroF1: number } | null;
}

/**
 * Whether a new model is put in use. A manual training (someone asked for it) always is, with the
 * comparison reported; an automatic one only when it is not worse than the model in use by more than
 * WORSE_BY on either score, compared fairly on at least MIN_COMPARED_EXAMPLES held-out examples. When
 * it cannot be — too few held-out examples, a model in use without a probe, or the first model of a
 * task with nothing to compare it with — it is held too: it would relabel history unseen on no
 * evidence (a walkthrough: ten corrections made the first automatic model relabel 131 stored items,
 * 95 better and 40 worse). The admin sees what it would change and decides.
 */
export function decideGate(input: { trigger: 'manual' | 'corrections'; hasModelInUse: boolean; comparison: ModelComparison | null }): GateDecision {
  const { comparison } = input;
  const compared = comparison && comparison.basis !== 'model_in_use' && comparison.examples >= MIN_COMPARED_EXAMPLES ? comparison : null;
  const delta = comparison
    ? { accuracy: round1((comparison.candidate.accuracy - comparison.current.accuracy) * 100), macroF1: round1((comparison.candidate.macroF1 - comparison.current.macroF1) * 100) }
    : null;
  let verdict: GateVerdict;
  if (compared) {
    const worse = compared.candidate.accuracy < compared.current.accuracy - WORSE_BY - 1e-9 || compared.candidate.macroF1 < compared.current.macroF1 - WORSE_BY - 1e-9;
    verdict = worse ? 'worse' : 'not_worse';
  } else verdict = input.hasModelInUse ? 'no_comparison' : 'first_model';
  const apply = input.trigger === 'manual' || verdict === 'not_worse';
  return { verdict, apply, holdReason: apply ? null : verdict === 'not_worse' ? null : verdict, comparison, delta };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
