import { featuresSchema } from '../../src/config/schema';
import { applyPreprocessing, fitPreprocessing, withVocabularies } from '../../src/data/preprocessing';
import type { Dataset } from '../../src/data/types';
import { buildVocabulary, countUnseen, encodeCategories } from '../../src/data/vocabulary';

/** Rows 0-5 train, 6-7 test: "b" three times, "a" and "c" once each in training; "z" only in the test rows. */
function cities(): Dataset {
  const dictionary = ['a', 'b', 'c', 'z'];
  return { rows: 8, columns: { city: Int32Array.of(1, 0, 1, 2, 1, 0, 3, 1), x: new Float32Array(8) }, metadata: {}, dictionaries: { city: dictionary } };
}
const TRAIN = Int32Array.of(0, 1, 2, 3, 4, 5);
const TEST = Int32Array.of(6, 7);

describe('vocabularies built from the training rows', () => {
  test('most frequent first, ties in text order; ids from 1', () => {
    expect(buildVocabulary(cities(), 'city', TRAIN)).toEqual(['b', 'a', 'c']);
  });

  test('a value seen only outside the training rows gets the out-of-vocabulary id 0', () => {
    const ids = encodeCategories(cities(), 'city', ['b', 'a', 'c']);
    expect(Array.from(ids)).toEqual([1, 2, 1, 3, 1, 2, 0, 1]);
    expect(countUnseen(ids, TEST)).toBe(1);
    expect(countUnseen(ids, TRAIN)).toBe(0);
  });

  test('integer ids without a vocab are categories by their decimal text', () => {
    const ds: Dataset = { rows: 4, columns: { user: Int32Array.of(40, 7, 40, 900) }, metadata: {} };
    const values = buildVocabulary(ds, 'user', Int32Array.of(0, 1, 2));
    expect(values).toEqual(['40', '7']);
    expect(Array.from(encodeCategories(ds, 'user', values))).toEqual([1, 2, 1, 0]);
  });

  test('the same values map to the same ids in another file whose codes differ (what `ple predict` relies on)', () => {
    const other: Dataset = { rows: 3, columns: { city: Int32Array.of(0, 1, 2) }, metadata: {}, dictionaries: { city: ['c', 'new', 'b'] } };
    expect(Array.from(encodeCategories(other, 'city', ['b', 'a', 'c']))).toEqual([3, 0, 1]);
  });

  test('fitPreprocessing uses only the rows it is given; a config vocab is kept as it is', () => {
    const features = featuresSchema.parse({ categorical: [{ name: 'city', dim: 2 }], numeric: [] });
    const ds = cities();
    const prep = fitPreprocessing(ds, TRAIN, { features }, 'x.csv');
    expect(prep.categorical).toEqual([{ name: 'city', vocab: 4, values: ['b', 'a', 'c'] }]);
    expect(withVocabularies({ features }, prep).features.categorical[0].vocab).toBe(4);
    const { dataset } = applyPreprocessing(ds, prep, 'x.csv');
    expect(Array.from(dataset.columns.city)).toEqual([1, 2, 1, 3, 1, 2, 0, 1]);
    // the test rows' "z" never entered the vocabulary
    expect(prep.categorical[0].values).not.toContain('z');

    const given = featuresSchema.parse({ categorical: [{ name: 'city', vocab: 4, dim: 2 }], numeric: [] });
    const kept = fitPreprocessing({ ...ds, dictionaries: undefined }, TRAIN, { features: given }, 'x.csv');
    expect(kept.categorical).toEqual([{ name: 'city', vocab: 4 }]);
    expect(applyPreprocessing({ ...ds, dictionaries: undefined }, kept, 'x.csv').dataset.columns.city).toBe(ds.columns.city);
  });

  test('a vocabulary too large for one embedding table is refused, naming the column', () => {
    const rows = 2000;
    const ds: Dataset = { rows, columns: { id: Int32Array.from({ length: rows }, (_, i) => i) }, metadata: {} };
    const features = featuresSchema.parse({ categorical: [{ name: 'id', dim: 600_000 }], numeric: [] });
    expect(() => fitPreprocessing(ds, Int32Array.from({ length: rows }, (_, i) => i), { features }, 'big.csv')).toThrow(
      /big\.csv: column "id" has 2,000 distinct values in the training rows; with dim 600000 that is 1,200,600,000 embedding values, more than the 1,000,000,000 a run allows \(features\.categorical\[0\]\)/,
    );
  });
});
