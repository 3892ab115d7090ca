import type { ScenarioResult } from './report';

/**
 * Lines giving ours (tap | target into an empty destination) over each peer measured in the same run, rows/s over
 * rows/s (the goal reads "≥ 1.0× pgcopydb with one job"); empty when ours did not run.
 */
export function peerRatios(ours: ScenarioResult | undefined, peers: readonly ScenarioResult[]): string {
  if (ours === undefined || ours.error) return '';
  const lines = peers
    .filter((peer) => !peer.error)
    .map((peer) => `${ours.id} ÷ ${peer.id}: ${(ours.rowsPerSecond / peer.rowsPerSecond).toFixed(2)}×`);
  return lines.length === 0 ? '' : `\n${lines.join('\n')}`;
}
