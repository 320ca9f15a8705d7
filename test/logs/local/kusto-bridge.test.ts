import { analyzeKql } from '../../../src/logs/local/kusto-bridge';

describe('kusto bridge', () => {
  it('accepts a valid query against the Log Analytics schema', () => {
    expect(analyzeKql('AzureDiagnostics | where Category == "Connections" | take 1')).toEqual([]);
  });
  it('reports an unknown column with its code and position', () => {
    const [d] = analyzeKql('AzureDiagnostics | where Nope == 1');
    expect(d?.code).toBe('KS142');
    expect(d?.start).toBe(25);
  });
});
