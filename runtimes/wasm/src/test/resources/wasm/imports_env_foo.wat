;; Imports a function nobody grants.
(module
  (import "env" "foo" (func $foo))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $foo)))
