import { SchemaError } from '../../src/errors';
import { TableClaims } from '../../src/schema/table-claims';

describe('tables-colliding-after-hyphen: two streams on one destination table', () => {
  it('refuses the second stream with an error naming both', () => {
    const claims = new TableClaims();
    claims.claim({ sourceSchema: null, schema: 's', table: 'side' }, 'left-side', 3);
    claims.claim({ sourceSchema: null, schema: 's', table: 'side' }, 'left-side', 9); // same stream again: fine
    claims.claim({ sourceSchema: null, schema: 'other', table: 'side' }, 'x-side', 10);
    expect(() => claims.claim({ sourceSchema: null, schema: 's', table: 'side' }, 'right-side', 12)).toThrow(
      SchemaError,
    );
    expect(() => claims.claim({ sourceSchema: null, schema: 's', table: 'side' }, 'right-side', 12)).toThrow(
      /line 12: streams left-side and right-side both map to table s\.side/,
    );
  });
});
