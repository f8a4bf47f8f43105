import type { NativeBlas } from './native-blas';
import { bankKernels, inputKernels, maskedLoss, onHeap } from './wasm-blas-plans';
import { type WasmKernels, loadWasmKernels } from './wasm-module';

/**
 * ple's WebAssembly kernels (src/ops/wasm-module.ts) behind the native
 * addon's interface, so that every kernel built on it (src/ops/native-kernels.ts,
 * dense-grad, gate-mix, bank-mix, the input, the loss, Adam, the finiteness
 * check) runs on a machine without a C compiler too. The same arithmetic as
 * the addon except that a product's multiply-adds are a multiply and an add
 * (WebAssembly SIMD has no fused multiply-add), one thread. Offsets are
 * float32 elements on the heap, as the addon takes them; each is checked to
 * lie on the heap before the module is called, as the addon checks them.
 */
/** activation codes of the addon (src/ops/native-kernels.ts) */
const ACT = { relu: 1, relu6: 2, sigmoid: 3, leakyrelu: 4, elu: 5 } as const;

const adapted = new WeakMap<WasmKernels, NativeBlas>();

/** The kernels behind NativeBlas, or null where they cannot be loaded (src/ops/wasm-module.ts says why). */
export function wasmBlas(): NativeBlas | null {
  const k = loadWasmKernels();
  if (k === null) return null;
  if (!adapted.has(k)) adapted.set(k, adapt(k));
  return adapted.get(k)!;
}

/**
 * Every method first checks that `heap` views the kernels' memory: the
 * module writes at the offsets it is given into that memory whatever array
 * the caller passed, so a view of anything else must not get that far.
 */
function adapt(kernels: WasmKernels): NativeBlas {
  const blas = methods(kernels);
  for (const [name, f] of Object.entries(blas)) {
    if (typeof f !== 'function' || f.length === 0) continue;
    (blas as unknown as Record<string, unknown>)[name] = (heap: Float32Array, ...rest: unknown[]) => {
      if (!(heap instanceof Float32Array) || heap.buffer !== kernels.memory.buffer) {
        throw new TypeError(`ple wasm kernels.${name}: the heap must be a Float32Array over the wasm backend's memory`);
      }
      return (f as (...args: unknown[]) => unknown)(heap, ...rest);
    };
  }
  return blas;
}

function methods({ exports: x, scratch, memory }: WasmKernels): NativeBlas {
  const B = (off: number) => off * 4; // element offset → byte address
  /** the memory as floats now: after `scratch`, which may grow it (and detach the caller's view) */
  const view = () => new Float32Array(memory.buffer);

  /** op(A)·op(B) for one matrix pair, act 0-2 and 4 in the module's epilogue, sigmoid and ELU after it here. */
  function product(m: number, n: number, k: number, ta: number, tb: number, a: number, b: number, c: number, bias: number, biasLen: number, act: number, alpha: number): void {
    const after = act === ACT.sigmoid || act === ACT.elu;
    if (k !== 0) x.gemm(m, n, k, ta, tb, B(a), B(b), B(c), bias >= 0 && !after ? B(bias) : 0, biasLen, after ? 0 : act, alpha, scratch(x.gemmScratch(n, k)));
    if (k !== 0 && !after) return; // the module applied bias and activation
    const heap = view();
    if (k === 0) heap.fill(0, c, c + m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let v = Math.fround(heap[c + i * n + j] + (bias >= 0 ? heap[bias + (biasLen === 1 ? 0 : j)] : 0));
        if (act === ACT.sigmoid) v = 1 / (1 + Math.exp(-v));
        else if (act === ACT.elu) v = v >= 0 ? v : Math.expm1(v);
        else if (act === ACT.relu) v = v > 0 ? v : 0;
        else if (act === ACT.relu6) v = v < 0 ? 0 : v > 6 ? 6 : v;
        else if (act === ACT.leakyrelu) v = v < 0 ? alpha * v : v;
        heap[c + i * n + j] = v;
      }
  }

  return {
    gemm(heap, batch, m, n, k, transA, transB, aOff, aStride, bOff, bStride, cOff, biasOff, biasLen, activation, alpha) {
      if (batch === 0 || m === 0 || n === 0) return;
      const len = heap.length;
      onHeap('gemm', len, aOff, (batch - 1) * aStride + m * k);
      onHeap('gemm', len, bOff, (batch - 1) * bStride + k * n);
      onHeap('gemm', len, cOff, batch * m * n);
      if (biasOff >= 0 && ((biasLen !== 1 && biasLen !== n) || biasOff + biasLen > len)) throw new RangeError('ple wasm kernels.gemm: a bias of 1 or n floats on the heap');
      if (activation < 0 || activation > ACT.elu) throw new RangeError(`ple wasm kernels.gemm: activation ${activation}`);
      for (let t = 0; t < batch; t++) product(m, n, k, transA, transB, aOff + t * aStride, bOff + t * bStride, cOff + t * m * n, biasOff, biasLen, activation, alpha);
    },
    transpose(heap, batch, rows, cols, inOff, outOff) {
      onHeap('transpose', heap.length, inOff, batch * rows * cols);
      onHeap('transpose', heap.length, outOff, batch * rows * cols);
      x.transpose(batch, rows, cols, B(inOff), B(outOff));
    },
    copy2d(heap, rows, cols, srcOff, srcStride, dstOff, dstStride) {
      if (rows <= 0 || cols <= 0) return;
      if (srcStride < cols || dstStride < cols) throw new RangeError('ple wasm kernels.copy2d: a stride below the width');
      onHeap('copy2d', heap.length, srcOff, (rows - 1) * srcStride + cols);
      onHeap('copy2d', heap.length, dstOff, (rows - 1) * dstStride + cols);
      x.copy2d(rows, cols, B(srcOff), srcStride, B(dstOff), dstStride);
    },
    gatherRows(heap, n, rowLen, tableOff, tableRows, idxOff, dstOff) {
      onHeap('gatherRows', heap.length, tableOff, tableRows * rowLen);
      onHeap('gatherRows', heap.length, idxOff, n);
      onHeap('gatherRows', heap.length, dstOff, n * rowLen);
      return x.gatherRows(n, rowLen, B(tableOff), tableRows, B(idxOff), B(dstOff)) !== 0;
    },
    adam(heap, ops, learningRate, beta1, beta2, epsilon, correction1, correction2) {
      for (let t = 0; t < ops.length; t += 6) for (let i = 0; i < 5; i++) onHeap('adam', heap.length, ops[t + i], ops[t + 5]);
      const f = Math.fround;
      const [c1, c2] = [f(1 - beta1), f(1 - beta2)];
      for (let t = 0; t < ops.length; t += 6) {
        x.adam(B(ops[t]), B(ops[t + 1]), B(ops[t + 2]), B(ops[t + 3]), B(ops[t + 4]), ops[t + 5], learningRate, beta1, beta2, epsilon, correction1, correction2, c1, c2);
      }
    },
    denseGrad(heap, rows, inputs, units, activation, dyOff, yOff, xOff, wOff, dxOff, dwOff, dbOff) {
      if (activation !== 0 && activation !== ACT.relu && activation !== ACT.sigmoid) throw new RangeError(`ple wasm kernels.denseGrad: activation ${activation}`);
      const len = heap.length;
      const n = rows * units;
      onHeap('denseGrad', len, dyOff, n);
      if (activation !== 0) onHeap('denseGrad', len, yOff, n);
      onHeap('denseGrad', len, xOff, rows * inputs);
      onHeap('denseGrad', len, wOff, inputs * units);
      onHeap('denseGrad', len, dxOff, rows * inputs);
      onHeap('denseGrad', len, dwOff, inputs * units);
      onHeap('denseGrad', len, dbOff, units);
      // scratch: g (rows × units, when there is an activation), then the products' packing
      const gFloats = activation === 0 ? 0 : (n + 3) & ~3;
      const base = scratch(gFloats + Math.max(x.gemmScratch(inputs, units), x.gemmScratch(units, rows)));
      const g = activation === 0 ? B(dyOff) : base;
      const pack = base + gFloats * 4;
      x.activationGrad(activation, B(dyOff), activation === 0 ? 0 : B(yOff), rows, units, g, B(dbOff));
      if (rows > 0 && inputs > 0) {
        if (units === 0) view().fill(0, dxOff, dxOff + rows * inputs);
        else x.gemm(rows, inputs, units, 0, 1, g, B(wOff), B(dxOff), 0, 0, 0, 0, pack);
      }
      if (inputs > 0 && units > 0) {
        if (rows === 0) view().fill(0, dwOff, dwOff + inputs * units);
        else x.gemm(inputs, units, rows, 1, 0, B(xOff), g, B(dwOff), 0, 0, 0, 0, pack);
      }
    },
    gateMix(heap, batch, units, wOff, expertOffs, outOff) {
      const E = expertOffs.length;
      onHeap('gateMix', heap.length, wOff, batch * E);
      onHeap('gateMix', heap.length, outOff, batch * units);
      for (const e of expertOffs) onHeap('gateMix', heap.length, e, batch * units);
      expertOffs.forEach((e, k) => x.mixTerm(batch, units, B(e), units, B(wOff + k), E, B(outOff), units, k > 0 ? 1 : 0));
    },
    gateMixGrad(heap, batch, units, dyOff, wOff, expertOffs, dwOff, gradOffs) {
      const E = expertOffs.length;
      if (gradOffs.length !== E) throw new RangeError('ple wasm kernels.gateMixGrad: one gradient per expert');
      for (const o of [dyOff, ...expertOffs, ...gradOffs]) onHeap('gateMixGrad', heap.length, o, batch * units);
      onHeap('gateMixGrad', heap.length, wOff, batch * E);
      onHeap('gateMixGrad', heap.length, dwOff, batch * E);
      expertOffs.forEach((e, k) => x.mixTermGrad(batch, units, B(dyOff), B(e), units, B(wOff + k), B(dwOff + k), E, B(gradOffs[k]), units, 0));
    },
    ...bankKernels(x, B),
    ...inputKernels(x, B),
    maskedLoss,
    allFinite(heap, offsets, sizes) {
      offsets.forEach((o, i) => onHeap('allFinite', heap.length, o, sizes[i]));
      return offsets.every((o, i) => x.allFinite(B(o), sizes[i]) !== 0);
    },
    setThreads() {},
    threads: () => 1,
    blas: () => 'wasm',
    corename: () => 'WebAssembly SIMD',
    config: () => 'ple wasm kernels (AssemblyScript, WebAssembly SIMD)',
  };
}
