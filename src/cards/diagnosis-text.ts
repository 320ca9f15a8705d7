/** The diagnosis and device-status cards' own words, in English and Korean. */
import type { Locale } from './card-data';

export interface DiagnosisText {
  readonly title: (deviceId: string) => string;
  readonly lastConnect: string;
  readonly verdict: {
    readonly problem: (title: string, more: number) => string;
    readonly healthy: string;
    readonly noData: string;
  };
  readonly lastConnectLine: (time: string, ago: string) => string;
  readonly noConnectLine: string;
  readonly findingsHeading: string;
  readonly symptoms: string;
  readonly causes: string;
  readonly fixes: string;
  readonly sdkNote: (family: string) => string;
  readonly details: string;
  /** Label before the top finding's likely cause / first fix on the collapsed card. */
  readonly likelyCause: string;
  readonly firstFix: string;
  /** The same two labels when the verdict is healthy (a benign pattern has no cause to fix). */
  readonly healthyWhy: string;
  readonly healthyAdvice: string;
  /** Toggle buttons of the collapsed card's sections. */
  readonly allFindings: (count: number) => string;
  readonly activityAndTimeline: string;
  readonly learnMore: string;
  /** The button under "Show query" that lists the device's recent events. */
  readonly showAllEvents: string;
  /** The command that button runs (the recent-events verb's typed form). */
  readonly recentEventsCommand: (deviceId: string) => string;
  readonly timelineHeading: (shown: number, total: number) => string;
  readonly timelineMore: (count: number) => string;
  readonly activityTitle: string;
  readonly activityPartial: (shown: number, total: number) => string;
  readonly activityNote: (shown: number, total: number) => string;
  readonly connects: string;
  readonly failedConnects: string;
  readonly disconnects: string;
  readonly activityFallback: (
    connects: number,
    failed: number,
    disconnects: number,
    busiest: string,
  ) => string;
  readonly busiest: (bin: string, count: number) => string;
  readonly coverage: (from: string, to: string) => string;
  readonly event: {
    readonly connect: string;
    readonly connectFailed: string;
    readonly disconnect: string;
    readonly dps: (operation: string) => string;
    /** An Event Grid event (`DeviceConnected`, `DeviceDisconnected`, `DeviceCreated`, `DeviceDeleted`). */
    readonly eventGrid: (operation: string) => string;
    readonly other: (operation: string) => string;
  };
  readonly module: (id: string) => string;
  readonly status: {
    readonly title: (deviceId: string) => string;
    readonly connected: (since: string, ago: string) => string;
    readonly disconnected: (since: string, ago: string, reason: string) => string;
    readonly unknown: string;
    readonly lastDisconnect: string;
    readonly protocol: string;
    readonly sdk: string;
    readonly auth: string;
    readonly counts: string;
    readonly countsValue: (connects: number, disconnects: number, errors: number) => string;
    readonly topFinding: string;
    readonly fullDiagnosis: string;
    readonly refresh: string;
  };
}

export const DIAGNOSIS_TEXT: Readonly<Record<Locale, DiagnosisText>> = {
  en: {
    title: (deviceId) => `Why ${deviceId} disconnected`,
    lastConnect: 'Last connect',
    verdict: {
      problem: (title, more) =>
        `Problem: ${title}${more > 0 ? ` (+${more} more finding${more > 1 ? 's' : ''})` : ''}`,
      healthy: 'No problem found: the connection to IoT Hub looks healthy in this window.',
      noData: 'No records for this device in this window.',
    },
    lastConnectLine: (time, ago) => `Last successful connect ${time} (${ago}).`,
    noConnectLine: 'No successful connect in this window.',
    findingsHeading: 'Findings',
    symptoms: 'Symptoms',
    causes: 'Causes',
    fixes: 'Fixes',
    sdkNote: (family) => `SDK note (${family})`,
    details: 'Details',
    likelyCause: 'Likely cause',
    firstFix: 'First fix',
    healthyWhy: 'Why',
    healthyAdvice: 'What to do',
    allFindings: (count) => (count > 1 ? `All ${count} findings` : 'Finding details'),
    activityAndTimeline: 'Activity & timeline',
    learnMore: 'Learn more',
    showAllEvents: 'Show all events',
    recentEventsCommand: (deviceId) => `last 50 events of ${deviceId}`,
    timelineHeading: (shown, total) =>
      shown === total
        ? `Timeline (${total} events)`
        : `Timeline: the ${shown} most relevant of ${total} events`,
    timelineMore: (count) => `${count} more events in the window: Show query lists them all.`,
    activityTitle: 'Connects and disconnects over the window',
    activityPartial: (shown, total) => `Connects and disconnects (from ${shown} of ${total} events)`,
    activityNote: (shown, total) =>
      `The chart counts the ${shown} most relevant of the device's ${total} events; earlier bins may be missing events.`,
    connects: 'Connects',
    failedConnects: 'Failed connects',
    disconnects: 'Disconnects',
    activityFallback: (connects, failed, disconnects, busiest) =>
      `Connects: ${connects}${failed > 0 ? ` · Failed connects: ${failed}` : ''} · Disconnects: ${disconnects}${busiest ? ` · ${busiest}` : ''}`,
    busiest: (bin, count) => `most disconnects at ${bin} (${count})`,
    coverage: (from, to) => `Logs in the workspace cover only ${from} to ${to} of this window.`,
    event: {
      connect: 'Connected',
      connectFailed: 'Connect failed',
      disconnect: 'Disconnected',
      dps: (operation) => `DPS ${operation}`,
      eventGrid: (operation) =>
        `Event Grid: ${
          {
            DeviceConnected: 'connected',
            DeviceDisconnected: 'disconnected',
            DeviceCreated: 'device created',
            DeviceDeleted: 'device deleted',
          }[operation] ?? operation
        }`,
      other: (operation) => operation,
    },
    module: (id) => `module ${id}`,
    status: {
      title: (deviceId) => `Status of ${deviceId}`,
      connected: (since, ago) => `Connected since ${since} (${ago})`,
      disconnected: (since, ago, reason) =>
        `Disconnected since ${since} (${ago})${reason ? `: ${reason}` : ''}`,
      unknown: 'No connect or disconnect in this window: the state is unknown.',
      lastDisconnect: 'Last disconnect',
      protocol: 'Protocol',
      sdk: 'SDK',
      auth: 'Credential',
      counts: 'In the window',
      countsValue: (connects, disconnects, errors) =>
        `${connects} connect${connects === 1 ? '' : 's'} · ${disconnects} disconnect${disconnects === 1 ? '' : 's'} · ${errors} error${errors === 1 ? '' : 's'}`,
      topFinding: 'Top finding',
      fullDiagnosis: 'Full diagnosis',
      refresh: 'Check again',
    },
  },
  ko: {
    title: (deviceId) => `${deviceId} 연결이 끊긴 이유`,
    lastConnect: '마지막 연결',
    verdict: {
      problem: (title, more) => `문제: ${title}${more > 0 ? ` (외 ${more}건)` : ''}`,
      healthy: '문제 없음: 이 기간에 IoT Hub 연결은 정상으로 보여요.',
      noData: '이 기간에 이 장치의 기록이 없어요.',
    },
    lastConnectLine: (time, ago) => `마지막 연결 성공: ${time} (${ago})`,
    noConnectLine: '이 기간에 성공한 연결이 없어요.',
    findingsHeading: '진단 결과',
    symptoms: '증상',
    causes: '원인',
    fixes: '조치',
    sdkNote: (family) => `SDK 참고 (${family})`,
    details: '자세히',
    likelyCause: '가능한 원인',
    firstFix: '먼저 할 일',
    healthyWhy: '이유',
    healthyAdvice: '할 일',
    allFindings: (count) => (count > 1 ? `발견 ${count}건 모두` : '발견 자세히'),
    activityAndTimeline: '활동 및 타임라인',
    learnMore: '자세히 알아보기',
    showAllEvents: '모든 이벤트 보기',
    recentEventsCommand: (deviceId) => `last 50 events of ${deviceId}`,
    timelineHeading: (shown, total) =>
      shown === total
        ? `타임라인 (이벤트 ${total}건)`
        : `타임라인: 이벤트 ${total}건 중 관련성 높은 ${shown}건`,
    timelineMore: (count) => `이 기간의 이벤트 ${count}건이 더 있어요. 전체는 '쿼리 보기'로 확인하세요.`,
    activityTitle: '기간 중 연결·끊김 추이',
    activityPartial: (shown, total) => `연결·끊김 추이 (이벤트 ${total}건 중 ${shown}건 기준)`,
    activityNote: (shown, total) =>
      `차트는 이 장치의 이벤트 ${total}건 중 관련성 높은 ${shown}건만 셌어요. 앞쪽 구간은 빠진 이벤트가 있을 수 있어요.`,
    connects: '연결',
    failedConnects: '연결 실패',
    disconnects: '끊김',
    activityFallback: (connects, failed, disconnects, busiest) =>
      `연결 ${connects}회${failed > 0 ? ` · 연결 실패 ${failed}회` : ''} · 끊김 ${disconnects}회${busiest ? ` · ${busiest}` : ''}`,
    busiest: (bin, count) => `${bin}에 끊김이 가장 많음(${count}회)`,
    coverage: (from, to) => `작업 영역의 로그는 이 기간 중 ${from} ~ ${to}만 있어요.`,
    event: {
      connect: '연결됨',
      connectFailed: '연결 실패',
      disconnect: '연결 끊김',
      dps: (operation) => `DPS ${operation}`,
      eventGrid: (operation) =>
        `Event Grid: ${
          {
            DeviceConnected: '연결됨',
            DeviceDisconnected: '연결 끊김',
            DeviceCreated: '장치 생성됨',
            DeviceDeleted: '장치 삭제됨',
          }[operation] ?? operation
        }`,
      other: (operation) => operation,
    },
    module: (id) => `모듈 ${id}`,
    status: {
      title: (deviceId) => `${deviceId} 상태`,
      connected: (since, ago) => `연결됨: ${since}부터 (${ago})`,
      disconnected: (since, ago, reason) => `연결 끊김: ${since}부터 (${ago})${reason ? ` · ${reason}` : ''}`,
      unknown: '이 기간에 연결·끊김 기록이 없어 상태를 알 수 없어요.',
      lastDisconnect: '마지막 끊김',
      protocol: '프로토콜',
      sdk: 'SDK',
      auth: '자격 증명',
      counts: '이 기간',
      countsValue: (connects, disconnects, errors) =>
        `연결 ${connects}회 · 끊김 ${disconnects}회 · 오류 ${errors}건`,
      topFinding: '주요 진단',
      fullDiagnosis: '전체 진단',
      refresh: '다시 확인',
    },
  },
};
