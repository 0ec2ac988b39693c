/** Classification quality: accuracy, macro-F1, per-class precision/recall/F1, confusion matrix. */
export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  examples: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassReport[];
  /** Row = true label, column = predicted label, both in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
}

/**
 * Scores predictions against the truth. Labels are the union of both sides, sorted, and macro-F1
 * averages F1 over all of them (a label only ever predicted counts with F1 0), as scikit-learn's
 * `f1_score(average="macro")` does, so the two can be compared side by side.
 */
export function evaluate(truth: string[], predicted: string[]): EvalReport {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const labels = [...new Set([...truth, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    matrix[index.get(truth[i]!)!]![index.get(predicted[i]!)!]!++;
    if (truth[i] === predicted[i]) correct++;
  }
  const perClass = labels.map((label, k) => {
    const tp = matrix[k]![k]!;
    const support = matrix[k]!.reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((a, row) => a + row[k]!, 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  return {
    examples: truth.length,
    accuracy: truth.length ? correct / truth.length : 0,
    macroF1: perClass.length ? perClass.reduce((a, c) => a + c.f1, 0) / perClass.length : 0,
    perClass,
    confusion: { labels, matrix },
  };
}
