import {
  codeText,
  explainCode,
  explainCodeOrFamily,
  findingForCode,
  getFinding,
  listCodes,
  listFindings,
  LOCALES,
} from '../../src/knowledge/catalog';
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
  it.each(listCodes().map((entry) => [entry.source, entry.code, entry] as const))(
    '%s %s maps only to findings of its own service that name it',
    (source, code, entry) => {
      for (const id of entry.findingIds) {
        expect(getFinding(id).codes).toContain(code);
        expect(getFinding(id).source === 'dps').toBe(source === 'dps');
      }
    },
  );

  it('every code a finding names has an entry that lists the finding', () => {
    for (const finding of listFindings()) {
      for (const code of finding.codes) {
        const entry = explainCode(`${finding.source === 'dps' ? 'dps' : 'iothub'} ${code}`);
        expect({ code, findings: entry?.findingIds }).toEqual({
          code,
          findings: expect.arrayContaining([finding.id]),
        });
      }
    }
  });

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

/** Codes from Microsoft's troubleshoot-error-codes page, one or more per family, with their names. */
const PAGE_CODES: ReadonlyArray<readonly [string, string]> = [
  ['400000', 'GenericBadRequest'],
  ['400029', 'ConnectionForcefullyClosedOnFaultInjection'],
  ['400030', 'ConnectionRejectedOnFaultInjection'],
  ['400036', 'BulkRegenerateDeviceKeyOperationFailure'],
  ['400103', 'InvalidContentEncodingOrType'],
  ['400301', 'CannotRegisterModuleToModule'],
  ['400404', 'InvalidConfigurationCustomMetricsQuery'],
  ['400508', 'InvalidDigitalTwinPatchPath'],
  ['401001', 'IotHubNotFound'],
  ['401100', 'SystemModuleModifyUnauthorizedAccess'],
  ['403001', 'IotHubSuspended'],
  ['403004', 'DeviceMaximumQueueDepthExceeded'],
  ['403005', 'IotHubMaxCbsTokenExceeded'],
  ['403006', 'DeviceMaximumActiveFileUploadLimitExceeded'],
  ['403800', 'DeviceMaximumInflightMethodExceeded'],
  ['403101', 'DeviceModelMaxIndexablePropertiesExceeded'],
  ['404012', 'IotHubFailingOver'],
  ['404103', 'DeviceNotOnline'],
  ['404302', 'GroupNotFound'],
  ['404402', 'InterfaceNameModelNotFound'],
  ['405104', 'BulkAddDevicesNotSupported'],
  ['409001', 'DeviceAlreadyExists'],
  ['409104', 'JobAlreadyExists'],
  ['409301', 'ModuleAlreadyExistsOnDevice'],
  ['409402', 'ApplyConfigurationAlreadyInProgressOnDevice'],
  ['409503', 'InterfaceNameModelAlreadyExists'],
  ['412002', 'DeviceMessageLockLost'],
  ['413202', 'InterfaceNameCompressionModelCountLimitExceeded'],
  ['415101', 'IncompatibleDataType'],
  ['429004', 'ThrottlingMaxActiveJobCountExceeded'],
  ['499000', 'ClientClosedRequest'],
  ['500302', 'ResolutionError'],
  ['500403', 'UnableToShareIdentity'],
  ['500505', 'OrphanDiscoveryDocument'],
  ['502000', 'GenericBadGateway'],
  ['503008', 'ReceiveLinkOpensThrottled'],
  ['503102', 'DeviceUnavailable'],
  ['503202', 'GroupNotAvailable'],
  ['503301', 'HostingServiceNotAvailable'],
  ['504000', 'GenericGatewayTimeout'],
];

describe('the IoT Hub error table', () => {
  it.each(PAGE_CODES)('knows %s %s as an IoT Hub code', (code, name) => {
    expect(explainCode(code)).toMatchObject({ code, name, source: 'iothub', match: 'code' });
    expect(explainCode(name)?.code).toBe(code);
  });

  it('lists codes in every family of the page, each with its family', () => {
    const families = new Set(
      listCodes()
        .filter((e) => e.source === 'iothub')
        .map((e) => e.family),
    );
    for (const family of [
      '400xxx',
      '4001xx',
      '4003xx',
      '4004xx',
      '4005xx',
      '401xxx',
      '403xxx',
      '4031xx',
      '404xxx',
      '4041xx',
      '4043xx',
      '4044xx',
      '405xxx',
      '4051xx',
      '409xxx',
      '4091xx',
      '4093xx',
      '4094xx',
      '4095xx',
      '412xxx',
      '413xxx',
      '415xxx',
      '429xxx',
      '499xxx',
      '500xxx',
      '5003xx',
      '5004xx',
      '5005xx',
      '502xxx',
      '503xxx',
      '5031xx',
      '5032xx',
      '5033xx',
      '504xxx',
    ])
      expect(families).toContain(family);
    expect(explainCode('404104')?.family).toBe('4041xx');
    expect(explainCode('400027')?.family).toBe('400xxx');
  });

  it('gives the DPS statuses of how-to-troubleshoot-dps, 403 included', () => {
    for (const status of ['400', '401', '403', '404', '405', '409', '412', '415', '429', '500'])
      expect(explainCode(`dps ${status}`)).toMatchObject({ code: status, source: 'dps' });
    expect(explainCode('dps 405')?.text.en.meaning).toMatch(/registration id/);
    expect(explainCode('dps 415')?.text.en.meaning).toMatch(/format/);
  });
});

describe('explainCodeOrFamily: unknown codes stay in their own service and family', () => {
  it('never gives an IoT Hub code a DPS meaning', () => {
    for (const code of ['404103', '412002', '400029', '400030']) {
      const entry = explainCodeOrFamily(code);
      expect(entry).toMatchObject({ source: 'iothub', code, match: 'code' });
      expect(entry?.findingIds.every((id) => id.startsWith('iothub.'))).toBe(true);
      expect(entry?.text.en.meaning).not.toMatch(/DPS|enrollment/i);
    }
    expect(explainCodeOrFamily('404103')?.findingIds).toEqual(['iothub.404103.device-not-online']);
    expect(explainCodeOrFamily('412002')?.findingIds).toEqual(['iothub.412002.c2d-lock-lost']);
    expect(explainCodeOrFamily('400029')?.findingIds).toEqual(['iothub.400029.service-upgrade']);
  });

  it('explains an unlisted IoT Hub code by its family, the longest prefix first', () => {
    expect(explainCodeOrFamily('404199')).toMatchObject({
      code: '404199',
      source: 'iothub',
      match: 'family',
      family: '4041xx',
      name: 'DeviceNotFoundErrors',
    });
    expect(explainCodeOrFamily('404777')).toMatchObject({ family: '404xxx', match: 'family' });
    expect(explainCodeOrFamily('400777')?.text.en.meaning).toMatch(/^A 400xxx code/);
    expect(explainCodeOrFamily('429009')?.findingIds).toEqual(['iothub.429001.throttled']);
    expect(explainCodeOrFamily('503777')?.findingIds).toEqual(['iothub.500.transient']);
    expect(explainCodeOrFamily('iothub 412777')?.source).toBe('iothub');
  });

  it('explains an unlisted DPS code by its HTTP status, only when dps is said or the code is 3 digits', () => {
    expect(explainCodeOrFamily('dps 404203')).toMatchObject({
      code: '404203',
      source: 'dps',
      family: '404',
      match: 'family',
      findingIds: ['dps.404.not-found'],
    });
    expect(explainCodeOrFamily('dps 503')).toMatchObject({ source: 'dps', findingIds: ['dps.500.internal'] });
    expect(explainCodeOrFamily('404203')?.source).toBe('iothub');
    expect(explainCodeOrFamily('404201')).toMatchObject({ source: 'dps', name: 'EnrollmentNotFound' });
  });

  it('has no answer outside every family, or for names it does not know', () => {
    expect(explainCodeOrFamily('999999')).toBeUndefined();
    expect(explainCodeOrFamily('dps 999')).toBeUndefined();
    expect(explainCodeOrFamily('NoSuchError')).toBeUndefined();
  });

  it('findingForCode names the one finding a code points to, for breakdown rows', () => {
    expect(findingForCode('403004')).toBe('iothub.403004.c2d-queue-full');
    expect(findingForCode('503001')).toBe('iothub.500.transient');
    expect(findingForCode('429777')).toBe('iothub.429001.throttled');
    expect(findingForCode('401003')).toBeUndefined();
    expect(findingForCode('409', 'dps')).toBe('dps.409.conflict');
  });
});
