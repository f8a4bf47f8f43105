import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { plainMatMulGradientInstalled } from '../src/ops/matmul-gradient';

describe('selectBackend', () => {
  test('cpu on request', async () => {
    expect(await selectBackend('cpu')).toMatchObject({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  test('wasm on request, with its speed fixes', async () => {
    const b = await selectBackend('wasm');
    expect(b.name).toBe('wasm');
    expect(b.detail).toMatch(/WebAssembly/);
    expect(tf.getBackend()).toBe('wasm');
    expect(plainMatMulGradientInstalled()).toBe(true);
  });

  test('auto picks a working backend and says which', async () => {
    const b = await selectBackend('auto');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(b.name);
    expect(tf.getBackend()).toBe(b.name);
  });

  // before the next test: jest caches a virtual module once it has loaded, not one whose factory threw
  test('an installed tfjs-node-gpu that fails to load says why', async () => {
    jest.doMock(
      '@tensorflow/tfjs-node-gpu',
      () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file');
      },
      { virtual: true },
    );
    try {
      await expect(selectBackend('node')).rejects.toThrow(/--backend node: not available here \(node: libcudart\.so\.11\.0/);
    } finally {
      jest.dontMock('@tensorflow/tfjs-node-gpu');
    }
  });

  test('tfjs-node-gpu, where a user installed it, comes before tfjs-node', async () => {
    // a stand-in for the package: like it, loading it registers the 'tensorflow' backend
    jest.doMock(
      '@tensorflow/tfjs-node-gpu',
      () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { MathBackendCPU } = require('@tensorflow/tfjs-backend-cpu');
        tf.registerBackend('tensorflow', () => new MathBackendCPU());
        return {};
      },
      { virtual: true },
    );
    try {
      expect(await selectBackend('auto')).toEqual({ name: 'tensorflow', detail: 'tfjs-node-gpu (native libtensorflow with CUDA)' });
      expect(tf.getBackend()).toBe('tensorflow');
    } finally {
      jest.dontMock('@tensorflow/tfjs-node-gpu');
      await tf.setBackend('cpu');
      tf.removeBackend('tensorflow');
    }
  });

  test('an unavailable backend asked for by name is a clear error', async () => {
    let installed = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) return; // nothing to check where tfjs-node happens to be installed
    await expect(selectBackend('node')).rejects.toThrow(/--backend node: not available here/);
  });
});
