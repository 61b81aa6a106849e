// Recursive Fibonacci: calls and small-integer adds.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function work() { return fib(35); }
