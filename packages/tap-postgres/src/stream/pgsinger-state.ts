import { isRecord, type State } from '@pgsinger/singer';

/**
 * Top-level state key of what a bookmark cannot hold (INCREMENTAL tie-breakers, pending activations), by section and
 * tap_stream_id. pipelinewise's tap refuses unknown keys in an INCREMENTAL bookmark but passes unknown top-level keys
 * through (its LOG_BASED runs drop them: what they held is then gone, and each user of a section says what follows).
 */
export const PGSINGER_STATE_KEY = 'pgsinger';

/** The entries of one section under `pgsinger`, by tap_stream_id (pure; empty when absent or malformed). */
export function ownEntries(state: State, section: string): Record<string, unknown> {
  const own = state[PGSINGER_STATE_KEY];
  const entries = isRecord(own) ? own[section] : undefined;
  return isRecord(entries) ? entries : {};
}

/** The state with a stream's entry of a section set, or removed when undefined (pure); empty objects go. */
export function withOwnEntry(state: State, section: string, tapStreamId: string, entry: unknown): State {
  const entries = { ...ownEntries(state, section) };
  if (entry === undefined && !(tapStreamId in entries)) return state;
  if (entry === undefined) delete entries[tapStreamId];
  else entries[tapStreamId] = entry;
  const own = state[PGSINGER_STATE_KEY];
  const sections: Record<string, unknown> = isRecord(own) ? { ...own } : {};
  if (Object.keys(entries).length === 0) delete sections[section];
  else sections[section] = entries;
  const next: Record<string, unknown> = { ...state };
  if (Object.keys(sections).length === 0) delete next[PGSINGER_STATE_KEY];
  else next[PGSINGER_STATE_KEY] = sections;
  return next as State;
}
