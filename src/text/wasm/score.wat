;; The 128-bit SIMD kernels of src/text:
;; - score: dense linear scoring, out[0..lanes*4) += Σ_i vals[i] · W[cols[i]]. W is feature-major,
;;   each row padded to a multiple of four classes (16 bytes). Used by dense-scorer.ts.
;; - minhash: mins[h] = min(mins[h], min_i (keys[i] · mul[h] + add[h])) in signed 32-bit arithmetic,
;;   for h < 4 · $blocks ($blocks a multiple of four), sixteen hashes per pass over the keys. Used by
;;   minhash.ts (dedupe).
;; Compiled to score-wasm.ts by `node scripts/build-wasm.mjs` (wabt); score-wasm.test.ts checks they match.
(module
  (memory (export "memory") 1)
  (func (export "score")
    (param $cols i32) (param $vals i32) (param $n i32) (param $lanes i32) (param $w i32) (param $out i32)
    (local $i i32) (local $j i32) (local $row i32) (local $stride i32) (local $v v128) (local $o i32)
    (local.set $stride (i32.shl (local.get $lanes) (i32.const 4)))
    (block $done
      (loop $features
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row
          (i32.add (local.get $w)
            (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $i) (i32.const 2))))
                     (local.get $stride))))
        (local.set $v (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $classes
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $stride)))
            (local.set $o (i32.add (local.get $out) (local.get $j)))
            (v128.store (local.get $o)
              (f32x4.add (v128.load (local.get $o))
                         (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $row) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $classes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $features))))
  (func (export "minhash")
    (param $keys i32) (param $n i32) (param $mul i32) (param $add i32) (param $mins i32) (param $blocks i32)
    (local $b i32) (local $i i32) (local $x v128) (local $at i32)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    ;; Four blocks of four hashes at a time, kept in locals while the keys stream past.
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $b) (local.get $blocks)))
        (local.set $at (i32.shl (local.get $b) (i32.const 4)))
        (local.set $m0 (v128.load (i32.add (local.get $mul) (local.get $at))))
        (local.set $m1 (v128.load offset=16 (i32.add (local.get $mul) (local.get $at))))
        (local.set $m2 (v128.load offset=32 (i32.add (local.get $mul) (local.get $at))))
        (local.set $m3 (v128.load offset=48 (i32.add (local.get $mul) (local.get $at))))
        (local.set $a0 (v128.load (i32.add (local.get $add) (local.get $at))))
        (local.set $a1 (v128.load offset=16 (i32.add (local.get $add) (local.get $at))))
        (local.set $a2 (v128.load offset=32 (i32.add (local.get $add) (local.get $at))))
        (local.set $a3 (v128.load offset=48 (i32.add (local.get $add) (local.get $at))))
        (local.set $c0 (v128.load (i32.add (local.get $mins) (local.get $at))))
        (local.set $c1 (v128.load offset=16 (i32.add (local.get $mins) (local.get $at))))
        (local.set $c2 (v128.load offset=32 (i32.add (local.get $mins) (local.get $at))))
        (local.set $c3 (v128.load offset=48 (i32.add (local.get $mins) (local.get $at))))
        (local.set $i (i32.const 0))
        (block $keysDone
          (loop $keys
            (br_if $keysDone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $x (v128.load32_splat (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $c0 (i32x4.min_s (local.get $c0) (i32x4.add (i32x4.mul (local.get $x) (local.get $m0)) (local.get $a0))))
            (local.set $c1 (i32x4.min_s (local.get $c1) (i32x4.add (i32x4.mul (local.get $x) (local.get $m1)) (local.get $a1))))
            (local.set $c2 (i32x4.min_s (local.get $c2) (i32x4.add (i32x4.mul (local.get $x) (local.get $m2)) (local.get $a2))))
            (local.set $c3 (i32x4.min_s (local.get $c3) (i32x4.add (i32x4.mul (local.get $x) (local.get $m3)) (local.get $a3))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $keys)))
        (v128.store (i32.add (local.get $mins) (local.get $at)) (local.get $c0))
        (v128.store offset=16 (i32.add (local.get $mins) (local.get $at)) (local.get $c1))
        (v128.store offset=32 (i32.add (local.get $mins) (local.get $at)) (local.get $c2))
        (v128.store offset=48 (i32.add (local.get $mins) (local.get $at)) (local.get $c3))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $groups)))))
