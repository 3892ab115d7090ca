import type { Bookmark, Clock } from '@pgsinger/singer';

/** The table version a run writes under: the bookmark's when it holds one, else a new one (now, epoch ms). */
export function tableVersion(bookmark: Bookmark, clock: Clock): number {
  return typeof bookmark.version === 'number' ? bookmark.version : clock.now();
}
