// The WASM kernels' exports (src/ops/wasm-kernels.ts loads them).
export { gemm, gemmScratch } from './gemm';
export { transpose, copy2d, gatherRows, embedFeature, embedFeatureGrad, idsInRange, zero2d } from './moves';
export { adam, activationGrad, mixTerm, mixTermGrad, allFinite } from './elementwise';
