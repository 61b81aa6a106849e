// String building: concatenation, template literals, join and a final scan of the result.
function work() {
  let total = 0;
  for (let r = 0; r < 25; r++) {
    const parts = [];
    for (let i = 0; i < 20000; i++) parts.push(`line ${i}: ` + (i * 31 % 97).toString(16) + ';');
    const s = parts.join('\n');
    let h = 0;
    for (let i = 0; i < s.length; i += 3) h = (h * 31 + s.charCodeAt(i)) | 0;
    total = (total + h + s.length) | 0;
  }
  return total;
}
