import { formatSummary, KnowledgeError } from '../../src/knowledge/catalog';

describe('formatSummary', () => {
  it('fills the placeholders of the English summary', () => {
    expect(
      formatSummary('iothub.401003.token-renewal', 'en', { deviceId: 'thermostat-42', interval: '60 min' }),
    ).toBe(
      'thermostat-42 reconnects about every 60 min because its SDK renews the SAS token by reconnecting over MQTT. This is expected behaviour.',
    );
  });

  it('fills the placeholders of the Korean summary', () => {
    const text = formatSummary('iothub.401003.token-renewal', 'ko', {
      deviceId: 'thermostat-42',
      interval: '60분',
    });
    expect(text).toContain('장치 thermostat-42의 SDK');
    expect(text).toContain('약 60분마다');
  });

  it("writes the detectors' durations in Korean units in Korean, and leaves other values alone", () => {
    expect(
      formatSummary('iothub.404104.periodic', 'ko', { deviceId: 'meter-7', interval: '65 min' }),
    ).toContain('약 65분마다');
    expect(formatSummary('iothub.flapping', 'ko', { deviceId: 'p-4', count: 14, window: '1.5 h' })).toContain(
      '1.5시간 동안',
    );
    expect(formatSummary('iothub.404104.periodic', 'en', { deviceId: 'meter-7', interval: '2 d' })).toContain(
      'about every 2 d,',
    );
    expect(formatSummary('iothub.404104.periodic', 'ko', { deviceId: '5 min', interval: '3 d' })).toMatch(
      /^장치 5 min의 .*약 3일마다/,
    );
  });

  it('prints numbers as they are', () => {
    expect(formatSummary('fleet.mass-disconnect', 'en', { deviceCount: 120, hub: 'contoso-hub' })).toMatch(
      /^120 devices of hub contoso-hub /,
    );
  });

  it('accepts documented placeholders the summary does not use', () => {
    expect(() =>
      formatSummary('data.partial-results', 'en', {
        deviceId: 'thermostat-42',
        hub: 'contoso-hub',
        count: 3,
      }),
    ).not.toThrow();
  });

  it('throws when a placeholder the summary uses has no value', () => {
    expect(() => formatSummary('iothub.401003.token-renewal', 'en', { deviceId: 'thermostat-42' })).toThrow(
      /No value for placeholder "interval"/,
    );
  });

  it('treats an undefined value as missing', () => {
    expect(() =>
      formatSummary('iothub.401003.token-renewal', 'en', { deviceId: 'thermostat-42', interval: undefined }),
    ).toThrow(KnowledgeError);
  });

  it('throws on an unknown placeholder name (a typo in the caller)', () => {
    expect(() =>
      formatSummary('iothub.401003.token-renewal', 'en', { deviceID: 'thermostat-42', interval: '60 min' }),
    ).toThrow(/Unknown placeholder "deviceID"/);
  });

  it('does not expand placeholder syntax found inside a value', () => {
    expect(
      formatSummary('iothub.401003.token-renewal', 'en', { deviceId: '{interval}', interval: '5 min' }),
    ).toMatch(/^\{interval\} reconnects about every 5 min/);
  });
});
