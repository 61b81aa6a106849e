// Sieve of Eratosthenes to 2e6 on a Uint8Array, ten times: typed-array loads and stores.
function sieve(limit) {
  const composite = new Uint8Array(limit + 1);
  let count = 0;
  for (let i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= limit; j += i) composite[j] = 1;
  }
  return count;
}
function work() { let c = 0; for (let r = 0; r < 10; r++) c += sieve(2000000); return c; }
