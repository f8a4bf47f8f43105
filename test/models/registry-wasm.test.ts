import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registrySuite } from './registry-suite';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('every architecture on the wasm backend', registrySuite);
