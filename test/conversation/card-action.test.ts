import type { AnyCommand } from '../../src/conversation/command';
import { VERB_REGISTRY } from '../../src/conversation/verb-table';

const parseCardAction = (payload: unknown, at: Date) => VERB_REGISTRY.parseButton(payload, at);
const actionFor = (command: AnyCommand) => VERB_REGISTRY.buttonFor(command);
import type { Command } from '../../src/conversation/command';

const now = new Date('2026-03-02T10:30:00Z');
const day = { start: '2026-03-01T10:30:00.000Z', end: '2026-03-02T10:30:00.000Z' };

describe('card button payloads (untrusted) become the same commands as typed text', () => {
  it('turns each kind of button into its command', () => {
    expect(
      parseCardAction(
        {
          cmd: 'diagnose',
          deviceId: 'thermostat-0042',
          hub: 'CONTOSO-FLEET-HUB',
          start: '2026-02-23T10:30:00Z',
          end: day.end,
        },
        now,
      ),
    ).toEqual({
      kind: 'command',
      command: {
        verb: 'diagnose',
        deviceId: 'thermostat-0042',
        hub: 'CONTOSO-FLEET-HUB',
        window: { start: '2026-02-23T10:30:00.000Z', end: day.end },
      },
    });
    expect(parseCardAction({ cmd: 'status', deviceId: 'pump-station-4' }, now)).toEqual({
      kind: 'command',
      command: { verb: 'status', deviceId: 'pump-station-4', window: day },
    });
    expect(parseCardAction({ cmd: 'explain', code: '401003' }, now)).toEqual({
      kind: 'command',
      command: { verb: 'explain', code: '401003' },
    });
    expect(parseCardAction({ cmd: 'top-disconnects', hub: 'CONTOSO-FLEET-HUB' }, now)).toEqual({
      kind: 'command',
      command: { verb: 'top-disconnects', hub: 'CONTOSO-FLEET-HUB', window: day },
    });
    expect(parseCardAction({ cmd: 'dps-errors', dps: 'CONTOSO-FLEET-DPS', ...day }, now)).toEqual({
      kind: 'command',
      command: { verb: 'dps-errors', dps: 'CONTOSO-FLEET-DPS', window: day },
    });
    expect(parseCardAction({ cmd: 'text', text: 'help' }, now)).toEqual({ kind: 'text', text: 'help' });
  });

  it('ignores extra fields a client adds (Teams puts msteams data beside it)', () => {
    expect(
      parseCardAction({ cmd: 'explain', code: '404104', msteams: { type: 'messageBack' } }, now),
    ).toMatchObject({
      kind: 'command',
      command: { verb: 'explain', code: '404104' },
    });
  });

  it('rejects ids that break the KQL literal rules, like typed text', () => {
    const parsed = parseCardAction({ cmd: 'diagnose', deviceId: 'x" | take 1 //' }, now);
    expect(parsed.kind).toBe('invalid');
    expect(parseCardAction({ cmd: 'hub-errors', hub: 'hub name with spaces' }, now).kind).toBe('invalid');
  });

  it.each([
    [null],
    ['diagnose thermostat-0042'],
    [{}],
    [{ cmd: 'drop-table' }],
    [{ cmd: 'diagnose' }],
    [{ cmd: 'diagnose', deviceId: 42 }],
    [{ cmd: 'diagnose', deviceId: 'ok-id', start: 'yesterday', end: 'today' }],
    [{ cmd: 'explain', code: '<script>' }],
    [{ cmd: 'text', text: 'x'.repeat(501) }],
  ])('refuses a malformed payload: %j', (payload) => {
    expect(parseCardAction(payload, now)).toEqual({ kind: 'unknown' });
  });

  it('gives every command a button that asks it again (Retry)', () => {
    const commands: Command[] = [
      { verb: 'diagnose', deviceId: 'thermostat-0042', hub: 'CONTOSO-FLEET-HUB', window: day },
      { verb: 'status', deviceId: 'thermostat-0042', window: day },
      { verb: 'hub-errors', hub: 'CONTOSO-FLEET-HUB', window: day },
      { verb: 'top-disconnects', window: day },
      { verb: 'dps-errors', dps: 'CONTOSO-FLEET-DPS', window: day },
      { verb: 'explain', code: '401003' },
    ];
    for (const command of commands) {
      const parsed = parseCardAction(actionFor(command), now);
      expect(parsed).toEqual({ kind: 'command', command });
    }
  });
});
