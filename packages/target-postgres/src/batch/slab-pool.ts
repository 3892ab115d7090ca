/** Size of the buffers that batches write their COPY text into. */
export const SLAB_BYTES = 1024 * 1024;
/** Numbers kept per buffered row (see Batch). */
export const META_FIELDS = 5;
const MAX_FREE_SLABS = 64;
const freeSlabs: Buffer[] = [];
const freeMeta: Float64Array[] = [];

/**
 * A slab for a batch: reused from earlier batches when possible, so steady loading allocates nothing and the
 * process's memory stays at about two batches (one filling, one loading) however many rows pass.
 */
export function takeSlab(minBytes: number, smallBytes?: number): Buffer {
  if (minBytes > SLAB_BYTES) return Buffer.allocUnsafeSlow(minBytes);
  // A small slab (not pooled) when asked for one that fits; else a pooled SLAB_BYTES one.
  if (smallBytes !== undefined && minBytes <= smallBytes) return Buffer.allocUnsafeSlow(smallBytes);
  return freeSlabs.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
}

/** Gives slabs back once nothing reads them any more (the load that wrote them finished). */
export function returnSlabs(slabs: readonly Buffer[]): void {
  for (const slab of slabs) if (slab.length === SLAB_BYTES && freeSlabs.length < MAX_FREE_SLABS) freeSlabs.push(slab);
}

/** A per-row number table of at least `rows` rows, reused when possible. */
export function takeMeta(rows = 1024): Float64Array {
  const free = freeMeta.pop();
  if (free !== undefined && free.length >= rows * META_FIELDS) return free;
  return new Float64Array(Math.max(rows, free === undefined ? 0 : free.length / META_FIELDS) * META_FIELDS);
}

/** Gives a row table back (the two largest are kept). */
export function returnMeta(meta: Float64Array): void {
  freeMeta.push(meta);
  freeMeta.sort((a, b) => b.length - a.length);
  freeMeta.length = Math.min(freeMeta.length, 2);
}
