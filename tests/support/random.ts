/** The seeded PRNG of src/random.ts, so every random test case can be reproduced from its seed. */
export { mulberry32 as rng } from '../../src/random.js';
