import type { TensorInfo } from '@tensorflow/tfjs';

/**
 * Where tensors of tfjs's 'wasm' backend live: its WebAssembly memory. The
 * kernels that work there directly (src/ops/native-kernels.ts in C through
 * the native addon, src/ops/fused-kernels.ts in JS) read inputs at
 * `dataIdMap.get(dataId).memoryOffset` and write into outputs the backend
 * allocates (`makeOutput`), so nothing is copied in or out.
 */
export interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
  /** tensors sharing this buffer (a reshape or a buffer-sharing Identity adds one) */
  refCount(dataId: object): number;
  disposeData(dataId: object): boolean;
}

let heapBuffer: ArrayBufferLike | undefined;
let heapF32: Float32Array | undefined;

/** A Float32Array over the whole wasm memory, re-made when the memory grows (a new buffer): take it after the last `makeOutput`. */
export function heapOf(backend: WasmBackend): Float32Array {
  const buffer = backend.wasm.HEAPU8.buffer;
  if (buffer !== heapBuffer || heapF32 === undefined) {
    heapBuffer = buffer;
    heapF32 = new Float32Array(buffer, 0, buffer.byteLength >>> 2);
  }
  return heapF32;
}

/** The float32 element offset of a tensor on the heap, or −1 when not 4-byte aligned (never seen: malloc aligns to 8). */
export function offsetOf(backend: WasmBackend, t: TensorInfo): number {
  const off = backend.dataIdMap.get(t.dataId)?.memoryOffset;
  return off === undefined || off === null || off % 4 !== 0 ? -1 : off / 4;
}

/** The float32 element offsets of tensors on the heap; throws, naming `who`, when one is not 4-byte aligned (never seen). */
export function offsetsOf(backend: WasmBackend, tensors: TensorInfo[], who: string): number[] {
  const offsets = tensors.map((t) => offsetOf(backend, t));
  if (offsets.some((o) => o < 0)) throw new Error(`${who}: a tensor is not 4-byte aligned on the wasm heap`);
  return offsets;
}
