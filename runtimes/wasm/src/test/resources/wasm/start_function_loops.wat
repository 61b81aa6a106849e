;; Its start function (run while the module is instantiated, before _start) spins forever.
(module
  (memory (export "memory") 1)
  (func $spin
    (loop $forever (br $forever)))
  (start $spin)
  (func (export "_start")))
