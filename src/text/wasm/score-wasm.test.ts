import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCORE_WASM_BASE64 } from './score-wasm.js';

describe('score.wat', () => {
  it('the committed bytes are exactly what score.wat compiles to (run scripts/build-wasm.mjs after editing it)', async () => {
    const script = fileURLToPath(new URL('../../../scripts/build-wasm.mjs', import.meta.url));
    const { compileWat } = (await import(script as string)) as { compileWat: (path: string) => Promise<Buffer> };
    const wat = fileURLToPath(new URL('./score.wat', import.meta.url));
    expect(readFileSync(wat, 'utf8')).toContain('f32x4.mul');
    const bytes = await compileWat(wat);
    expect(Buffer.from(SCORE_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
  });

  it('adds weighted rows four classes at a time', () => {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SCORE_WASM_BASE64, 'base64')), {});
    const memory = exports.memory as WebAssembly.Memory;
    const score = exports.score as (cols: number, vals: number, n: number, lanes: number, w: number, out: number) => void;
    // Two lanes (8 classes); weights for 3 features at byte 256; features at 64 (cols) and 128 (vals).
    const f32 = new Float32Array(memory.buffer);
    const i32 = new Int32Array(memory.buffer);
    for (let col = 0; col < 3; col++) for (let k = 0; k < 8; k++) f32[64 + col * 8 + k] = col * 10 + k;
    i32[16] = 2;
    i32[17] = 0;
    f32[32] = 0.5;
    f32[33] = 2;
    score(64, 128, 2, 2, 256, 0);
    expect(Array.from(f32.subarray(0, 8))).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => 0.5 * (20 + k) + 2 * k));
  });
});
