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

describe('readConfig: storage and the alert webhook', () => {
  it('defaults to file storage in ./.data and no alert route', () => {
    const config = readConfig({});
    expect(config.storage).toEqual({ kind: 'file', path: './.data' });
    expect(config.alerts.webhookSecret).toBeUndefined();
  });

  it('reads blob storage with its connection string and container', () => {
    const config = readConfig({
      STORAGE: 'blob',
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      STORAGE_CONTAINER: 'triage-state',
    });
    expect(config.storage).toEqual({
      kind: 'blob',
      connectionString: 'UseDevelopmentStorage=true',
      container: 'triage-state',
    });
  });

  it('names what blob and cosmos storage are missing', () => {
    expect(problemsOf({ STORAGE: 'blob' }).join('\n')).toContain(
      'STORAGE_CONNECTION_STRING: required when STORAGE=blob',
    );
    const cosmos = problemsOf({ STORAGE: 'cosmos', COSMOS_ENDPOINT: 'https://x.documents.azure.com' }).join(
      '\n',
    );
    expect(cosmos).toContain('COSMOS_KEY: required');
    expect(cosmos).toContain('COSMOS_CONTAINER: required');
    expect(problemsOf({ STORAGE: 'disk' }).join('\n')).toContain(
      'STORAGE: must be one of file, blob, cosmos',
    );
  });

  it('rejects a container name Blob storage would refuse', () => {
    expect(
      problemsOf({ STORAGE: 'blob', STORAGE_CONNECTION_STRING: 'x', STORAGE_CONTAINER: 'No_Caps' }).join(
        '\n',
      ),
    ).toContain('STORAGE_CONTAINER: must be a blob container name');
  });

  it('takes an alert secret of 16+ characters and refuses a short one', () => {
    expect(readConfig({ ALERT_WEBHOOK_SECRET: 'a'.repeat(24) }).alerts.webhookSecret).toBe('a'.repeat(24));
    const problems = problemsOf({ ALERT_WEBHOOK_SECRET: 'short' });
    expect(problems.join('\n')).toContain('ALERT_WEBHOOK_SECRET: must be at least 16 characters');
    expect(problems.join('\n')).not.toContain('short');
  });
});
