import type { NativeBlas } from './native-blas';
import type { WasmKernelExports } from './wasm-module';

/**
 * The addon's kernels that take a plan (src/ops/native-blas.ts: the bank
 * mixture's gates, the input's tables) over ple's WebAssembly kernels, one
 * module call per gate's expert or per feature: each element sees the
 * addon's arithmetic in the addon's order. And the masked loss, in double
 * here as in C (a batch's few hundred rows: no module call needed).
 */

/** A RangeError naming the kernel unless [off, off + n) lies on the heap of `len` floats. */
export function onHeap(name: string, len: number, off: number, n: number): void {
  if (!(Number.isInteger(off) && Number.isInteger(n) && off >= 0 && n >= 0 && off + n <= len)) {
    throw new RangeError(`ple wasm kernels.${name}: operand outside the heap`);
  }
}

/** as the addon (src/native/ple_blas.c) */
const MAX_EXPERTS = 64;

interface Gate {
  E: number;
  w: number;
  y: number;
  dw: number;
  members: number[];
}

/** The plan's gates: per gate E, the offsets of w, y and dw, then E expert indices below `experts`. */
function gates(name: string, plan: Float64Array, experts: number): Gate[] {
  const out: Gate[] = [];
  for (let at = 0; at < plan.length; ) {
    const E = plan[at];
    if (!(Number.isInteger(E) && E >= 1 && E <= MAX_EXPERTS && at + 4 + E <= plan.length)) throw new RangeError(`ple wasm kernels.${name}: a malformed plan (gates of E, w, y, dw, E indices)`);
    const members = Array.from(plan.subarray(at + 4, at + 4 + E));
    const bad = members.find((m) => !(Number.isInteger(m) && m >= 0 && m < experts));
    if (bad !== undefined) throw new RangeError(`ple wasm kernels.${name}: expert index ${bad} outside the bank's ${experts}`);
    out.push({ E, w: plan[at + 1], y: plan[at + 2], dw: plan[at + 3], members });
    at += 4 + E;
  }
  if (out.length === 0) throw new RangeError(`ple wasm kernels.${name}: an empty plan`);
  return out;
}

type BankKernels = Pick<NativeBlas, 'bankMix' | 'bankMixGrad'>;

export function bankKernels(x: WasmKernelExports, B: (off: number) => number): BankKernels {
  const check = (name: string, heap: Float32Array, plan: Float64Array, batch: number, units: number, width: number, grad: boolean) => {
    if (units <= 0 || width % units !== 0 || width / units > MAX_EXPERTS) throw new RangeError(`ple wasm kernels.${name}: a bank of 1 to ${MAX_EXPERTS} experts of \`units\` columns`);
    const gs = gates(name, plan, width / units);
    for (const g of gs) {
      onHeap(name, heap.length, g.w, batch * g.E);
      onHeap(name, heap.length, g.y, batch * units);
      if (grad) onHeap(name, heap.length, g.dw, batch * g.E);
    }
    return gs;
  };
  return {
    bankMix(heap, plan, batch, units, width, hOff) {
      onHeap('bankMix', heap.length, hOff, batch * width);
      for (const g of check('bankMix', heap, plan, batch, units, width, false)) {
        g.members.forEach((m, e) => x.mixTerm(batch, units, B(hOff + m * units), width, B(g.w + e), g.E, B(g.y), units, e > 0 ? 1 : 0));
      }
    },
    bankMixGrad(heap, plan, batch, units, width, hOff, dhOff) {
      onHeap('bankMixGrad', heap.length, hOff, batch * width);
      onHeap('bankMixGrad', heap.length, dhOff, batch * width);
      const gs = check('bankMixGrad', heap, plan, batch, units, width, true);
      const written = new Array<boolean>(width / units).fill(false);
      // last gate first: the order in which tfjs's backward pass adds a split expert's gradients
      for (const g of gs.slice().reverse()) {
        g.members.forEach((m, e) => {
          x.mixTermGrad(batch, units, B(g.y), B(hOff + m * units), width, B(g.w + e), B(g.dw + e), g.E, B(dhOff + m * units), width, written[m] ? 1 : 0);
          written[m] = true;
        });
      }
      written.forEach((w, m) => w || x.zero2d(batch, units, B(dhOff + m * units), width));
    },
  };
}

type InputKernels = Pick<NativeBlas, 'embeddingInput' | 'embeddingInputGrad'>;

export function inputKernels(x: WasmKernelExports, B: (off: number) => number): InputKernels {
  /** Σ dim + numericCols, after checking the plan's tables, the ids and x */
  const check = (name: string, heap: Float32Array, plan: Float64Array, batch: number, ids: number, numericCols: number, xOff: number) => {
    const features = plan.length / 3;
    if (!Number.isInteger(features) || features === 0) throw new RangeError(`ple wasm kernels.${name}: a malformed plan`);
    onHeap(name, heap.length, ids, batch * features);
    let cols = numericCols;
    for (let f = 0; f < features; f++) {
      const [off, vocab, dim] = [plan[3 * f], plan[3 * f + 1], plan[3 * f + 2]];
      if (!(vocab >= 1 && dim >= 1)) throw new RangeError(`ple wasm kernels.${name}: a table of no rows or columns`);
      onHeap(name, heap.length, off, vocab * dim);
      const bad = x.idsInRange(batch, B(ids), features, f, vocab);
      if (bad !== 0) {
        const id = new Int32Array(heap.buffer, heap.byteOffset)[ids + (-1 - bad) * features + f];
        throw new RangeError(`ple wasm kernels.${name}: id ${id} of feature ${f} outside its table of ${vocab} rows`);
      }
      cols += dim;
    }
    onHeap(name, heap.length, xOff, batch * cols);
    return { features, cols };
  };
  return {
    embeddingInput(heap, plan, batch, idsOff, numericOff, numericCols, xOff) {
      const { features, cols } = check('embeddingInput', heap, plan, batch, idsOff, numericCols, xOff);
      if (numericOff >= 0) onHeap('embeddingInput', heap.length, numericOff, batch * numericCols);
      let col = 0;
      for (let f = 0; f < features; f++) {
        x.embedFeature(batch, B(idsOff), features, f, B(plan[3 * f]), plan[3 * f + 2], B(xOff), cols, col); // ids checked above
        col += plan[3 * f + 2];
      }
      if (numericOff >= 0 && numericCols > 0 && batch > 0) x.copy2d(batch, numericCols, B(numericOff), numericCols, B(xOff + col), cols);
    },
    embeddingInputGrad(heap, plan, batch, idsOff, _numericOff, numericCols, dxOff) {
      const { features, cols } = check('embeddingInputGrad', heap, plan, batch, idsOff, numericCols, dxOff);
      let col = 0;
      for (let f = 0; f < features; f++) {
        const [off, vocab, dim] = [plan[3 * f], plan[3 * f + 1], plan[3 * f + 2]];
        x.zero2d(1, vocab * dim, B(off), vocab * dim);
        x.embedFeatureGrad(batch, B(idsOff), features, f, B(off), dim, B(dxOff), cols, col);
        col += dim;
      }
    },
  };
}

/** The addon's maskedLoss (src/native/ple_blas.c, MaskedLoss): the loss and its gradient in one pass, summed in double. */
export const maskedLoss: NativeBlas['maskedLoss'] = (heap, n, binary, outOff, yOff, maskOff, lossOff, gradOff) => {
  for (const [o, size] of [[outOff, n], [yOff, n], [maskOff, n], [lossOff, 1], [gradOff, n]]) onHeap('maskedLoss', heap.length, o, size);
  let count = 0;
  for (let i = 0; i < n; i++) count += heap[maskOff + i];
  const denominator = count > 1 ? count : 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = heap[outOff + i];
    const t = heap[yOff + i];
    const d = heap[maskOff + i];
    let l: number;
    let g: number;
    if (binary) {
      l = (z > 0 ? z : 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
      g = (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))) - t;
    } else {
      l = (z - t) * (z - t);
      g = 2 * (z - t);
    }
    sum += d * l;
    heap[gradOff + i] = (d * g) / denominator + 0; // + 0: a masked row's −0 becomes 0, as with tf ops; NaN stays
  }
  heap[lossOff] = sum / denominator;
};
