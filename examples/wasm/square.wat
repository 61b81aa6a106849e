;; square: reads a decimal integer from stdin (leading whitespace and a '-' allowed),
;; writes its square and "\n" to stdout and "squaring N\n" to stderr.
;; Hand-written so the module stays a few hundred bytes: it is the latency benchmark's payload.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; 0: read iovec, 8: nread/nwritten, 16: write iovecs (3 x 8 bytes),
  ;; 64: "squaring ", 80: "\n", 96: error text, 160: digits of N end here,
  ;; 224: digits of the square end here, 1024..2048: input.
  (data (i32.const 64) "squaring ")
  (data (i32.const 80) "\n")
  (data (i32.const 96) "expected a decimal integer on stdin\n")

  ;; Reads up to 1024 bytes of stdin to address 1024; returns how many.
  (func $read_input (result i32)
    (local $total i32) (local $n i32)
    (block $done
      (loop $more
        (i32.store (i32.const 0) (i32.add (i32.const 1024) (local.get $total)))
        (i32.store (i32.const 4) (i32.sub (i32.const 1024) (local.get $total)))
        (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $n (i32.load (i32.const 8)))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $total (i32.add (local.get $total) (local.get $n)))
        (br_if $more (i32.lt_u (local.get $total) (i32.const 1024)))))
    (local.get $total))

  (func $fail
    (i32.store (i32.const 16) (i32.const 96))
    (i32.store (i32.const 20) (i32.const 36))
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 2)))

  ;; Writes the unsigned decimal digits of $v so that they end just before $end; returns the start.
  (func $utoa (param $v i64) (param $end i32) (result i32)
    (loop $digit
      (local.set $end (i32.sub (local.get $end) (i32.const 1)))
      (i64.store8 (local.get $end) (i64.add (i64.const 48) (i64.rem_u (local.get $v) (i64.const 10))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (local.get $end))

  (func (export "_start")
    (local $p i32) (local $end i32) (local $c i32) (local $negative i32)
    (local $digits i32) (local $n i64) (local $start i32)
    (local.set $p (i32.const 1024))
    (local.set $end (i32.add (i32.const 1024) (call $read_input)))
    ;; skip whitespace
    (block $text
      (loop $space
        (br_if $text (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $text (i32.eqz (i32.or
          (i32.eq (local.get $c) (i32.const 32))
          (i32.and (i32.ge_u (local.get $c) (i32.const 9)) (i32.le_u (local.get $c) (i32.const 13))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $space)))
    (if (i32.and (i32.lt_u (local.get $p) (local.get $end))
                 (i32.eq (i32.load8_u (local.get $p)) (i32.const 45)))
      (then
        (local.set $negative (i32.const 1))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (block $number
      (loop $digit
        (br_if $number (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $number (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $n (i64.add (i64.mul (local.get $n) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
        (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (if (i32.eqz (local.get $digits)) (then (call $fail)))

    ;; stderr: "squaring N\n"
    (local.set $start (call $utoa (local.get $n) (i32.const 160)))
    (if (local.get $negative)
      (then
        (local.set $start (i32.sub (local.get $start) (i32.const 1)))
        (i32.store8 (local.get $start) (i32.const 45))))
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 9))
    (i32.store (i32.const 24) (local.get $start))
    (i32.store (i32.const 28) (i32.sub (i32.const 160) (local.get $start)))
    (i32.store (i32.const 32) (i32.const 80))
    (i32.store (i32.const 36) (i32.const 1))
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 3) (i32.const 8)))

    ;; stdout: "N*N\n" (the sign does not matter for a square)
    (local.set $start (call $utoa (i64.mul (local.get $n) (local.get $n)) (i32.const 224)))
    (i32.store (i32.const 16) (local.get $start))
    (i32.store (i32.const 20) (i32.sub (i32.const 224) (local.get $start)))
    (i32.store (i32.const 24) (i32.const 80))
    (i32.store (i32.const 28) (i32.const 1))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 2) (i32.const 8)))))
