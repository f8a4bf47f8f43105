import * as tf from '@tensorflow/tfjs';
import { registrySuite } from './registry-suite';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('every architecture on the cpu backend', registrySuite);
