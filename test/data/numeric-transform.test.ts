import { featuresSchema } from '../../src/config/schema';
import { DataError } from '../../src/data/errors';
import { applyNumeric, fitNumeric, rawScaleWarning } from '../../src/data/numeric-transform';
import { applyPreprocessing, fitPreprocessing } from '../../src/data/preprocessing';

const feature = (raw: unknown) => featuresSchema.parse({ numeric: [raw] }).numeric[0];
const where = (i: number) => ({ file: 'x.csv', column: 'v', row: i + 1 });
/** rows 0-3 train, row 4 test (its 1000 must not move the statistics) */
const VALUES = Float32Array.of(1, 2, 3, 6, 1000);
const TRAIN = Int32Array.of(0, 1, 2, 3);

describe('numeric transforms, against hand-computed values', () => {
  test('a plain name means no transform: the column itself', () => {
    expect(feature('v')).toEqual({ name: 'v', transform: 'none' });
    const encoding = fitNumeric(feature('v'), VALUES, TRAIN);
    expect(applyNumeric(encoding, VALUES, where)).toBe(VALUES);
  });

  test('standardize: mean 3 and population sd √3.5 of the training rows only', () => {
    const encoding = fitNumeric(feature({ name: 'v', transform: 'standardize' }), VALUES, TRAIN);
    expect(encoding.mean).toBe(3);
    expect(encoding.sd).toBeCloseTo(Math.sqrt(3.5), 12); // ((−2)² + (−1)² + 0² + 3²) / 4 = 3.5
    const out = applyNumeric(encoding, VALUES, where);
    expect(Array.from(out)).toEqual([1, 2, 3, 6, 1000].map((x) => Math.fround((x - 3) / Math.sqrt(3.5))));
  });

  test('standardize of a constant column divides by 1, not 0', () => {
    const encoding = fitNumeric(feature({ name: 'v', transform: 'standardize' }), Float32Array.of(5, 5, 5), Int32Array.of(0, 1, 2));
    expect(encoding).toMatchObject({ mean: 5, sd: 1 });
  });

  test('log1p: ln(1 + x)', () => {
    const encoding = fitNumeric(feature({ name: 'v', transform: 'log1p' }), VALUES, TRAIN);
    expect(encoding).toEqual({ name: 'v', transform: 'log1p' });
    expect(Array.from(applyNumeric(encoding, Float32Array.of(0, Math.E - 1, 99), where))).toEqual([0, Math.fround(1), Math.fround(Math.log(100))]);
  });

  test('log1p refuses values at or below -1, naming the row', () => {
    const encoding = fitNumeric(feature({ name: 'v', transform: 'log1p' }), VALUES, TRAIN);
    expect(() => applyNumeric(encoding, Float32Array.of(3, -1), where)).toThrow(DataError);
    expect(() => applyNumeric(encoding, Float32Array.of(3, -1), where)).toThrow(/^x\.csv: column "v", row 2: log1p needs values above -1, got -1/);
  });

  test('clip comes first: statistics and values of the clipped column', () => {
    const encoding = fitNumeric(feature({ name: 'v', transform: 'standardize', clip: [0, 4] }), VALUES, TRAIN);
    expect(encoding.mean).toBe(2.5); // 1, 2, 3, 4
    expect(encoding.sd).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(applyNumeric(encoding, Float32Array.of(-7, 1000), where)).toEqual(Float32Array.of((0 - 2.5) / Math.sqrt(1.25), (4 - 2.5) / Math.sqrt(1.25)));
    const clipOnly = fitNumeric(feature({ name: 'v', clip: [0, 4] }), VALUES, TRAIN);
    expect(Array.from(applyNumeric(clipOnly, VALUES, where))).toEqual([1, 2, 3, 4, 4]);
  });

  test('a warning for an untransformed column beyond ±1e3, and none once transformed or clipped', () => {
    const warning = rawScaleWarning(fitNumeric(feature('income'), Float32Array.of(10, -152000), Int32Array.of(0)), Float32Array.of(10, -152000));
    expect(warning).toMatch(/^numeric feature "income" has values up to 152,000 in magnitude and no transform: they go into the network as they are; set transform: standardize \(or log1p\)/);
    expect(rawScaleWarning(fitNumeric(feature('v'), Float32Array.of(999), Int32Array.of(0)), Float32Array.of(999))).toBeUndefined();
    const data = { rows: 2, columns: { income: Float32Array.of(10, -152000) }, metadata: {} };
    for (const raw of [{ name: 'income', transform: 'standardize' }, { name: 'income', clip: [-1000, 1000] }]) {
      const features = featuresSchema.parse({ numeric: [raw] });
      expect(applyPreprocessing(data, fitPreprocessing(data, Int32Array.of(0, 1), { features }, 'x'), 'x').warnings).toEqual([]);
    }
    const features = featuresSchema.parse({ numeric: ['income'] });
    expect(applyPreprocessing(data, fitPreprocessing(data, Int32Array.of(0, 1), { features }, 'x'), 'x').warnings).toHaveLength(1);
  });
});
