import { run } from '../../src/cli/run';

/** What one in-process `iot-triage` run printed, and its exit code. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `iot-triage <argv>` in-process with captured output and a fixed clock. */
export async function cli(argv: string[], clockIso = '2026-03-02T10:30:00Z'): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY: false,
    clock: () => new Date(clockIso),
  });
  return { code, stdout, stderr };
}

/** One Connections record as Log Analytics exports it (a JSON line). */
export function connectionRecord(
  time: string,
  hub: string,
  deviceId: string,
  operation: 'deviceConnect' | 'deviceDisconnect',
  resultType: string | null = null,
): string {
  return JSON.stringify({
    TimeGenerated: time,
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: 'IOTHUBS',
    Resource: hub,
    Category: 'Connections',
    OperationName: operation,
    Level: resultType ? 'Error' : 'Information',
    ResultType: resultType,
    DurationMs: '5',
    properties_s: JSON.stringify({ deviceId, protocol: 'Mqtt', sdkVersion: '.NET/1.42.3' }),
    Type: 'AzureDiagnostics',
  });
}
