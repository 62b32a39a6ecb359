/**
 * A small multilayer perceptron (inputs - hidden... - outputs, ReLU, linear output) trained with
 * TensorFlow.js and Adam on a mean-absolute-error loss, deterministically: the initial weights come
 * from tf.randomUniform with a seed per layer (Glorot-uniform limits), the mini-batch order from a
 * seeded permutation per epoch (mulberry32), and the training loop is our own (no Math.random
 * anywhere), so the same rows, settings and backend give the same weights.
 *
 * The trained weights are plain Float32Arrays; prediction is a forward pass in JavaScript (about
 * 45,000 multiply-adds for a 276-128-64-24 net), synchronous and identical on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../random.js';

export interface MlpSettings {
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** L2 penalty on the weights (not the biases), added to the loss. */
  readonly l2: number;
  readonly seed: number;
}

/** Weights and biases per layer; weight k is a row-major [fanIn, fanOut] matrix. */
export interface MlpWeights {
  readonly sizes: readonly number[];
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
}

/** Fisher-Yates shuffle of 0..n-1 with the given PRNG. */
function permutation(n: number, random: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Train on `rows` examples: x is rows x inputSize, y is rows x outputSize (row-major). The active
 * TensorFlow.js backend does the work (see backend.ts).
 */
export function trainMlp(x: Float32Array, y: Float32Array, rows: number, inputSize: number, outputSize: number, s: MlpSettings): MlpWeights {
  if (rows < 1 || x.length !== rows * inputSize || y.length !== rows * outputSize) {
    throw new Error(`trainMlp: ${x.length} inputs and ${y.length} targets do not make ${rows} rows of ${inputSize} -> ${outputSize}`);
  }
  const sizes = [inputSize, ...s.hidden, outputSize];
  const ws: tf.Variable[] = [];
  const bs: tf.Variable[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const limit = Math.sqrt(6 / (sizes[k] + sizes[k + 1]));
    // tidy disposes the initial values; the variables (never tracked by tidy) keep copies of them.
    ws.push(tf.tidy(() => tf.variable(tf.randomUniform([sizes[k], sizes[k + 1]], -limit, limit, 'float32', s.seed * 1000 + k))));
    bs.push(tf.tidy(() => tf.variable(tf.zeros([sizes[k + 1]]))));
  }
  const forward = (input: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = input;
    for (let k = 0; k < ws.length; k++) {
      h = tf.add(tf.matMul(h, ws[k] as tf.Tensor2D), bs[k]);
      if (k + 1 < ws.length) h = tf.relu(h);
    }
    return h;
  };

  const xs = tf.tensor2d(x, [rows, inputSize]);
  const ys = tf.tensor2d(y, [rows, outputSize]);
  const optimizer = tf.train.adam(s.learningRate);
  const random = mulberry32(s.seed);
  const varList = [...ws, ...bs];
  try {
    for (let epoch = 0; epoch < s.epochs; epoch++) {
      const order = permutation(rows, random);
      for (let from = 0; from < rows; from += s.batchSize) {
        tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(from, Math.min(rows, from + s.batchSize)), 'int32');
          const xb = tf.gather(xs, idx) as tf.Tensor2D;
          const yb = tf.gather(ys, idx);
          optimizer.minimize(
            () => {
              let loss = tf.mean(tf.abs(tf.sub(forward(xb), yb))) as tf.Scalar;
              if (s.l2 > 0) for (const w of ws) loss = tf.add(loss, tf.mul(s.l2, tf.sum(tf.square(w)))) as tf.Scalar;
              return loss;
            },
            false,
            varList,
          );
        });
      }
    }
    return {
      sizes,
      weights: ws.map((w) => w.dataSync() as Float32Array).map((a) => Float32Array.from(a)),
      biases: bs.map((b) => b.dataSync() as Float32Array).map((a) => Float32Array.from(a)),
    };
  } finally {
    optimizer.dispose();
    tf.dispose([xs, ys, ...ws, ...bs]);
  }
}

/** The MLP's output for one input row (ReLU hidden layers, linear output), in float64 arithmetic. */
export function predictRow(m: MlpWeights, input: ArrayLike<number>): Float64Array {
  let h: ArrayLike<number> = input;
  for (let k = 0; k < m.weights.length; k++) {
    const fanIn = m.sizes[k];
    const fanOut = m.sizes[k + 1];
    const w = m.weights[k];
    const out = Float64Array.from(m.biases[k]);
    for (let i = 0; i < fanIn; i++) {
      const v = h[i];
      if (v === 0) continue;
      const row = i * fanOut;
      for (let j = 0; j < fanOut; j++) out[j] += v * w[row + j];
    }
    if (k + 1 < m.weights.length) for (let j = 0; j < fanOut; j++) if (out[j] < 0) out[j] = 0;
    h = out;
  }
  return h as Float64Array;
}
