;; Control flow the fuel rewrite must keep intact: indirect calls through a table, a function
;; with two results, br_table, and a small if whose arm branches back to its loop.
;; Exits with code 56 (see WasmFuelTest).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $inc)
  (memory (export "memory") 1)
  (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
  ;; n + (n - 1) + ... + 1 + acc
  (func $sum (param $n i32) (param $acc i32) (result i32)
    (loop $more
      (if (local.get $n)
        (then
          (local.set $acc (i32.add (local.get $acc) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $more))))
    (local.get $acc))
  (func $divmod (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))
  (func $classify (param $x i32) (result i32)
    (block $c
      (block $b
        (block $a
          (br_table $a $b $c (local.get $x)))
        (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func (export "_start")
    (local $i i32) (local $acc i32) (local $q i32) (local $r i32)
    (loop $again
      (if (i32.lt_u (local.get $i) (i32.const 3))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.eq (local.get $i) (i32.const 1)))
          (local.set $acc (i32.add (local.get $acc)
                                   (call_indirect (type $unary) (local.get $i) (i32.const 0))))
          (br $again))
        (else
          (local.set $acc (i32.add (local.get $acc) (call $classify (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 6))))
    ;; acc = 4 + 6 + 30 + 30 + 30 = 100; sum(100) = 5050 = 7 * 721 + 3
    (call $divmod (call $sum (i32.const 100) (i32.const 0)) (i32.const 7))
    (local.set $r)
    (local.set $q)
    (call $exit (i32.and (i32.add (i32.add (local.get $acc) (local.get $q)) (local.get $r))
                         (i32.const 255)))))
