/**
 * Every word of the incident card and the storm digest, in English and Korean. A card posted in a
 * conversation is read by the whole on-call team, so the texts live in one table per language
 * (like diagnosis-text.ts) and the mapper never builds a sentence itself.
 */
import type { Severity } from '../knowledge/catalog';
import type { Locale } from './card-data';
import { COMMON_TEXT } from './common-text';

/** What the store keeps as an incident's status. */
export type IncidentStatusName = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

export interface IncidentText {
  readonly facts: {
    readonly incident: string;
    readonly rule: string;
    readonly severity: string;
    readonly resource: string;
    readonly fired: string;
    readonly condition: string;
    readonly dimensions: string;
    readonly assignedTo: string;
    readonly resolution: string;
  };
  readonly resourceNotGiven: string;
  /** One alert condition as a sentence: "Count of matching log rows was 12, above the threshold of 3". */
  readonly conditionSentence: (
    what: string,
    aggregation: string | undefined,
    value: string,
    operator: string | undefined,
    threshold: string | undefined,
  ) => string;
  readonly status: {
    readonly open: string;
    readonly acknowledged: (assignee: string | undefined) => string;
    readonly snoozedUntil: (time: string) => string;
    readonly snoozeEnded: string;
    readonly resolved: (time: string | undefined) => string;
  };
  /** One word per status, for lists and notification previews. */
  readonly statusWord: Readonly<Record<IncidentStatusName, string>>;
  readonly timelineHeading: string;
  /** Timeline entries: "<time> · <who> · <what>". */
  readonly timeline: {
    readonly fired: string;
    readonly resolvedByMonitor: string;
    readonly acknowledged: string;
    readonly assigned: (to: string) => string;
    readonly snoozed: (until: string | undefined) => string;
    readonly resolved: (note: string | undefined) => string;
    readonly diagnosed: string;
  };
  readonly buttons: {
    readonly acknowledge: string;
    readonly assignToMe: string;
    readonly snooze: string;
    readonly diagnoseAgain: string;
    readonly resolve: string;
    readonly resolveNote: string;
    readonly resolveNotePlaceholder: string;
    readonly showQuery: string;
    readonly openAlert: string;
    readonly refresh: string;
  };
  readonly diagnosis: {
    readonly runningHeading: string;
    readonly runningLine: string;
    readonly deviceHeading: (deviceId: string) => string;
    readonly fleetHeading: (subject: string | undefined) => string;
    readonly heading: string;
    readonly noRecords: string;
    readonly noProblem: string;
    readonly noErrors: string;
    readonly finding: (title: string, severity: string, count: number | undefined) => string;
    /** The device's state from its latest connection event. */
    readonly connectedSince: (since: string) => string;
    readonly offlineFor: (minutes: number, since: string) => string;
    readonly fleetRow: (
      code: string,
      name: string,
      errors: number,
      devices: number,
      finding: string | undefined,
    ) => string;
    readonly notAboutIot: string;
    readonly failed: (detail: string) => string;
    readonly partial: string;
    readonly truncated: string;
  };
  readonly digest: {
    readonly title: (count: number, rule: string) => string;
    readonly intro: (since: string, open: number) => string;
    readonly unknownResource: string;
    readonly open: string;
    readonly summary: (count: number, rule: string) => string;
  };
}

/** Azure Monitor's condition operators as words. */
const EN_OPERATORS: Readonly<Record<string, string>> = {
  GreaterThan: 'above',
  GreaterThanOrEqual: 'at or above',
  LessThan: 'below',
  LessThanOrEqual: 'at or below',
  Equal: 'equal to',
};

const KO_OPERATORS: Readonly<Record<string, string>> = {
  GreaterThan: '초과',
  GreaterThanOrEqual: '이상',
  LessThan: '미만',
  LessThanOrEqual: '이하',
  Equal: '와 같음',
};

export const INCIDENT_TEXT: Readonly<Record<Locale, IncidentText>> = {
  en: {
    facts: {
      incident: 'Incident',
      rule: 'Rule',
      severity: 'Severity',
      resource: 'Resource',
      fired: 'Fired',
      condition: 'Condition',
      dimensions: 'Dimensions',
      assignedTo: 'Assigned to',
      resolution: 'Resolution',
    },
    resourceNotGiven: 'not given',
    conditionSentence: (what, aggregation, value, operator, threshold) => {
      const subject =
        what === 'Log query results'
          ? aggregation === undefined || aggregation === 'Count'
            ? 'Count of matching log rows'
            : `${aggregation} of the log query results`
          : `${aggregation ?? 'Value'} of ${what}`;
      const relation = EN_OPERATORS[operator ?? ''];
      return threshold !== undefined && relation !== undefined
        ? `${subject} was ${value}, ${relation} the threshold of ${threshold}`
        : `${subject} was ${value}`;
    },
    status: {
      open: 'Open',
      acknowledged: (assignee) => (assignee ? `Acknowledged · ${assignee}` : 'Acknowledged'),
      snoozedUntil: (time) => `Snoozed until ${time}`,
      snoozeEnded: 'Open (snooze ended)',
      resolved: (time) => `Resolved${time ? ` ${time}` : ''}`,
    },
    statusWord: { open: 'open', acknowledged: 'acknowledged', snoozed: 'snoozed', resolved: 'resolved' },
    timelineHeading: 'Timeline',
    timeline: {
      fired: 'fired',
      resolvedByMonitor: 'resolved (Azure Monitor)',
      acknowledged: 'acknowledged',
      assigned: (to) => `assigned to ${to}`,
      snoozed: (until) => (until ? `snoozed until ${until}` : 'snoozed'),
      resolved: (note) => (note ? `resolved ${note}` : 'resolved'),
      diagnosed: 'diagnosis made',
    },
    buttons: {
      acknowledge: 'Acknowledge',
      assignToMe: 'Assign to me',
      snooze: 'Snooze 1h',
      diagnoseAgain: COMMON_TEXT.en.diagnoseAgain,
      resolve: 'Resolve',
      resolveNote: 'Resolution note',
      resolveNotePlaceholder: 'What fixed it?',
      showQuery: COMMON_TEXT.en.showQuery,
      openAlert: 'Open alert in Azure',
      refresh: 'Refresh',
    },
    diagnosis: {
      runningHeading: 'Diagnosis: running…',
      runningLine: 'The logs are being checked; this card updates when the diagnosis is ready.',
      deviceHeading: (deviceId) => `Diagnosis for device ${deviceId}`.trim(),
      fleetHeading: (subject) => `What the logs show for ${subject ?? 'the fleet'} in the alert window`,
      heading: 'Diagnosis',
      noRecords: 'No records for this device in the alert window.',
      noProblem: 'No problem found in the logs.',
      noErrors: 'No errors in the logs for the alert window.',
      finding: (title, severity, count) =>
        `• ${title} (${severity}${count !== undefined && count > 0 ? ` · ${count} event${count > 1 ? 's' : ''}` : ''})`,
      connectedSince: (since) => `Device connected since ${since}`,
      offlineFor: (minutes, since) =>
        `Device offline for ${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} (since ${since})`,
      fleetRow: (code, name, errors, devices, finding) =>
        `• ${code} ${name}: ${errors} errors, ${devices} devices${finding ? ` → ${finding}` : ''}`,
      notAboutIot: 'The alert is not about an IoT hub, a DPS or a device.',
      failed: (detail) => `The diagnosis could not run: ${detail}`,
      partial: 'Log Analytics returned partial results; the picture may be incomplete.',
      truncated: 'Some results hit their row limit; the newest rows are shown.',
    },
    digest: {
      title: (count, rule) => `⚠️ Alert storm: ${count} more alerts from ${rule}`,
      intro: (since, open) =>
        `Since ${since}, grouped into this card instead of one card each (${open} still open). Open one to work it.`,
      unknownResource: 'unknown resource',
      open: 'Open',
      summary: (count, rule) => `${count} more alerts from ${rule}`,
    },
  },
  ko: {
    facts: {
      incident: '인시던트',
      rule: '규칙',
      severity: '심각도',
      resource: '리소스',
      fired: '발생 시각',
      condition: '조건',
      dimensions: '차원',
      assignedTo: '담당자',
      resolution: '해결 메모',
    },
    resourceNotGiven: '지정되지 않음',
    conditionSentence: (what, aggregation, value, operator, threshold) => {
      const subject =
        what === 'Log query results'
          ? aggregation === undefined || aggregation === 'Count'
            ? '일치한 로그 행 수'
            : `로그 쿼리 결과의 ${aggregation}`
          : `${what} (${aggregation ?? '값'})`;
      const relation = KO_OPERATORS[operator ?? ''];
      return threshold !== undefined && relation !== undefined
        ? `${subject} ${value}, 임계값 ${threshold} ${relation}`
        : `${subject} ${value}`;
    },
    status: {
      open: '열림',
      acknowledged: (assignee) => (assignee ? `확인됨 · 담당 ${assignee}` : '확인됨'),
      snoozedUntil: (time) => `${time}까지 일시 중지`,
      snoozeEnded: '열림 (일시 중지 끝남)',
      resolved: (time) => `해결됨${time ? ` ${time}` : ''}`,
    },
    statusWord: { open: '열림', acknowledged: '확인됨', snoozed: '일시 중지', resolved: '해결됨' },
    timelineHeading: '타임라인',
    timeline: {
      fired: '경고 발생',
      resolvedByMonitor: '해결됨 (Azure Monitor)',
      acknowledged: '확인함',
      assigned: (to) => `담당자 지정: ${to}`,
      snoozed: (until) => (until ? `${until}까지 일시 중지` : '일시 중지'),
      resolved: (note) => (note ? `해결함: ${note}` : '해결함'),
      diagnosed: '진단함',
    },
    buttons: {
      acknowledge: '확인',
      assignToMe: '내가 맡기',
      snooze: '1시간 일시 중지',
      diagnoseAgain: COMMON_TEXT.ko.diagnoseAgain,
      resolve: '해결',
      resolveNote: '해결 메모',
      resolveNotePlaceholder: '무엇으로 해결했나요?',
      showQuery: COMMON_TEXT.ko.showQuery,
      openAlert: 'Azure에서 경고 열기',
      refresh: '새로 고침',
    },
    diagnosis: {
      runningHeading: '진단: 진행 중…',
      runningLine: '로그를 확인하고 있어요. 진단이 끝나면 이 카드가 바뀌어요.',
      deviceHeading: (deviceId) => `장치 ${deviceId} 진단`.trim(),
      fleetHeading: (subject) => `경고 구간의 ${subject ?? '전체 장치'} 로그 요약`,
      heading: '진단',
      noRecords: '경고 구간에 이 장치의 기록이 없어요.',
      noProblem: '로그에서 문제를 찾지 못했어요.',
      noErrors: '경고 구간의 로그에 오류가 없어요.',
      finding: (title, severity, count) =>
        `• ${title} (${koreanSeverity(severity)}${count !== undefined && count > 0 ? ` · 이벤트 ${count}건` : ''})`,
      connectedSince: (since) => `장치 연결됨 (${since}부터)`,
      offlineFor: (minutes, since) =>
        `장치 오프라인 ${minutes < 120 ? `${minutes}분` : `${Math.round(minutes / 60)}시간`}째 (${since}부터)`,
      fleetRow: (code, name, errors, devices, finding) =>
        `• ${code} ${name}: 오류 ${errors}건, 장치 ${devices}대${finding ? ` → ${finding}` : ''}`,
      notAboutIot: '이 경고는 IoT 허브, DPS, 장치에 관한 것이 아니에요.',
      failed: (detail) => `진단을 실행하지 못했어요: ${detail}`,
      partial: 'Log Analytics가 일부 결과만 돌려줬어요. 상황이 다 보이지 않을 수 있어요.',
      truncated: '일부 결과가 행 제한에 걸려 최신 행만 보여요.',
    },
    digest: {
      title: (count, rule) => `⚠️ 경고 폭주: ${rule} 경고 ${count}건 추가`,
      intro: (since, open) =>
        `${since}부터 들어온 경고를 하나씩 올리지 않고 이 카드에 모았어요 (아직 열린 경고 ${open}건). 처리할 경고를 열어 주세요.`,
      unknownResource: '알 수 없는 리소스',
      open: '열기',
      summary: (count, rule) => `${rule} 경고 ${count}건 추가`,
    },
  },
};

/** Catalog severities in Korean; anything else (a future severity) as it came. */
function koreanSeverity(severity: string): string {
  return severity in COMMON_TEXT.ko.severity ? COMMON_TEXT.ko.severity[severity as Severity] : severity;
}
