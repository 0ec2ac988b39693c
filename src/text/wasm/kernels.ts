import { SCORE_WASM_BASE64 } from './score-wasm.js';

let compiled: WebAssembly.Module | null | undefined;

/** The compiled SIMD kernels of score.wat, or null when WebAssembly SIMD is unavailable. */
export function simdKernels(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SCORE_WASM_BASE64, 'base64'));
    } catch {
      compiled = null; // no SIMD support: callers keep their JS paths
    }
  }
  return compiled;
}
