import type { SingerMessage } from './singer-message';
import { stringifyJson } from './stringify-json';

/** Serialises a message to one line of JSON, without the trailing newline (bigints as exact numbers). */
export function formatMessage(message: SingerMessage): string {
  return stringifyJson(message);
}
