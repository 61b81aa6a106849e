// Runs a WASI module under node's WebAssembly (node:wasi), as the peer of Anchor's wasm runtime.
// Usage: node wasi-run.mjs MODULE.wasm [ARG...]; the module prints its own timing (its clock is real here).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, env } from 'node:process';

const wasi = new WASI({ version: 'preview1', args: ['task', ...argv.slice(3)], env: {} });
const module = await WebAssembly.compile(await readFile(argv[2]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
wasi.start(instance);
