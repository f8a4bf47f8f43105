/**
 * Builds the optional native addon (src/native/ple_blas.c → build/Release/ple_blas.node)
 * during `npm ci` / `npm install` (the root package's `prepare` runs this).
 *
 * Why a script and not an install hook: npm here does not run dependencies'
 * install scripts, and the addon must never be required. Its matrix products
 * run through ple's own sgemm (sgemm.c: a C compiler is all it needs) on
 * x86-64 CPUs whose widest vectors are AVX2's (its kernel's): there it ran a
 * PLE step's products in ~15% less time than OpenBLAS and the step 4-14%
 * faster (README). Elsewhere (AVX-512, ARM, or CPU flags unknown) they run
 * through OpenBLAS where its headers and library are installed, and ple's
 * sgemm is the fallback when OpenBLAS is missing or its build fails. Without
 * a compiler or node-gyp, or when both builds fail, we print one line saying
 * so and the tfjs WASM path is used (src/ops/native-blas.ts returns null).
 * It ALWAYS exits 0. `PLE_NATIVE=0` skips the build; `PLE_NATIVE=own` builds
 * ple's sgemm, `PLE_NATIVE=openblas` OpenBLAS where it is found, and
 * `PLE_NATIVE=force` tries OpenBLAS even without the header probe.
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
const OUT = path.join(HERE, 'build/Release/ple_blas.node');

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

/**
 * Whether ple's sgemm is the better BLAS here: an x86-64 CPU with AVX2 and
 * FMA (its fast kernel) but no AVX-512 (where OpenBLAS's kernels do twice the
 * work per instruction; not measured here). False where the flags cannot be
 * read (/proc/cpuinfo is Linux's).
 */
function ownSgemmFits() {
  if (process.arch !== 'x64') return false;
  let info;
  try {
    info = fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return false;
  }
  const flags = new Set((/^flags\s*:(.*)$/m.exec(info)?.[1] ?? '').trim().split(/\s+/));
  return flags.has('avx2') && flags.has('fma') && !flags.has('avx512f');
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

/**
 * What the OpenBLAS flavour's build adds to the environment: where cblas.h
 * and the library are, and Debian's pthread build when present.
 */
function openblasEnv(header, lib) {
  const env = {};
  // Debian/Ubuntu ship OpenBLAS built with pthreads and with OpenMP, switched by update-alternatives.
  // Link (and find at run time, rpath) the pthread build when present: inside Node the OpenMP build's
  // idle threads spin against V8's and a 2-thread sgemm step ran 3-4x slower than the pthread one here.
  const pthreadDir = lib === undefined ? undefined : path.join(lib, 'openblas-pthread');
  if (pthreadDir !== undefined && fs.existsSync(path.join(pthreadDir, 'libopenblas.so.0')) && process.env.PLE_BLAS_LDFLAGS === undefined) {
    env.PLE_BLAS_LDFLAGS = `-L${pthreadDir} -Wl,-rpath,${pthreadDir}`;
  }
  if (lib !== undefined) env.LIBRARY_PATH = [lib, process.env.LIBRARY_PATH].filter(Boolean).join(':');
  if (header !== undefined) env.C_INCLUDE_PATH = [path.dirname(header), process.env.C_INCLUDE_PATH].filter(Boolean).join(':');
  return env;
}

/**
 * node-gyp rebuild of one flavour, 'openblas' or 'own' (binding.gyp reads it
 * from PLE_BLAS). Returns null when the addon was built, else the line of the
 * output that says why not.
 */
function build(gyp, nodedir, flavour, extraEnv) {
  const args = [gyp, 'rebuild', '--release', '--silent'];
  if (nodedir !== null) args.push(`--nodedir=${nodedir}`);
  const env = { ...process.env, ...extraEnv, PLE_BLAS: flavour };
  const r = spawnSync(process.execPath, args, { cwd: HERE, env, encoding: 'utf8', timeout: 300000 });
  if (r.status === 0 && fs.existsSync(OUT)) return null;
  const lines = (r.error ? r.error.message : `${r.stderr || ''}\n${r.stdout || ''}`).split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\berror\b/i.test(l) && !/^gyp ERR!/.test(l)) ?? lines.pop() ?? `exit ${r.status}`;
}

function main() {
  if (process.env.PLE_NATIVE === '0') return say('skipped (PLE_NATIVE=0); using the WASM path');
  const choice = process.env.PLE_NATIVE;
  const own = choice === 'own' || (choice !== 'openblas' && choice !== 'force' && ownSgemmFits());
  const force = choice === 'force';
  const header = CBLAS_HEADERS.find((p) => fs.existsSync(p));
  const lib = LIB_DIRS.find((d) => fs.existsSync(path.join(d, 'libopenblas.so')) || fs.existsSync(path.join(d, 'libopenblas.dylib')));
  const gyp = findNodeGyp();
  if (gyp === null) return say("node-gyp not found (it ships with npm); using the WASM path");
  const nodedir = findNodeDir();
  const started = Date.now();
  const took = () => `in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  const built = path.relative(process.cwd(), OUT);
  let why; // why ple's sgemm and not OpenBLAS, for the line printed when it builds
  if (own) {
    why = choice === 'own' ? 'PLE_NATIVE=own' : 'AVX2 CPU: faster than OpenBLAS here; PLE_NATIVE=openblas for OpenBLAS';
  } else if (!force && (header === undefined || lib === undefined)) {
    why = `OpenBLAS not found: ${header === undefined ? 'no cblas.h' : 'no libopenblas.so'}; apt-get install libopenblas-dev, then npm run prepare, to build against it`;
  } else {
    const env = openblasEnv(header, lib);
    const failed = build(gyp, nodedir, 'openblas', env);
    if (failed === null) {
      const ldflags = env.PLE_BLAS_LDFLAGS ?? process.env.PLE_BLAS_LDFLAGS;
      const variant = ldflags ? ` (${ldflags.split(' ')[0].slice(2)})` : '';
      return say(`built ${built} against ${header ?? 'cblas.h'}${variant} ${took()}`);
    }
    why = `the OpenBLAS build failed: ${failed}`;
  }
  const failed = build(gyp, nodedir, 'own', {});
  if (failed === null) return say(`built ${built} with ple's own sgemm ${took()} (${why})`);
  say(`build failed (${failed}); using the WASM path`);
}

try {
  main();
} catch (err) {
  say(`build skipped after an error (${err && err.message ? err.message : err}); using the WASM path`);
}
process.exitCode = 0;
