import { describe, expect, it } from '@jest/globals';
import { InvalidRunInputError } from './run.types.js';
import { checkStartRunInput } from './runs.service.js';

describe(checkStartRunInput.name, () => {
  it('fills defaults: the document\'s periods, one chunk per worker of 1,000 to 2,500 paths, priority 0', () => {
    expect(checkStartRunInput({ paths: 1000, seed: 1 }, 36)).toEqual({
      paths: 1000,
      seed: 1,
      periods: 36,
      chunkSize: 1000,
      chunksTotal: 1,
      priority: 0,
      label: null,
      idempotencyKey: null,
      keepPaths: false,
    });
    // Fewer than 1,000 paths a worker: one chunk (a split would cost more than it saves).
    expect(checkStartRunInput({ paths: 1000, seed: 1 }, 36, 2)).toMatchObject({ chunkSize: 1000, chunksTotal: 1 });
    expect(checkStartRunInput({ paths: 1999, seed: 1 }, 36, 2)).toMatchObject({ chunkSize: 1999, chunksTotal: 1 });
    expect(checkStartRunInput({ paths: 2, seed: 1 }, 36, 4)).toMatchObject({ chunkSize: 2, chunksTotal: 1 });
    expect(checkStartRunInput({ paths: 2000, seed: 1 }, 36, 2)).toMatchObject({ chunkSize: 1000, chunksTotal: 2 });
    expect(checkStartRunInput({ paths: 3001, seed: 1 }, 36, 3)).toMatchObject({ chunkSize: 1001, chunksTotal: 3 });
    expect(checkStartRunInput({ paths: 3001, seed: 1 }, 36, 8)).toMatchObject({ chunkSize: 1001, chunksTotal: 3 });
    expect(checkStartRunInput({ paths: 10_000, seed: 1 }, 36, 2)).toMatchObject({ chunkSize: 2500, chunksTotal: 4 });
    expect(checkStartRunInput({ paths: 100_000, seed: 1 }, 36, 2)).toMatchObject({ chunkSize: 2500, chunksTotal: 40 });
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
