import { backendIdentity, groupProvenance, provenanceDiff, type JobProvenance } from '../../src/results/provenance';

const base: JobProvenance = { data_sha256: 'a'.repeat(64), backend: 'wasm (x)', ple_version: '0.1.0', config_sha256: 'c'.repeat(64) };

describe('job provenance', () => {
  it('drops the thread count and x86 kernel width of ple\'s sgemm (same bits with any), keeps OpenBLAS\'s and everything else', () => {
    const wasm = (sgemm: string) => `wasm (WebAssembly (SIMD, 1 thread; plain-matmul gradient, ${sgemm}; fused Adam))`;
    expect(backendIdentity(wasm('ple sgemm (2 threads, AVX2+FMA'))).toBe(backendIdentity(wasm('ple sgemm (1 thread, AVX2+FMA')));
    expect(backendIdentity(wasm('ple sgemm (2 threads, AVX2+FMA'))).toBe(wasm('ple sgemm (AVX2+FMA'));
    expect(backendIdentity(wasm('OpenBLAS sgemm (2 threads, Zen kernels'))).not.toBe(backendIdentity(wasm('OpenBLAS sgemm (1 thread, Zen kernels')));
    expect(backendIdentity(wasm('ple sgemm (2 threads, AVX2+FMA'))).not.toBe(backendIdentity(wasm('ple sgemm (2 threads, SSE2')));
    // its AVX-512F kernel gives the AVX2+FMA kernel's bits (test/ops/native-gemm.test.ts), the generic one need not
    expect(backendIdentity(wasm('ple sgemm (2 threads, AVX-512F'))).toBe(backendIdentity(wasm('ple sgemm (1 thread, AVX2+FMA')));
    expect(backendIdentity(wasm('ple sgemm (2 threads, generic'))).not.toBe(backendIdentity(wasm('ple sgemm (2 threads, AVX2+FMA')));
    expect(backendIdentity('cpu (pure-JS CPU backend (slow))')).toBe('cpu (pure-JS CPU backend (slow))');
  });

  it.each([
    ['nothing', {}, []],
    ['the data file', { data_sha256: 'b'.repeat(64) }, [`data file (sha256): ${'b'.repeat(12)}… then, ${'a'.repeat(12)}… now`]],
    ['the backend and the version', { backend: 'cpu (y)', ple_version: '0.0.9' }, ['backend: "cpu (y)" then, "wasm (x)" now', 'ple version: "0.0.9" then, "0.1.0" now']],
    ['the resolved config', { config_sha256: 'd'.repeat(64) }, [`resolved config (sha256): ${'d'.repeat(12)}… then, ${'c'.repeat(12)}… now`]],
  ])('says what differs: %s', (_name, recorded, lines) => {
    expect(provenanceDiff(base, { ...base, ...recorded })).toEqual(lines);
  });

  it('counts a job without provenance (an older ple) as differing', () => {
    expect(provenanceDiff(base, undefined)).toEqual([expect.stringMatching(/^provenance: not recorded/)]);
  });

  it('groups the jobs that share a provenance', () => {
    const other = { ...base, backend: 'cpu (y)' };
    const groups = groupProvenance(new Map([['a/seed-1', base], ['b/seed-1', other], ['a/seed-2', { ...base }]]));
    expect(groups).toEqual([{ provenance: base, jobs: ['a/seed-1', 'a/seed-2'] }, { provenance: other, jobs: ['b/seed-1'] }]);
  });
});
