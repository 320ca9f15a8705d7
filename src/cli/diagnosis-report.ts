/**
 * `iot-triage diagnose` without `--json`: a report an on-call engineer reads top to bottom in a
 * terminal — the verdict line, each finding with what the logs show / what it means / what to do
 * from the catalog (in the chosen locale, with the SDK-specific note when the device's SDK is
 * known), a compact timeline, the data caveats and the KQL to paste into Log Analytics.
 */
import type { DeviceEvent, Diagnosis, Finding, TimeWindow } from '../diagnosis';
import {
  SDK_FAMILIES,
  findingText,
  formatSummary,
  getFinding,
  type Locale,
  type SdkFamily,
} from '../knowledge/catalog';
import { coverageNotes, type LogsCoverage } from './coverage-note';
import { formatInstant, formatRange, reportText, type ReportText } from './report-text';

/** Timeline lines shown; the JSON output has the full excerpt. */
const TIMELINE_LINES = 20;
const MESSAGE_CHARS = 90;

export function formatDiagnosisReport(
  diagnosis: Diagnosis,
  locale: Locale,
  coverage: LogsCoverage | undefined,
): string {
  const text = reportText(locale);
  const out: string[] = [];
  const { request } = diagnosis;
  const where = [
    diagnosis.hub !== undefined ? `${text.hub} ${diagnosis.hub}` : undefined,
    diagnosis.dps !== undefined ? `${text.dps} ${diagnosis.dps}` : undefined,
    `${text.window} ${formatRange(request.window.start, request.window.end)}`,
  ].filter((part): part is string => part !== undefined);
  out.push(`${request.deviceId} · ${where.join(' · ')}`, verdictLine(diagnosis, locale, text), '');

  const window: TimeWindow = { start: new Date(request.window.start), end: new Date(request.window.end) };
  const notes = [...(coverage ? coverageNotes(window, coverage, locale) : []), ...dataNotes(diagnosis, text)];

  diagnosis.findings.forEach((finding, index) => {
    out.push(...findingBlock(finding, index + 1, locale, text, index === 0 || !isSideNote(finding)), '');
  });

  const events = shownEvents(diagnosis);
  if (events.length > 0) {
    out.push(text.timeline(events.length, diagnosis.timeline.total));
    for (const event of events) out.push(`  ${eventLine(event)}`);
    out.push('');
  }
  if (notes.length > 0) {
    for (const note of notes) out.push(`! ${note}`);
    out.push('');
  }
  out.push(`${text.queries}:`);
  // Name the target only when the queries ran in several (hubs logging to different workspaces).
  const targets = new Set(diagnosis.queries.map((query) => JSON.stringify(query.target ?? null)));
  for (const query of diagnosis.queries) {
    out.push(
      `  // ${query.name}${targets.size > 1 && query.target ? ` (${query.target.kind} ${query.target.id})` : ''}`,
    );
    for (const line of query.kql.split('\n')) out.push(`  ${line}`);
  }
  return `${out.join('\n')}\n`;
}

function verdictLine(diagnosis: Diagnosis, locale: Locale, text: ReportText): string {
  const top = diagnosis.findings[0];
  const title = top ? findingText(top.id, locale).title : '';
  const lastConnect =
    diagnosis.verdict.lastConnect !== undefined
      ? ` (${text.lastConnect} ${formatInstant(diagnosis.verdict.lastConnect)} UTC)`
      : '';
  switch (diagnosis.verdict.kind) {
    case 'problem':
      return `${text.verdictProblem}: ${title}${lastConnect}`;
    case 'healthy':
      return top && top.id !== 'iothub.healthy' && top.evidence.length > 0
        ? `${text.verdictExpected}: ${title}${lastConnect}`
        : `${text.verdictHealthy}${lastConnect}`;
    case 'no-data':
      return `${text.verdictNoData}: ${title}`;
  }
}

/**
 * Caveats about the data and the "no problem" line add nothing once a real finding is above them:
 * they get their title and summary, not the full symptoms / causes / fixes.
 */
function isSideNote(finding: Finding): boolean {
  return getFinding(finding.id).source === 'data' || finding.id === 'iothub.healthy';
}

function findingBlock(
  finding: Finding,
  number: number,
  locale: Locale,
  text: ReportText,
  full: boolean,
): string[] {
  const entry = getFinding(finding.id);
  const prose = findingText(finding.id, locale);
  const lines = [
    `${number}. [${text.severity[finding.severity]}] ${prose.title}  (${finding.id}, ${text.confidence} ${Math.round(finding.confidence * 100)}%)`,
    `   ${formatSummary(finding.id, locale, finding.params)}`,
  ];
  const suggested = finding.facts.suggestedIds ?? [];
  if (suggested.length > 0) lines.push(`   ${text.didYouMean}: ${suggested.join(', ')}?`);
  if (finding.facts.partialError !== undefined) lines.push(`   ${finding.facts.partialError}`);
  if (finding.evidence.length > 0) {
    const first = finding.evidence[0];
    const last = finding.evidence.at(-1);
    const codes = finding.facts.codes ?? [...new Set(finding.evidence.map((e) => e.code).filter(Boolean))];
    lines.push(
      `   ${text.evidence(finding.evidence.length)}` +
        (first && last ? `, ${spanOf(first.time, last.time)}` : '') +
        (codes.length > 0 ? ` (${text.codes} ${codes.join(', ')})` : ''),
    );
  }
  if (!full) return lines;
  lines.push(`   ${text.symptoms}:`, ...prose.symptoms.map((item) => `     - ${item}`));
  lines.push(`   ${text.causes}:`, ...prose.causes.map((item) => `     - ${item}`));
  lines.push(`   ${text.fixes}:`, ...prose.fixes.map((item, index) => `     ${index + 1}. ${item}`));
  for (const note of sdkNotesFor(finding, locale)) {
    lines.push(`   ${text.sdkNoteLabel}: ${note}`);
  }
  lines.push(`   ${text.docs}: ${entry.links.map((link) => link.url).join('  ')}`);
  return lines;
}

function spanOf(first: string, last: string): string {
  return first === last
    ? `${formatInstant(first)} UTC`
    : `${formatInstant(first)} … ${formatInstant(last)} UTC`;
}

/** The note for the device's SDK when known; every note when the SDK is unknown (the reader picks). */
function sdkNotesFor(finding: Finding, locale: Locale): string[] {
  const notes = findingText(finding.id, locale).sdkNotes ?? {};
  const family = finding.facts.sdkFamily;
  const families: readonly SdkFamily[] =
    family !== undefined && family !== 'unknown' ? [family] : SDK_FAMILIES;
  return families.flatMap((candidate) => notes[candidate] ?? []);
}

/** Chronological, at most {@link TIMELINE_LINES}: the newest when the excerpt is in time order. */
function shownEvents(diagnosis: Diagnosis): DeviceEvent[] {
  const { events, order } = diagnosis.timeline;
  const chosen = order === 'chronological' ? events.slice(-TIMELINE_LINES) : events.slice(0, TIMELINE_LINES);
  return [...chosen].sort((a, b) => a.seq - b.seq);
}

function eventLine(event: DeviceEvent): string {
  const result =
    event.code === '' ? 'ok' : [event.detailCode || event.code, event.name].filter(Boolean).join(' ');
  // The SDK's name/version is enough on one line; the JSON has the full sdkVersion.
  const details = [
    event.protocol,
    event.sdk.split(' ')[0] ?? '',
    event.maskedIp,
    event.moduleId !== '' ? `module ${event.moduleId}` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  // Some records carry only a documentation URL as their message: noise on a terminal line.
  const plain = /^https?:\/\/\S+$/.test(event.message) ? '' : event.message;
  const message = plain.length > MESSAGE_CHARS ? `${plain.slice(0, MESSAGE_CHARS - 1)}…` : plain;
  return [
    formatInstant(event.time),
    { iothub: 'hub', dps: 'dps', eventgrid: 'event grid' }[event.source],
    event.operation.padEnd(18),
    result.padEnd(40),
    details,
    message !== '' && event.code !== '' ? `"${message}"` : '',
  ]
    .filter((part) => part !== '')
    .join('  ')
    .trimEnd();
}

function dataNotes(diagnosis: Diagnosis, text: ReportText): string[] {
  const status = diagnosis.dataStatus;
  const notes: string[] = [];
  if (status.partial) notes.push(text.dataPartial(status.partialError ?? ''));
  if (status.truncated.length > 0) notes.push(text.dataTruncated(status.truncated.join(', ')));
  if (status.recentWindow && !diagnosis.findings.some((f) => f.id === 'data.recent-window'))
    notes.push(text.dataRecent);
  return notes;
}
