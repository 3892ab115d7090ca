import type { SingerMessage } from './singer-message';

/** Serialises a message to one line of JSON, without the trailing newline. */
export function formatMessage(message: SingerMessage): string {
  return JSON.stringify(message);
}
