// Types of the generators the tests share with the benchmark.
/** A baseline JPEG of `bytes` of seeded noise (a large photo whose bytes do not compress). */
export function noiseJpeg(bytes: number, seed: number, width?: number, height?: number): Buffer;
