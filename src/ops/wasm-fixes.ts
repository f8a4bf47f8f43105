import { installPlainMatMulGradient } from './matmul-gradient';
import { installDirectSaves } from './saved-tensors';
import { installSharedIdentity } from './wasm-identity';

let installed = false;

/**
 * Speed fixes for the WASM backend (PERF-NOTES.md), installed once when it is
 * chosen: the `BatchMatMul` gradient that avoids transposed matmuls, an
 * `Identity` that shares its input's buffer instead of copying it, and tensors
 * saved for the backward pass (~130 a PLE step) as shared references made
 * without running `Identity` at all (src/ops/saved-tensors.ts). Dense
 * layers get the same treatment through `denseForward` (src/ops/dense.ts),
 * embeddings through `embeddingLookup` (src/ops/embedding.ts).
 * Measured (bench:train, 2 cores, dense stack 64→256→256→128→64, batch 1024,
 * interleaved medians): stock 1.4k samples/s, plain-matmul gradient 9.6k,
 * denseForward 12.5k.
 * Returns the names of the fixes, for the run manifest.
 */
export function installWasmFixes(): string[] {
  if (!installed) {
    installPlainMatMulGradient();
    installed = true;
  }
  return [
    'plain-matmul gradient',
    ...(installSharedIdentity() ? ['shared-buffer Identity'] : []),
    ...(installDirectSaves() ? ['direct saves'] : []),
  ];
}
