;; Dense linear scoring with 128-bit SIMD: out[0..lanes*4) += Σ_i vals[i] · W[cols[i]].
;; W is feature-major, each row padded to a multiple of four classes (16 bytes).
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
        (br $features)))))
