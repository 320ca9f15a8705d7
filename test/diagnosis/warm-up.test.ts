import { diagnose, warmUpQuestions, type TimeWindow } from '../../src/diagnosis';
import { hubErrorBreakdown } from '../../src/diagnosis/fleet';
import type { LogsBackend } from '../../src/logs/backend';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { parseKql } from '../../src/logs/local/kusto-bridge';
import { demoLogs } from '../support/demo-logs';

const END = new Date('2026-03-02T10:00:00Z');
const lastDay: TimeWindow = { start: new Date(END.getTime() - 86_400_000), end: END };

function countingDemo(): { logs: LogsBackend; parses: () => number } {
  let parses = 0;
  const logs = demoLogs(END, END, {
    parse: (kql) => {
      parses++;
      return parseKql(kql);
    },
  });
  return { logs, parses: () => parses };
}

describe('warmUpQuestions', () => {
  it('leaves nothing to parse for the first diagnosis and fleet question users ask', async () => {
    const { logs, parses } = countingDemo();
    const asked = await warmUpQuestions(lastDay, { logs, now: () => END });
    expect(asked).toBeGreaterThanOrEqual(4);
    const afterWarmUp = parses();
    expect(afterWarmUp).toBeGreaterThan(0);

    // Another device, another day-long window (the default; the trend bin follows the length): no new parse.
    const window = {
      start: new Date(END.getTime() - 86_400_000 - 90_000),
      end: new Date(END.getTime() - 90_000),
    };
    const diagnosis = await diagnose({ deviceId: 'thermostat-0042', window }, { logs, now: () => END });
    expect(diagnosis.request.deviceId).toBe('thermostat-0042');
    await hubErrorBreakdown({ window }, { logs });
    expect(parses()).toBe(afterWarmUp);
  });

  it('never throws: logs that fail every query only make the first question slower', async () => {
    const failing: LogsBackend = {
      description: new LocalLogsBackend(new LocalLogsEngine()).description,
      query: () => Promise.reject(new Error('logs are down')),
      queryBatch: () => Promise.reject(new Error('logs are down')),
    };
    await expect(warmUpQuestions(lastDay, { logs: failing, now: () => END })).resolves.toBe(0);
  });
});
