import { isoDurationToMs } from '../../../src/logs/azure/iso-duration';

describe('isoDurationToMs', () => {
  it.each([
    ['PT24H', 86_400_000],
    ['P7D', 604_800_000],
    ['P1W', 604_800_000],
    ['P1DT12H30M', 131_400_000],
    ['PT0.5S', 500],
    ['PT15M', 900_000],
  ])('%s is %d ms', (text, ms) => {
    expect(isoDurationToMs(text)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'PT', 'P', '24h', ''])('refuses %j', (text) => {
    expect(() => isoDurationToMs(text)).toThrow(RangeError);
  });
});
