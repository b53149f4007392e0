import { describe, expect, it } from '@jest/globals';
import { K, L, LAB_METRICS, M, MARKET_METRICS, MODEL_METRICS, S, SEGMENT_METRICS } from './path-recorder.js';

describe('metric offsets', () => {
  it.each([
    [M, MODEL_METRICS],
    [L, LAB_METRICS],
    [S, SEGMENT_METRICS],
    [K, MARKET_METRICS],
  ] as const)('match the order of the metric lists', (offsets, list) => {
    expect(Object.entries(offsets)).toEqual(list.map((key, i) => [key, i]));
  });
});
