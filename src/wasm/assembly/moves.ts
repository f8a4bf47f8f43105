// Memory moves on the memory shared with tfjs's wasm backend (byte
// addresses; 4-byte elements, copied as bits): what the native addon's
// Transpose, Copy2d and GatherRows do (src/native/ple_blas.c).

const TILE: i32 = 32;

/** out_t = in_tᵀ for t < batch, each rows×cols row-major; cache-blocked. */
export function transpose(batch: i32, rows: i32, cols: i32, src: usize, dst: usize): void {
  const size = <usize>(rows * cols) << 2;
  for (let t = 0; t < batch; t++) {
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = min(i0 + TILE, rows);
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = min(j0 + TILE, cols);
        for (let i = i0; i < i1; i++)
          for (let j = j0; j < j1; j++) store<u32>(dst + (<usize>(j * rows + i) << 2), load<u32>(src + (<usize>(i * cols + j) << 2)));
      }
    }
    src += size;
    dst += size;
  }
}

/** Copies a rows×cols block between strided places (strides in elements). */
export function copy2d(rows: i32, cols: i32, src: usize, srcStride: i32, dst: usize, dstStride: i32): void {
  const bytes = <usize>cols << 2;
  if (srcStride == cols && dstStride == cols) {
    memory.copy(dst, src, bytes * rows);
    return;
  }
  for (let i = 0; i < rows; i++) memory.copy(dst + (<usize>(i * dstStride) << 2), src + (<usize>(i * srcStride) << 2), bytes);
}

/** dst[i] = table[idx[i]] for i < n (rows of rowLen elements); false, writing nothing, when an index is outside [0, tableRows). */
export function gatherRows(n: i32, rowLen: i32, table: usize, tableRows: i32, idx: usize, dst: usize): bool {
  for (let i = 0; i < n; i++) {
    const id = load<i32>(idx + (<usize>i << 2));
    if (id < 0 || id >= tableRows) return false;
  }
  const bytes = <usize>rowLen << 2;
  for (let i = 0; i < n; i++) memory.copy(dst + <usize>i * bytes, table + <usize>load<i32>(idx + (<usize>i << 2)) * bytes, bytes);
  return true;
}

/**
 * One categorical feature of the models' input: x[b, col: col+dim] =
 * table[ids[b·features + f]] for b < batch (x rows of `cols` elements);
 * the caller has checked the ids with idsInRange.
 */
export function embedFeature(batch: i32, ids: usize, features: i32, f: i32, table: usize, dim: i32, x: usize, cols: i32, col: i32): void {
  const bytes = <usize>dim << 2;
  for (let b = 0; b < batch; b++) {
    const id = load<i32>(ids + (<usize>(b * features + f) << 2));
    memory.copy(x + (<usize>(b * cols + col) << 2), table + <usize>id * bytes, bytes);
  }
}

/** Its gradient: table[ids[b·features + f]] += dx[b, col: col+dim] for b in order (the table's gradient, zeroed first by the caller). */
export function embedFeatureGrad(batch: i32, ids: usize, features: i32, f: i32, grad: usize, dim: i32, dx: usize, cols: i32, col: i32): void {
  for (let b = 0; b < batch; b++) {
    const g = grad + (<usize>(load<i32>(ids + (<usize>(b * features + f) << 2)) * dim) << 2);
    const d = dx + (<usize>(b * cols + col) << 2);
    for (let j = 0; j < dim; j++) store<f32>(g + (<usize>j << 2), load<f32>(g + (<usize>j << 2)) + load<f32>(d + (<usize>j << 2)));
  }
}

/** −1 − b for the first row b whose id of feature f is outside [0, vocab), else 0. */
export function idsInRange(batch: i32, ids: usize, features: i32, f: i32, vocab: i32): i32 {
  for (let b = 0; b < batch; b++) {
    const id = load<i32>(ids + (<usize>(b * features + f) << 2));
    if (id < 0 || id >= vocab) return -1 - b;
  }
  return 0;
}

/** Zeroes a rows×cols block with row stride `stride` elements. */
export function zero2d(rows: i32, cols: i32, dst: usize, stride: i32): void {
  for (let i = 0; i < rows; i++) memory.fill(dst + (<usize>(i * stride) << 2), 0, <usize>cols << 2);
}
