// JSON round trips: stringify and parse a 200-record document 400 times (allocation, strings, GC).
function doc(seed) {
  const items = [];
  for (let i = 0; i < 200; i++) {
    items.push({ id: seed * 1000 + i, name: 'item-' + i, tags: ['a', 'b', String(i % 7)], price: i * 1.25, ok: i % 2 === 0 });
  }
  return { seed, items };
}
function work() {
  let total = 0;
  for (let r = 0; r < 400; r++) {
    const back = JSON.parse(JSON.stringify(doc(r)));
    total += back.items.length + back.items[199].id;
  }
  return total;
}
