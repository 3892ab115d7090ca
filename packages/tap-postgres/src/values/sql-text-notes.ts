import type { SqlTextNote } from './value-converter';

/** The RECORD envelope key of the values a JSON record cannot carry, as PostgreSQL's text input. */
export const SQL_TEXT_KEY = 'x-sql-text';

/**
 * The `x-sql-text` of the row being serialized: converters note the values their JSON cannot carry, and the
 * serializer takes the envelope member once per row (an empty string, at the cost of one comparison, for rows
 * without such a value).
 */
export class SqlTextNotes {
  private members = '';

  /** The note of one property, by its JSON-quoted name. */
  noteFor(quotedName: string): SqlTextNote {
    return (text) => {
      this.members += `${this.members === '' ? '' : ','}${quotedName}:${JSON.stringify(text)}`;
    };
  }

  /** `,"x-sql-text":{…}` for the row just serialized ('' when nothing was noted), and a fresh start. */
  take(): string {
    if (this.members === '') return '';
    const member = `,"${SQL_TEXT_KEY}":{${this.members}}`;
    this.members = '';
    return member;
  }
}
