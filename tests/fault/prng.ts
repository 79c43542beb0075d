/** The seeded PRNG of fault runs and benchmarks: the API's own (api/src/lib/prng.ts). */
export { hashSeed, mulberry32, type Random } from '../../api/src/lib/prng';
