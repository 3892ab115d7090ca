import { SingerError } from '../errors';

/** The comment pair that delimits a generated block: `<!-- config:<id>:start -->` … `<!-- config:<id>:end -->`. */
export function markerPair(id: string): { start: string; end: string } {
  return { start: `<!-- config:${id}:start -->`, end: `<!-- config:${id}:end -->` };
}

/** `text` with the block between the markers of `id` replaced by `content`; throws when the markers are missing. */
export function replaceBetweenMarkers(text: string, id: string, content: string): string {
  const { start, end } = markerPair(id);
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) {
    throw new SingerError(`markers ${start} … ${end} not found`, 'MARKERS_MISSING', 'add both marker lines');
  }
  return `${text.slice(0, from + start.length)}\n${content.trim()}\n${text.slice(to)}`;
}
