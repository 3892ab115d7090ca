import type { SessionSettings } from '@pgsinger/postgres';

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
