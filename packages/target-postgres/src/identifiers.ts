/** The one identifier quoter, from @pgsinger/postgres (re-exported so the target imports it from one place). */
export { quoteIdent, quoteQualified } from '@pgsinger/postgres';
