/** The fleet cards' own words (hub errors, top devices, DPS summary), in English and Korean. */
import type { Locale } from './card-data';

export interface FleetText {
  readonly hubErrors: {
    readonly title: (hub: string | undefined) => string;
    readonly total: (errors: number, codes: number) => string;
    readonly trendTitle: (binLabel: string) => string;
    readonly trendFallback: (peak: string, errors: number) => string;
    readonly errors: (count: number) => string;
    readonly devices: (count: number) => string;
    readonly lastSeen: string;
    readonly topDevices: string;
    readonly other: string;
  };
  readonly topDevices: {
    readonly title: (hub: string | undefined) => string;
    readonly summary: (devices: number, disconnects: number) => string;
    readonly chartTitle: string;
    readonly chartFallback: (top: string) => string;
    readonly row: (disconnects: number, errors: number) => string;
    /** Token renewal cycles of a row: expected, named as such so nobody chases them. */
    readonly renewals: (renewals: number) => string;
    readonly last: string;
    readonly hubErrors: string;
    readonly diagnose: string;
  };
  readonly dps: {
    readonly title: (dps: string | undefined) => string;
    readonly failures: (failures: number, groups: number) => string;
    readonly noFailures: string;
    readonly chartTitle: string;
    readonly chartFallback: (parts: string) => string;
    readonly metricsHeading: string;
    readonly metricNames: Readonly<Record<string, string>>;
    readonly row: (failures: number, ids: number) => string;
    readonly category: Readonly<Record<string, string>>;
    readonly lastSeen: string;
  };
  readonly bin: (minutes: number) => string;
  /**
   * Under a summary: the token renewal cycles of the whole window and scope and the devices that
   * renewed, named as expected and left out of the counts (of disconnects or of errors).
   */
  readonly renewalsApart: (cycles: number, devices: number, apartFrom: 'disconnects' | 'errors') => string;
}

export const FLEET_TEXT: Readonly<Record<Locale, FleetText>> = {
  en: {
    hubErrors: {
      title: (hub) => (hub ? `Errors on ${hub}` : 'IoT Hub errors'),
      total: (errors, codes) => `${errors} errors with ${codes} different code${codes === 1 ? '' : 's'}.`,
      trendTitle: (binLabel) => `Errors per ${binLabel}, by code`,
      trendFallback: (peak, errors) => `Busiest ${peak} with ${errors} errors.`,
      errors: (count) => `${count} error${count === 1 ? '' : 's'}`,
      devices: (count) => `${count} device${count === 1 ? '' : 's'}`,
      lastSeen: 'last',
      topDevices: 'Top disconnecting devices',
      other: 'other',
    },
    topDevices: {
      title: (hub) => (hub ? `Devices disconnecting most on ${hub}` : 'Devices disconnecting most'),
      summary: (devices, disconnects) => `${devices} devices with ${disconnects} disconnects in total.`,
      chartTitle: 'Disconnects per device',
      chartFallback: (top) => `Ranked first (most failed disconnects): ${top}.`,
      row: (disconnects, errors) =>
        `${disconnects} disconnect${disconnects === 1 ? '' : 's'} · ${errors} error${errors === 1 ? '' : 's'}`,
      renewals: (renewals) => `${renewals} token renewal${renewals === 1 ? '' : 's'} (expected)`,
      last: 'last',
      hubErrors: 'Hub errors',
      diagnose: 'Diagnose',
    },
    dps: {
      title: (dps) => (dps ? `Provisioning on ${dps}` : 'Device Provisioning Service'),
      failures: (failures, groups) =>
        `${failures} failed operations in ${groups} group${groups === 1 ? '' : 's'}.`,
      noFailures: 'No failed DPS operations in this window.',
      chartTitle: 'Failures by status',
      chartFallback: (parts) => `Failures by status: ${parts}.`,
      metricsHeading: 'Metrics (totals over the window)',
      metricNames: {
        AttestationAttempts: 'Attestation attempts',
        RegistrationAttempts: 'Registration attempts',
        DeviceAssignments: 'Device assignments',
      },
      row: (failures, ids) =>
        `${failures} failure${failures === 1 ? '' : 's'} · ${ids} registration id${ids === 1 ? '' : 's'}`,
      category: { DeviceOperations: 'device side', ServiceOperations: 'service side' },
      lastSeen: 'last',
    },
    bin: (minutes) =>
      minutes >= 1440
        ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
        : minutes >= 60
          ? `${minutes / 60} h`
          : `${minutes} min`,
    renewalsApart: (cycles, devices, apartFrom) =>
      `${cycles} SAS token renewal${cycles === 1 ? '' : 's'} on ${devices} device${devices === 1 ? '' : 's'} (a 401003 then a 404104, then a reconnect) ${cycles === 1 ? 'is' : 'are'} expected behaviour: counted apart, not as ${apartFrom}.`,
  },
  ko: {
    hubErrors: {
      title: (hub) => (hub ? `${hub} 허브 오류` : 'IoT Hub 오류'),
      total: (errors, codes) => `오류 ${errors}건, 코드 ${codes}종류`,
      trendTitle: (binLabel) => `${binLabel} 단위 코드별 오류`,
      trendFallback: (peak, errors) => `가장 많은 시점: ${peak} (${errors}건)`,
      errors: (count) => `오류 ${count}건`,
      devices: (count) => `장치 ${count}대`,
      lastSeen: '마지막',
      topDevices: '자주 끊기는 장치',
      other: '기타',
    },
    topDevices: {
      title: (hub) => (hub ? `${hub}에서 자주 끊기는 장치` : '자주 끊기는 장치'),
      summary: (devices, disconnects) => `장치 ${devices}대, 끊김 총 ${disconnects}회`,
      chartTitle: '장치별 끊김 횟수',
      chartFallback: (top) => `1위(실패한 끊김이 가장 많음): ${top}`,
      row: (disconnects, errors) => `끊김 ${disconnects}회 · 오류 ${errors}건`,
      renewals: (renewals) => `토큰 갱신 ${renewals}회(정상)`,
      last: '마지막',
      hubErrors: '허브 오류',
      diagnose: '진단',
    },
    dps: {
      title: (dps) => (dps ? `${dps} 프로비저닝` : 'DPS(Device Provisioning Service)'),
      failures: (failures, groups) => `실패한 작업 ${failures}건 (${groups}개 유형)`,
      noFailures: '이 기간에 실패한 DPS 작업이 없어요.',
      chartTitle: '상태 코드별 실패',
      chartFallback: (parts) => `상태 코드별 실패: ${parts}`,
      metricsHeading: '메트릭 (기간 합계)',
      metricNames: {
        AttestationAttempts: '증명 시도',
        RegistrationAttempts: '등록 시도',
        DeviceAssignments: '장치 할당',
      },
      row: (failures, ids) => `실패 ${failures}건 · 등록 ID ${ids}개`,
      category: { DeviceOperations: '장치 측', ServiceOperations: '서비스 측' },
      lastSeen: '마지막',
    },
    bin: (minutes) =>
      minutes >= 1440 ? `${minutes / 1440}일` : minutes >= 60 ? `${minutes / 60}시간` : `${minutes}분`,
    renewalsApart: (cycles, devices, apartFrom) =>
      `장치 ${devices}대의 SAS 토큰 갱신 ${cycles}회(401003 다음 404104, 이어서 재연결)는 정상 동작이라 ${apartFrom === 'errors' ? '오류' : '끊김'}에서 빼고 따로 셌습니다.`,
  },
};
