import { ConfigError, readConfig } from '../../src/config/config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('WATCH_GRACE_SECONDS: the grace period of a watch that names none', () => {
  it('is 2 minutes by default, and when left empty', () => {
    expect(readConfig({}).watches).toEqual({ graceMs: 120_000 });
    expect(readConfig({ WATCH_GRACE_SECONDS: ' ' }).watches).toEqual({ graceMs: 120_000 });
  });

  it('reads whole seconds, from 1 to a day', () => {
    expect(readConfig({ WATCH_GRACE_SECONDS: '5' }).watches).toEqual({ graceMs: 5000 });
    expect(readConfig({ WATCH_GRACE_SECONDS: '86400' }).watches).toEqual({ graceMs: 86_400_000 });
  });

  it.each(['0', '-5', '1.5', '2m', '86401'])('refuses %s, naming the variable and the rule', (value) => {
    expect(problemsOf({ WATCH_GRACE_SECONDS: value })).toEqual([
      'WATCH_GRACE_SECONDS: must be a whole number of seconds from 1 to 86400 (a day), e.g. 120',
    ]);
  });
});
