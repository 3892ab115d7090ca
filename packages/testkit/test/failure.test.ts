import { failure, failureProblems } from '@pgsinger/testkit';

describe('failure', () => {
  it('returns the one CRITICAL line of a clean failure', () => {
    const stderr = 'INFO starting\nCRITICAL Cannot connect to PostgreSQL at db:5432/app: refused — check the host\n';
    expect(failure({ code: 1, stderr })).toBe(
      'CRITICAL Cannot connect to PostgreSQL at db:5432/app: refused — check the host',
    );
    expect(failureProblems({ code: 1, stderr })).toEqual([]);
  });

  it.each([
    ['exit 0', { code: 0, stderr: 'CRITICAL x\n' }, /exit code 0, expected non-zero/],
    ['killed (no exit code)', { code: null, stderr: 'CRITICAL x\n' }, /exit code null/],
    ['no CRITICAL line', { code: 1, stderr: 'ERROR x\n' }, /0 CRITICAL lines, expected one/],
    ['two CRITICAL lines', { code: 1, stderr: 'CRITICAL a\nCRITICAL b\n' }, /2 CRITICAL lines/],
    ['a stack trace', { code: 1, stderr: 'CRITICAL Error: x\n    at f (/a/b.js:1:2)\n' }, /a stack trace/],
  ])('throws, quoting stderr, on %s', (_name, result, problem) => {
    expect(() => failure(result)).toThrow(problem);
    expect(() => failure(result)).toThrow(result.stderr.trim().split('\n')[0]);
    expect(failureProblems(result)).toHaveLength(1);
  });
});
