;; A loop that calls an internal function ten times: its fuel is worked out by hand in
;; FuelInstrumenterTest (the cost model of FunctionMeter).
(module
  (memory (export "memory") 1)
  (func $next (param $i i32) (result i32)
    (i32.add (local.get $i) (i32.const 1)))
  (func (export "_start")
    (local $i i32)
    (loop $again
      (local.set $i (call $next (local.get $i)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 10))))))
