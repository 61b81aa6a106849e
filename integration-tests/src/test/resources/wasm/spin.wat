;; spin: reads a decimal N from stdin, burns N million loop iterations of CPU, then writes "spun N\n".
;; Integration tests use it for tasks that are still running when something is killed.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "spun ")
  (func (export "_start")
    (local $n i32) (local $i i32) (local $ndigits i32) (local $len i32) (local $c i32) (local $outer i32) (local $acc i32)
    ;; read up to 32 bytes of input at 128
    (i32.store (i32.const 0) (i32.const 128))
    (i32.store (i32.const 4) (i32.const 32))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (local.set $len (i32.load (i32.const 8)))
    (block $end
      (loop $digits
        (br_if $end (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (i32.const 128) (local.get $i))))
        (br_if $end (i32.or (i32.lt_u (local.get $c) (i32.const 48)) (i32.gt_u (local.get $c) (i32.const 57))))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digits)))
    (local.set $ndigits (local.get $i))
    ;; N million iterations; $acc keeps the loop from being optimised away
    (local.set $outer (local.get $n))
    (block $done
      (loop $million
        (br_if $done (i32.eqz (local.get $outer)))
        (local.set $i (i32.const 1000000))
        (loop $inner
          (local.set $acc (i32.add (local.get $acc) (local.get $i)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br_if $inner (local.get $i)))
        (local.set $outer (i32.sub (local.get $outer) (i32.const 1)))
        (br $million)))
    (i32.store (i32.const 200) (local.get $acc))
    ;; write "spun " then the input digits then "\n"
    (i32.store8 (i32.add (i32.const 128) (local.get $ndigits)) (i32.const 10))
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 5))
    (i32.store (i32.const 24) (i32.const 128))
    (i32.store (i32.const 28) (i32.add (local.get $ndigits) (i32.const 1)))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 2) (i32.const 8)))))
