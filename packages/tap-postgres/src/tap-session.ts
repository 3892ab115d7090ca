import { connect, type ConnectionSettings, type SessionSettings } from '@pgsinger/postgres';
import type { Client, CustomTypesConfig } from 'pg';

/** Settings of every tap session: values print in the forms the converters expect. */
export const TAP_SESSION_SETTINGS: SessionSettings = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
  extra_float_digits: 3,
  bytea_output: 'hex',
};

/** application_name of tap sessions when the config names none. */
export const TAP_APPLICATION_NAME = 'tap-postgres';

/** Keeps every value as the server's text: converters decide, not pg's global type parsers. */
export const RAW_TEXT_TYPES: CustomTypesConfig = {
  getTypeParser: () => (value: string) => value,
};

/**
 * A tap session. `text`: every value stays the server's text (reads of tables and the catalog); `parsed`: pg's usual
 * parsers (slot, preflight and heartbeat queries read booleans and JSON).
 */
export function connectTap(settings: ConnectionSettings, values: 'text' | 'parsed'): Promise<Client> {
  return connect(settings, {
    applicationName: TAP_APPLICATION_NAME,
    sessionSettings: TAP_SESSION_SETTINGS,
    ...(values === 'text' ? { types: RAW_TEXT_TYPES } : {}),
  });
}
