/**
 * `npm run audit:deps [-- --strict]`
 *
 * `npm audit --omit=dev`, judged: every high or critical advisory against the production tree must
 * either go away or be explained in audit-exceptions.json (which the README's "Dependency audit"
 * paragraph repeats for people). Lower severities are listed, never fatal. When the registry does
 * not answer the advisory endpoint the run says so and passes, unless --strict: a build machine
 * without the endpoint must not block a release, a machine with it must not skip the check.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const EXCEPTIONS_FILE = path.resolve(__dirname, '..', 'audit-exceptions.json');

/** One advisory accepted on purpose, with the reason it cannot hurt this bot. */
export interface AuditException {
  /** GitHub advisory id, e.g. GHSA-rrr8-f88r-h8q6. */
  readonly advisory: string;
  readonly package: string;
  readonly reason: string;
}

export interface AdvisoryFinding {
  readonly package: string;
  readonly advisory: string;
  readonly severity: string;
  readonly title: string;
}

export type AuditVerdict =
  | { readonly status: 'unavailable'; readonly reason: string }
  | {
      readonly status: 'passed' | 'failed';
      readonly unexplained: readonly AdvisoryFinding[];
      readonly excused: readonly AdvisoryFinding[];
      readonly minor: readonly AdvisoryFinding[];
    };

const BLOCKING = new Set(['high', 'critical']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `GHSA-xxxx-xxxx-xxxx` from an advisory URL, or the URL itself when it has none. */
function advisoryId(url: unknown, source: unknown): string {
  const text = typeof url === 'string' ? url : '';
  return /GHSA(?:-[0-9a-z]{4}){3}/i.exec(text)?.[0] ?? (text || `npm-${String(source)}`);
}

/** The advisories of an `npm audit --json` report (format 2), one per package and advisory. */
export function advisoriesOf(report: unknown): AdvisoryFinding[] {
  if (!isRecord(report) || !isRecord(report['vulnerabilities'])) return [];
  const found = new Map<string, AdvisoryFinding>();
  for (const vulnerability of Object.values(report['vulnerabilities'])) {
    if (!isRecord(vulnerability) || !Array.isArray(vulnerability['via'])) continue;
    for (const via of vulnerability['via']) {
      // A string names another vulnerable package this one depends on: that one is listed itself.
      if (!isRecord(via)) continue;
      const finding: AdvisoryFinding = {
        package: String(via['name'] ?? vulnerability['name'] ?? '?'),
        advisory: advisoryId(via['url'], via['source']),
        severity: String(via['severity'] ?? vulnerability['severity'] ?? 'unknown'),
        title: String(via['title'] ?? ''),
      };
      found.set(`${finding.package} ${finding.advisory}`, finding);
    }
  }
  return [...found.values()];
}

/** Pass, fail or "could not ask", from the audit's JSON output and the accepted exceptions. */
export function judgeAudit(report: unknown, exceptions: readonly AuditException[]): AuditVerdict {
  if (!isRecord(report)) return { status: 'unavailable', reason: 'npm audit printed no JSON report' };
  if (!isRecord(report['vulnerabilities'])) {
    const message = typeof report['message'] === 'string' ? report['message'] : 'no vulnerabilities section';
    // The endpoint's host is not repeated: only what went wrong.
    return { status: 'unavailable', reason: message.replace(/\s*-\s*\S+\s+https?:\/\/\S+/g, '').trim() };
  }
  const findings = advisoriesOf(report);
  const excusedBy = (finding: AdvisoryFinding): boolean =>
    exceptions.some(
      (exception) =>
        exception.advisory.toLowerCase() === finding.advisory.toLowerCase() &&
        exception.package === finding.package,
    );
  const blocking = findings.filter((finding) => BLOCKING.has(finding.severity));
  const unexplained = blocking.filter((finding) => !excusedBy(finding));
  return {
    status: unexplained.length === 0 ? 'passed' : 'failed',
    unexplained,
    excused: blocking.filter(excusedBy),
    minor: findings.filter((finding) => !BLOCKING.has(finding.severity)),
  };
}

/** The accepted exceptions; each needs an advisory id, a package and a reason. */
export function readExceptions(file: string = EXCEPTIONS_FILE): AuditException[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const list = isRecord(parsed) ? parsed['exceptions'] : undefined;
  if (!Array.isArray(list)) throw new Error(`${file}: expected { "exceptions": [ … ] }`);
  return list.map((entry, index) => {
    if (
      !isRecord(entry) ||
      typeof entry['advisory'] !== 'string' ||
      typeof entry['package'] !== 'string' ||
      typeof entry['reason'] !== 'string' ||
      entry['reason'].trim() === ''
    ) {
      throw new Error(`${file}: exceptions[${index}] needs "advisory", "package" and a non-empty "reason"`);
    }
    return { advisory: entry['advisory'], package: entry['package'], reason: entry['reason'] };
  });
}

function line(finding: AdvisoryFinding): string {
  return `  ${finding.severity.padEnd(8)} ${finding.package} ${finding.advisory} ${finding.title}`;
}

/** Prints the verdict; returns the exit code. */
export function report(verdict: AuditVerdict, strict: boolean, out: (text: string) => void): number {
  if (verdict.status === 'unavailable') {
    out(`audit:deps: the advisory endpoint did not answer (${verdict.reason}).`);
    out('audit:deps: not checked here; the accepted exceptions are in audit-exceptions.json and the README.');
    return strict ? 1 : 0;
  }
  for (const finding of verdict.excused) out(`${line(finding)}  (accepted: see audit-exceptions.json)`);
  for (const finding of verdict.minor) out(`${line(finding)}  (below high: listed only)`);
  if (verdict.status === 'failed') {
    out('audit:deps: high or critical advisories with no entry in audit-exceptions.json:');
    for (const finding of verdict.unexplained) out(line(finding));
    out('Upgrade the package, or explain in audit-exceptions.json and the README why it cannot be reached.');
    return 1;
  }
  out(`audit:deps: no unexplained high or critical advisories (${verdict.excused.length} accepted).`);
  return 0;
}

if (require.main === module) {
  const strict = process.argv.includes('--strict');
  // A registry that never answers must not hang the build: two minutes, then "unavailable".
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
  let parsed: unknown;
  try {
    parsed = run.error
      ? { message: `npm audit did not finish (${run.error.message})` }
      : JSON.parse(run.stdout);
  } catch {
    parsed = undefined;
  }
  process.exitCode = report(judgeAudit(parsed, readExceptions()), strict, (text) =>
    process.stdout.write(`${text}\n`),
  );
}
