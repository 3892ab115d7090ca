import { secretForms, secretValuePattern } from '@pgsinger/postgres';

/**
 * The secrets (or, for multi-line keys, the lines of them) that occur in a text as values (standing on their own, as
 * the loggers hide them: a password `ord` inside `ordinal` is no occurrence) — for scanning a run's output.
 * Returns descriptions such as `secret #2, line 3`, never the secret itself (so a failing test does not print it).
 */
export function findSecrets(text: string, secrets: readonly (string | undefined)[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, index) => {
    if (secret === undefined || secret === '') return;
    const forms = secretForms([secret]);
    forms.forEach((form, line) => {
      // A key's lines count anywhere (the loggers hide them as substrings: JSON puts `\n` right before them).
      const occurs = form === secret ? secretValuePattern(form).test(text) : text.includes(form);
      if (occurs) found.push(`secret #${index + 1}${forms.length > 1 ? `, part ${line + 1}` : ''}`);
    });
  });
  return found;
}
