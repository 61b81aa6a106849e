;; Writes 32 raw bytes to stdout: the realtime clock (u64 ns, little-endian), the monotonic clock
;; (u64 ns) and 16 bytes from random_get. Two runs with the same clock and seed must match.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 64)))
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 72)))
    (drop (call $random_get (i32.const 80) (i32.const 16)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 32))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
