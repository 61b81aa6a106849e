;; Asks for 1000 pages (62.5 MiB) of memory at start.
(module
  (memory (export "memory") 1000)
  (func (export "_start")))
