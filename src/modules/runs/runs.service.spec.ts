import { describe, expect, it } from '@jest/globals';
import { InvalidRunInputError } from './run.types.js';
import { checkStartRunInput } from './runs.service.js';

describe(checkStartRunInput.name, () => {
  it('fills defaults: the document\'s periods, about 16 chunks of 10..250 paths, priority 0', () => {
    expect(checkStartRunInput({ paths: 1000, seed: 1 }, 36)).toEqual({
      paths: 1000,
      seed: 1,
      periods: 36,
      chunkSize: 63,
      chunksTotal: 16,
      priority: 0,
      label: null,
      idempotencyKey: null,
      keepPaths: false,
    });
    expect(checkStartRunInput({ paths: 6, seed: 1 }, 36)).toMatchObject({ chunkSize: 6, chunksTotal: 1 });
    expect(checkStartRunInput({ paths: 100_000, seed: 1 }, 36)).toMatchObject({ chunkSize: 250, chunksTotal: 400 });
    expect(checkStartRunInput({ paths: 7, seed: 1, chunkSize: 3, periods: 5 }, 36)).toMatchObject({ chunkSize: 3, chunksTotal: 3, periods: 5 });
  });

  it.each([
    [{ paths: 0, seed: 1 }, 'paths'],
    [{ paths: 1.5, seed: 1 }, 'paths'],
    [{ paths: 10, seed: 2 ** 31 }, 'seed'],
    [{ paths: 10, seed: 1, periods: 0 }, 'periods'],
    // 1,000 chunks at most: 100,000 paths need chunks of 100 or more.
    [{ paths: 100_000, seed: 1, chunkSize: 99 }, 'chunkSize'],
    [{ paths: 10, seed: 1, chunkSize: 11 }, 'chunkSize'],
    [{ paths: 10, seed: 1, priority: -1 }, 'priority'],
    [{ paths: 10, seed: 1, label: 'x'.repeat(201) }, 'label'],
    [{ paths: 10, seed: 1, idempotencyKey: '' }, 'idempotencyKey'],
    [{ paths: 101, seed: 1, keepPaths: true }, 'keepPaths'],
  ])('refuses %j naming %s', (input, field) => {
    let error: unknown;
    try {
      checkStartRunInput(input, 12);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidRunInputError);
    expect((error as InvalidRunInputError).field).toBe(field);
  });
});
