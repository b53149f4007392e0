import { describe, expect, it } from '@jest/globals';
import { GENERIC_MESSAGE, makeFormatError } from './format-graphql-error.js';

describe(makeFormatError.name, () => {
  const internal = {
    message: 'connect ECONNREFUSED 10.0.0.5:5432 at PrismaService.query',
    path: ['scenario'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: connect ECONNREFUSED', '    at x.ts:1'] },
  };

  it('hides the message and stack of an internal error outside development', () => {
    for (const env of ['production', 'test']) {
      expect(makeFormatError(env, true)(internal, new Error('x'))).toEqual({
        message: GENERIC_MESSAGE,
        path: ['scenario'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
  });

  it('treats an error with no code or an unknown code as internal', () => {
    const format = makeFormatError('production', true);
    expect(format({ message: 'secret detail' }, new Error('x')).message).toBe(GENERIC_MESSAGE);
    expect(format({ message: 'secret detail', extensions: { code: 'ECONNRESET' } }, new Error('x')).message).toBe(GENERIC_MESSAGE);
  });

  it('keeps BAD_USER_INPUT messages and fields, without the stack', () => {
    const formatted = makeFormatError('production', true)(
      { message: 'paths must be at most 100000', extensions: { code: 'BAD_USER_INPUT', field: 'paths', stacktrace: ['s'] } },
      new Error('x'),
    );
    expect(formatted).toEqual({ message: 'paths must be at most 100000', extensions: { code: 'BAD_USER_INPUT', field: 'paths' } });
  });

  it('keeps the state errors a client can act on (cancel a finished run, read a running one)', () => {
    const format = makeFormatError('production', true);
    for (const code of ['FAILED_PRECONDITION', 'CONFLICT', 'NOT_FOUND']) {
      const formatted = format({ message: 'run is SUCCEEDED; only QUEUED or RUNNING runs can be cancelled', extensions: { code } }, new Error('x'));
      expect(formatted).toEqual({ message: 'run is SUCCEEDED; only QUEUED or RUNNING runs can be cancelled', extensions: { code } });
    }
  });

  it('drops field suggestions when introspection is off', () => {
    const formatted = makeFormatError('production', false)(
      { message: 'Cannot query field "scenarioz" on type "Query". Did you mean "scenario" or "scenarios"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      new Error('x'),
    );
    expect(formatted.message).toBe('Cannot query field "scenarioz" on type "Query".');
  });

  it('passes everything through in development', () => {
    expect(makeFormatError('development', true)(internal, new Error('x'))).toBe(internal);
  });
});
