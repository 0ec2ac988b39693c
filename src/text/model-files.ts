import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserializeClassifier, serializeClassifier, type ModelMeta, type TextClassifier } from './classifier.js';

/** A model folder holds `model.json` (what it is, how it was trained) and `weights.bin`. */
export const MODEL_META_FILE = 'model.json';
export const MODEL_WEIGHTS_FILE = 'weights.bin';

/** Writes a model folder; each file is written beside and renamed, so a crash leaves the old one. */
export async function saveClassifier(model: TextClassifier, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { meta, weights } = serializeClassifier(model);
  await writeFile(join(dir, `${MODEL_WEIGHTS_FILE}.tmp`), weights);
  await writeFile(join(dir, `${MODEL_META_FILE}.tmp`), JSON.stringify(meta, null, 2) + '\n');
  await rename(join(dir, `${MODEL_WEIGHTS_FILE}.tmp`), join(dir, MODEL_WEIGHTS_FILE));
  await rename(join(dir, `${MODEL_META_FILE}.tmp`), join(dir, MODEL_META_FILE));
}

/** Reads a model folder written by `saveClassifier`. */
export async function loadClassifier(dir: string): Promise<TextClassifier> {
  const meta = JSON.parse(await readFile(join(dir, MODEL_META_FILE), 'utf8')) as ModelMeta;
  const bytes = await readFile(join(dir, MODEL_WEIGHTS_FILE));
  return deserializeClassifier(meta, bytes);
}
