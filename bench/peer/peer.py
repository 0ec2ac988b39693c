#!/usr/bin/env python3
# Sori benchmark peer (issue 3): a scikit-learn text-classification baseline
# that our own classifier is compared against.
#
#   features = FeatureUnion(
#       TfidfVectorizer(analyzer='char_wb', ngram_range=(1, 3), sublinear_tf=True, min_df=1),
#       TfidfVectorizer(analyzer='word', ngram_range=(1, 2), sublinear_tf=True,
#                       token_pattern=r"(?u)\b\w+\b"))
#   classifier = LinearSVC(C=1.0)   # every other setting left at sklearn's default
#
# Only stdlib + numpy + scipy + scikit-learn. Run with Debian's interpreter:
#   /usr/bin/python3 bench/peer/peer.py --train TRAIN.jsonl --test TEST.jsonl [--json]
#   /usr/bin/python3 bench/peer/peer.py --train TRAIN.jsonl --split 0.2 --seed 42
#   /usr/bin/python3 bench/peer/peer.py --train TRAIN.jsonl --split 0.2 --speed 100000
#
# Input: JSON Lines, one object per line; the text and label fields are chosen with
# --text-field / --label-field. Non-string labels are converted to strings
# (true/false for booleans, 1 for 1.0, as JavaScript's String() would).
#
# Timings: train_seconds covers fit (featurisation + SVM); predict_seconds covers
# featurisation + prediction of the whole test set in one batch call. The process is
# pinned to one BLAS/OpenMP thread (set before numpy is imported), so every figure,
# not only --speed, is single-threaded.

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import sys
import time
from collections import Counter


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="TF-IDF (char_wb 1-3 + word 1-2) + LinearSVC benchmark peer (issue 3)."
    )
    p.add_argument("--train", required=True, help="training JSONL file")
    p.add_argument("--test", help="test JSONL file (omit to use --split)")
    p.add_argument("--text-field", default="text", help="field holding the text (default: text)")
    p.add_argument("--label-field", default="label", help="field holding the label (default: label)")
    p.add_argument("--split", type=float, default=None,
                   help="without --test: hold out this fraction of TRAIN (stratified) as the test set")
    p.add_argument("--seed", type=int, default=42, help="random seed for --split (default: 42)")
    p.add_argument("--speed", type=int, default=None, metavar="N",
                   help="also time prediction of N items (test texts repeated to reach N)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    a = p.parse_args(argv)
    if a.test and a.split is not None:
        p.error("use either --test or --split, not both")
    if not a.test and a.split is None:
        p.error("give --test FILE or --split FRACTION")
    if a.split is not None and not (0.0 < a.split < 1.0):
        p.error("--split must be between 0 and 1 (exclusive)")
    if a.speed is not None and a.speed < 1:
        p.error("--speed must be a positive integer")
    return a


def label_to_str(v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def load_jsonl(path, text_field, label_field):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{lineno}: invalid JSON: {e}")
            if not isinstance(obj, dict):
                sys.exit(f"{path}:{lineno}: expected a JSON object")
            if text_field not in obj or obj[text_field] is None:
                sys.exit(f"{path}:{lineno}: missing text field {text_field!r}")
            if label_field not in obj or obj[label_field] is None:
                sys.exit(f"{path}:{lineno}: missing label field {label_field!r}")
            text = obj[text_field]
            texts.append(text if isinstance(text, str) else str(text))
            labels.append(label_to_str(obj[label_field]))
    if not texts:
        sys.exit(f"{path}: no records")
    return texts, labels


def build_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion([
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3),
                                 sublinear_tf=True, min_df=1)),
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2),
                                 sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")),
    ])
    return Pipeline([("features", features), ("svm", LinearSVC(C=1.0))])


def main(argv=None):
    args = parse_args(argv)

    import sklearn
    from sklearn.metrics import accuracy_score, f1_score

    x_all, y_all = load_jsonl(args.train, args.text_field, args.label_field)
    if args.test:
        x_train, y_train = x_all, y_all
        x_test, y_test = load_jsonl(args.test, args.text_field, args.label_field)
    else:
        from sklearn.model_selection import train_test_split

        counts = Counter(y_all)
        stratify = y_all
        if min(counts.values()) < 2:
            print("warning: some class has fewer than 2 examples; split is not stratified",
                  file=sys.stderr)
            stratify = None
        x_train, x_test, y_train, y_test = train_test_split(
            x_all, y_all, test_size=args.split, random_state=args.seed, stratify=stratify)

    if len(set(y_train)) < 2:
        sys.exit("training data has fewer than 2 distinct labels")

    model = build_model()
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    train_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    y_pred = model.predict(x_test)
    predict_seconds = time.perf_counter() - t0

    result = {
        "accuracy": float(accuracy_score(y_test, y_pred)),
        "macro_f1": float(f1_score(y_test, y_pred, average="macro", zero_division=0)),
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
        "predict_items_per_s": len(x_test) / predict_seconds if predict_seconds > 0 else None,
        "n_train": len(x_train),
        "n_test": len(x_test),
        "sklearn_version": sklearn.__version__,
    }

    if args.speed is not None:
        reps = -(-args.speed // len(x_test))
        speed_texts = (list(x_test) * reps)[: args.speed]
        t0 = time.perf_counter()
        model.predict(speed_texts)
        speed_seconds = time.perf_counter() - t0
        result["speed_n"] = args.speed
        result["speed_seconds"] = speed_seconds
        result["speed_items_per_s"] = args.speed / speed_seconds if speed_seconds > 0 else None

    if args.json:
        print(json.dumps(result))
    else:
        print(f"peer: TF-IDF char_wb(1-3) + word(1-2) + LinearSVC(C=1.0), sklearn {result['sklearn_version']}")
        print(f"n_train:             {result['n_train']}")
        print(f"n_test:              {result['n_test']}")
        print(f"accuracy:            {result['accuracy']:.4f}")
        print(f"macro_f1:            {result['macro_f1']:.4f}")
        print(f"train_seconds:       {result['train_seconds']:.3f}")
        print(f"predict_seconds:     {result['predict_seconds']:.3f}")
        print(f"predict_items_per_s: {result['predict_items_per_s']:.1f}")
        if args.speed is not None:
            print(f"speed ({result['speed_n']} items, 1 thread): "
                  f"{result['speed_seconds']:.3f} s, {result['speed_items_per_s']:.1f} items/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
