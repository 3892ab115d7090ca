/**
 * The replication slot name pipelinewise uses: `pipelinewise_<dbname>`, or `pipelinewise_<dbname>_<tap_id>` when
 * tap_id is set; lower-cased, every character other than [a-z0-9_] replaced by `_` (pure).
 */
export function replicationSlotName(dbname: string, tapId?: string | null, prefix = 'pipelinewise'): string {
  const suffix = tapId !== undefined && tapId !== null && tapId !== '' ? `_${tapId}` : '';
  return `${prefix}_${dbname}${suffix}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * The slot names to look for, in pipelinewise's order: the pre-tap_id name first (PipelineWise ≤ 0.15), then the
 * one with tap_id (pure; one name when tap_id is unset).
 */
export function replicationSlotCandidates(dbname: string, tapId?: string | null): string[] {
  const legacy = replicationSlotName(dbname);
  const current = replicationSlotName(dbname, tapId);
  return legacy === current ? [current] : [legacy, current];
}
