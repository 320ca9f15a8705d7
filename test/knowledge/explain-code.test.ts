import { codeText, explainCode, getFinding, listCodes, LOCALES } from '../../src/knowledge/catalog';
import { CONTRACT_CODES } from './contract-ids';

describe('explainCode', () => {
  it.each(CONTRACT_CODES)('explains %s (%s) without logs', (code, source) => {
    const entry = explainCode(code);
    expect(entry?.code).toBe(code);
    expect(entry?.source).toBe(source);
  });

  it('accepts surrounding spaces', () => {
    expect(explainCode(' 401003 ')?.name).toBe('IoTHubUnauthorized');
  });

  it('accepts the error name in any case', () => {
    expect(explainCode('IoTHubUnauthorized')?.code).toBe('401003');
    expect(explainCode('iothubunauthorized')?.code).toBe('401003');
    expect(explainCode('  deviceConnectionClosedRemotely ')?.code).toBe('404104');
    expect(explainCode('EnrollmentGroupNotFound')?.code).toBe('404204');
  });

  it('accepts the code followed by its name, as the logs print it', () => {
    expect(explainCode('404104 DeviceConnectionClosedRemotely')?.code).toBe('404104');
  });

  it('accepts a service prefix', () => {
    expect(explainCode('dps 401')?.source).toBe('dps');
    expect(explainCode('DPS:404201')?.name).toBe('EnrollmentNotFound');
    expect(explainCode('dps401')?.code).toBe('401');
    expect(explainCode('iothub 401003')?.code).toBe('401003');
    expect(explainCode('IoT Hub 409002')?.name).toBe('LinkCreationConflict');
  });

  it('does not cross services when a prefix is given', () => {
    expect(explainCode('iothub 401')).toBeUndefined();
    expect(explainCode('dps 401003')).toBeUndefined();
    expect(explainCode('dps IoTHubUnauthorized')).toBeUndefined();
  });

  it('returns undefined for unknown or empty input', () => {
    expect(explainCode('999999')).toBeUndefined();
    expect(explainCode('4010')).toBeUndefined();
    expect(explainCode('')).toBeUndefined();
    expect(explainCode('   ')).toBeUndefined();
    expect(explainCode('dps')).toBeUndefined();
    expect(explainCode('Unauthorizedd')).toBeUndefined();
  });
});

describe('code entries', () => {
  it.each(listCodes().map((entry) => [entry.code, entry] as const))(
    '%s maps to existing findings',
    (_code, entry) => {
      expect(entry.findingIds.length).toBeGreaterThan(0);
      for (const id of entry.findingIds) expect(getFinding(id).codes).toContain(entry.code);
    },
  );

  it.each(listCodes().map((entry) => [entry.code, entry] as const))(
    '%s has en and ko text',
    (_code, entry) => {
      for (const locale of LOCALES) {
        expect(codeText(entry, locale).meaning.trim()).not.toBe('');
        expect(codeText(entry, locale).whatToDo.trim()).not.toBe('');
      }
      expect(codeText(entry, 'ko').meaning).toMatch(/[\uAC00-\uD7A3]/);
      expect(codeText(entry, 'ko').whatToDo).toMatch(/[\uAC00-\uD7A3]/);
    },
  );

  it('DPS codes carry the meaning of the troubleshooting table', () => {
    expect(explainCode('dps 400')?.text.en.meaning).toMatch(/parsed|validation/);
    expect(explainCode('dps 401')?.text.en.meaning).toMatch(/TPM attestation/);
    expect(explainCode('dps 404')?.text.en.meaning).toMatch(/does not exist/);
    expect(explainCode('dps 412')?.text.en.meaning).toMatch(/ETag.*RFC 7232/);
    expect(explainCode('dps 429')?.text.en.meaning).toMatch(/throttling/);
    expect(explainCode('dps 500')?.text.en.meaning).toMatch(/internal error/);
  });

  it('401 maps to both the real failure and the benign TPM step', () => {
    expect(explainCode('dps 401')?.findingIds).toEqual(
      expect.arrayContaining(['dps.401.unauthorized', 'dps.401.tpm-challenge']),
    );
  });
});
