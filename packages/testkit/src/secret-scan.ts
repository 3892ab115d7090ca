import { secretForms } from '@pgsinger/postgres';

/**
 * The secrets (or, for multi-line keys, the lines of them) that occur in a text — for scanning a run's stderr.
 * Returns descriptions such as `secret #2, line 3`, never the secret itself (so a failing test does not print it).
 */
export function findSecrets(text: string, secrets: readonly (string | undefined)[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, index) => {
    if (secret === undefined || secret === '') return;
    const forms = secretForms([secret]);
    forms.forEach((form, line) => {
      if (text.includes(form)) found.push(`secret #${index + 1}${forms.length > 1 ? `, part ${line + 1}` : ''}`);
    });
  });
  return found;
}
