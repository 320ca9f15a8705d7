import { parseRetryAfterInMs } from '../../../src/logs/azure/retry-after';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] });

describe('parseRetryAfterInMs', () => {
  it('reads seconds', () => expect(parseRetryAfterInMs(headers({ 'retry-after': '12' }), NOW)).toBe(12_000));
  it('reads an HTTP date relative to now', () =>
    expect(parseRetryAfterInMs(headers({ 'retry-after': 'Wed, 01 May 2024 12:00:45 GMT' }), NOW)).toBe(
      45_000,
    ));
  it('treats a date in the past as now', () =>
    expect(parseRetryAfterInMs(headers({ 'retry-after': 'Wed, 01 May 2024 11:00:00 GMT' }), NOW)).toBe(0));
  it('prefers the millisecond headers', () =>
    expect(parseRetryAfterInMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), NOW)).toBe(250));
  it('ignores garbage and absence', () => {
    expect(parseRetryAfterInMs(headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(parseRetryAfterInMs(headers({ 'retry-after': '-3' }), NOW)).toBeUndefined();
    expect(parseRetryAfterInMs(headers({}), NOW)).toBeUndefined();
  });
});
