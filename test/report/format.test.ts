import { gainText, meanSd, num, signed } from '../../src/report/format';
import { describe as stat } from '../../src/study/intervals';

describe('number formatting', () => {
  test.each([
    [0.67871, '0.6787'],
    [0.1321, '0.1321'],
    [-0.0047, '-0.0047'],
    [1.8e-5, '1.8e-5'],
    [-3.5e-5, '-3.5e-5'],
    [0, '0'],
    [9.99999e-5, '0.0001'],
    [9.4e-5, '9.4e-5'],
    [NaN, '–'],
    [null, '–'],
  ])('num(%p) = %p', (x, s) => {
    expect(num(x)).toBe(s);
  });

  test('gains carry a sign', () => {
    expect(signed(0.0045)).toBe('+0.0045');
    expect(signed(1.8e-5)).toBe('+1.8e-5');
    expect(signed(-0.0025)).toBe('-0.0025');
  });

  test('mean ± sd and gain ± half-width, * when firm', () => {
    expect(meanSd(stat([0.68, 0.681, 0.682]))).toBe('0.6810 ± 0.0010');
    expect(meanSd(stat([0.68]))).toBe('0.6800');
    const s = stat([0.004, 0.0045, 0.005]);
    expect(gainText({ ...s, direction: 'up', firm: true })).toBe(`+0.0045 ± ${s.half_width!.toFixed(4)} *`);
  });
});
