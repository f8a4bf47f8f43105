/**
 * Each tensor (as a flat array) within 1e-5 of its reference, relative to
 * the reference's largest magnitude: max |Δ| ≤ 1e-5 · max |reference|, per
 * tensor, or ≤ `floor` where that is larger (for differences of float32
 * values, whose resolution is that of the values, not of the difference).
 * Names the tensor and the worst difference when not.
 */
export function expectClose(actual: number[][], reference: number[][], what: string, floor = 0): void {
  expect(actual.length).toBe(reference.length);
  reference.forEach((ref, i) => {
    expect(actual[i].length).toBe(ref.length);
    const scale = Math.max(1e-30, ...ref.map(Math.abs));
    const worst = Math.max(0, ...ref.map((r, j) => Math.abs(actual[i][j] - r)));
    const bound = Math.max(1e-5 * scale, floor);
    if (!(worst <= bound)) throw new Error(`${what}, tensor ${i}: max |Δ| ${worst} > ${bound} (1e-5 × ${scale}, floor ${floor})`);
  });
}
