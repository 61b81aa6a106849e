;; An inner loop whose body branches to the outer loop (never taken) before its own way back: the
;; code between the two branches runs on every inner iteration, so it must be charged on each
;; (FuelInstrumenterTest works the fuel out by hand).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32) (local $j i32)
    (loop $outer
      (loop $inner
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $outer (i32.eq (local.get $j) (i32.const 100)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 10)))))))
