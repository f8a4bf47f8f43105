/**
 * Builds the optional OpenBLAS addon (src/native/ple_blas.c → build/Release/ple_blas.node)
 * during `npm ci` / `npm install` (the root package's `prepare` runs this).
 *
 * Why a script and not an install hook: npm here does not run dependencies'
 * install scripts, and the addon must never be required: without OpenBLAS's
 * headers and library, or without a compiler, we print one line saying so and
 * the tfjs WASM path is used (src/ops/native-blas.ts returns null). It ALWAYS
 * exits 0. `PLE_NATIVE=0` skips the build; `PLE_NATIVE=force` tries even
 * without the header probe.
 *
 * Uses the node-gyp that ships with npm (no dependency), node headers from
 * `nodedir` (npm config / .npmrc, e.g. nodedir=/usr) or /usr/include/node.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const HERE = __dirname;
const say = (msg) => console.log(`ple native: ${msg}`);

const CBLAS_HEADERS = [
  '/usr/include/x86_64-linux-gnu/cblas.h',
  '/usr/include/aarch64-linux-gnu/cblas.h',
  '/usr/include/openblas/cblas.h',
  '/usr/local/include/cblas.h',
  '/usr/include/cblas.h',
  '/opt/homebrew/opt/openblas/include/cblas.h',
  '/usr/local/opt/openblas/include/cblas.h',
];
const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/usr/local/lib',
  '/opt/homebrew/opt/openblas/lib',
  '/usr/local/opt/openblas/lib',
];

/** node-gyp's entry point: npm's own copy first, then any resolvable one. */
function findNodeGyp() {
  const npmDirs = [];
  if (process.env.npm_execpath) npmDirs.push(path.resolve(path.dirname(process.env.npm_execpath), '..'));
  npmDirs.push(path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm'), '/usr/lib/node_modules/npm', '/usr/local/lib/node_modules/npm');
  for (const dir of npmDirs) {
    const p = path.join(dir, 'node_modules/node-gyp/bin/node-gyp.js');
    if (fs.existsSync(p)) return p;
  }
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: npmDirs });
  } catch {
    return null;
  }
}

/** Node's headers: npm's nodedir if set, else the system's (Debian: /usr/include/node → nodedir /usr). */
function findNodeDir() {
  const fromNpm = process.env.npm_config_nodedir;
  if (fromNpm && fs.existsSync(path.join(fromNpm, 'include/node/node_api.h'))) return fromNpm;
  for (const dir of [path.resolve(path.dirname(process.execPath), '..'), '/usr', '/usr/local']) {
    if (fs.existsSync(path.join(dir, 'include/node/node_api.h'))) return dir;
  }
  return null;
}

function main() {
  if (process.env.PLE_NATIVE === '0') return say('skipped (PLE_NATIVE=0); using the WASM path');
  const force = process.env.PLE_NATIVE === 'force';
  const header = CBLAS_HEADERS.find((p) => fs.existsSync(p));
  const lib = LIB_DIRS.find((d) => fs.existsSync(path.join(d, 'libopenblas.so')) || fs.existsSync(path.join(d, 'libopenblas.dylib')));
  if (!force && (header === undefined || lib === undefined)) {
    return say(
      `OpenBLAS not found (${header === undefined ? 'no cblas.h' : 'no libopenblas.so'}); not building the native addon, using the WASM path (apt-get install libopenblas-dev, then npm run prepare, to enable)`,
    );
  }
  const gyp = findNodeGyp();
  if (gyp === null) return say("node-gyp not found (it ships with npm); using the WASM path");
  const nodedir = findNodeDir();
  const args = [gyp, 'rebuild', '--release', '--silent'];
  if (nodedir !== null) args.push(`--nodedir=${nodedir}`);
  const env = { ...process.env };
  // Debian/Ubuntu ship OpenBLAS built with pthreads and with OpenMP, switched by update-alternatives.
  // Link (and find at run time, rpath) the pthread build when present: inside Node the OpenMP build's
  // idle threads spin against V8's and a 2-thread sgemm step ran 3-4x slower than the pthread one here.
  const pthreadDir = lib === undefined ? undefined : path.join(lib, 'openblas-pthread');
  if (pthreadDir !== undefined && fs.existsSync(path.join(pthreadDir, 'libopenblas.so.0')) && env.PLE_BLAS_LDFLAGS === undefined) {
    env.PLE_BLAS_LDFLAGS = `-L${pthreadDir} -Wl,-rpath,${pthreadDir}`;
  }
  if (lib !== undefined) env.LIBRARY_PATH = [lib, env.LIBRARY_PATH].filter(Boolean).join(':');
  if (header !== undefined) env.C_INCLUDE_PATH = [path.dirname(header), env.C_INCLUDE_PATH].filter(Boolean).join(':');
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: HERE, env, encoding: 'utf8', timeout: 300000 });
  const out = path.join(HERE, 'build/Release/ple_blas.node');
  if (r.status === 0 && fs.existsSync(out)) {
    const variant = env.PLE_BLAS_LDFLAGS ? ` (${env.PLE_BLAS_LDFLAGS.split(' ')[0].slice(2)})` : '';
    return say(`built ${path.relative(process.cwd(), out)} against ${header ?? 'cblas.h'}${variant} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const lines = (r.error ? r.error.message : `${r.stderr || ''}\n${r.stdout || ''}`).split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => /\berror\b/i.test(l) && !/^gyp ERR!/.test(l)) ?? lines.pop() ?? `exit ${r.status}`;
  say(`build failed (${why}); using the WASM path`);
}

try {
  main();
} catch (err) {
  say(`build skipped after an error (${err && err.message ? err.message : err}); using the WASM path`);
}
process.exitCode = 0;
