import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { installNativeKernels, nativeKernelsUnavailableReason } from './ops/native-kernels';
import { installWasmFixes } from './ops/wasm-fixes';

export type BackendRequest = 'auto' | 'node' | 'wasm' | 'cpu';

export interface SelectedBackend {
  /** tfjs backend name: 'tensorflow', 'wasm' or 'cpu' */
  name: string;
  /** one line for the CLI and the run manifest */
  detail: string;
}

/**
 * Chooses the tfjs backend once, at start-up. 'auto' prefers native
 * libtensorflow: `@tensorflow/tfjs-node-gpu` where a user installed it (CUDA
 * machines; never a dependency), else `@tensorflow/tfjs-node` (an optional
 * dependency that usually fails to install: its libtensorflow download is
 * blocked); then WASM, then the pure-JS CPU backend. Asking explicitly for one
 * that cannot start is an error.
 */
export async function selectBackend(requested: BackendRequest, options: BackendOptions = {}): Promise<SelectedBackend> {
  const order: Exclude<BackendRequest, 'auto'>[] = requested === 'auto' ? ['node', 'wasm', 'cpu'] : [requested];
  const failures: string[] = [];
  for (const candidate of order) {
    try {
      return await START[candidate](options);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`${candidate}: ${message.split('\n')[0]}`);
    }
  }
  if (requested === 'auto') throw new Error(`no tfjs backend could start (${failures.join('; ')})`);
  throw new UserError(`--backend ${requested}: not available here (${failures[0]}); use --backend auto`);
}

export interface BackendOptions {
  /** BLAS threads for the native kernels (process-wide); default `defaultBlasThreads()` */
  blasThreads?: number;
}

const START: Record<Exclude<BackendRequest, 'auto'>, (options: BackendOptions) => Promise<SelectedBackend>> = {
  node: async () => {
    const gpu = loadOptional('@tensorflow/tfjs-node-gpu'); // an installed GPU build that fails to load says why
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (!gpu) require('@tensorflow/tfjs-node');
    await activate('tensorflow');
    return { name: 'tensorflow', detail: gpu ? 'tfjs-node-gpu (native libtensorflow with CUDA)' : 'tfjs-node (native libtensorflow)' };
  },
  wasm: async (options) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-wasm');
    await activate('wasm');
    const fixes = installWasmFixes();
    // the optional native addon (src/native): matmuls and memory moves in native code
    const native = installNativeKernels({ threads: options.blasThreads });
    fixes.push(native ?? `no native kernels: ${nativeKernelsUnavailableReason() ?? 'unavailable'}`);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { name: 'wasm', detail: `WebAssembly (${simd ? 'SIMD' : 'no SIMD'}, 1 thread; ${fixes.join(', ')})` };
  },
  cpu: async () => {
    await activate('cpu');
    return { name: 'cpu', detail: 'pure-JS CPU backend (slow)' };
  },
};

/** Loads the optional package `name`: false where it is not installed; throws where it is but fails to load. */
function loadOptional(name: string): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(name);
    return true;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(`'${name}'`);
    if (missing) return false;
    throw err;
  }
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
}
