/**
 * Builds ple's WebAssembly kernels (assembly/*.ts, AssemblyScript →
 * build/ple_kernels.wasm) during `npm ci` / `npm install` (the root
 * package's `prepare` runs this). They are what a machine without a C
 * compiler gets instead of the native addon (src/native): the same kernels,
 * in WebAssembly SIMD, working in the memory of tfjs's wasm backend
 * (src/ops/wasm-kernels.ts). The compiler is JavaScript (a dev dependency),
 * so this needs nothing but Node.
 *
 * The module must never write where tfjs keeps its data: it imports that
 * memory, so it is checked here to import nothing else and to hold no data
 * segments (a segment is written into the memory when the module is
 * instantiated); otherwise it is deleted. Like build.js of the addon it
 * ALWAYS exits 0: without the kernels, tfjs's own wasm kernels are used.
 * `PLE_WASM_KERNELS=0` skips the build.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const HERE = __dirname;
const OUT = path.join(HERE, 'build/ple_kernels.wasm');
const say = (msg) => console.log(`ple wasm kernels: ${msg}`);

/** Why the module (its bytes) is unsafe to share tfjs's memory with, or null. */
function unsafe(bytes) {
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod);
  if (imports.length !== 1 || imports[0].module !== 'env' || imports[0].name !== 'memory' || imports[0].kind !== 'memory') {
    return `it imports ${imports.map((i) => `${i.module}.${i.name}`).join(', ')}, not only env.memory`;
  }
  // sections: id (1 byte), size (LEB128); 11 is Data
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    if (id === 11) return 'it has data segments';
    at += size;
  }
  return null;
}

async function main() {
  if (process.env.PLE_WASM_KERNELS === '0') return say("skipped (PLE_WASM_KERNELS=0); tfjs's wasm kernels are used without the native addon");
  let asc;
  try {
    asc = await import('assemblyscript/asc');
  } catch {
    return say("AssemblyScript not installed (a dev dependency); tfjs's wasm kernels are used without the native addon");
  }
  const started = Date.now();
  fs.rmSync(OUT, { force: true });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const args = [path.join(HERE, 'assembly/index.ts'), '-O3', '--runtime', 'stub', '--importMemory', '--enable', 'simd', '--noAssert', '--use', 'abort=', '-o', OUT];
  let log = '';
  const sink = { write: (s) => ((log += String(s)), true) };
  const { error } = await asc.main(args, { stdout: sink, stderr: sink });
  if (error || !fs.existsSync(OUT)) return say(`build failed (${(error && error.message) || log.split('\n').find((l) => /ERROR/.test(l)) || 'no output'})`);
  const why = unsafe(fs.readFileSync(OUT));
  if (why !== null) {
    fs.rmSync(OUT, { force: true });
    return say(`not used: ${why}`);
  }
  say(`built ${path.relative(process.cwd(), OUT)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  main()
    .catch((err) => say(`build skipped after an error (${err && err.message ? err.message : err})`))
    .finally(() => {
      process.exitCode = 0;
    });
}

module.exports = { unsafe };
