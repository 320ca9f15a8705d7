/**
 * Progress and summary of a log load on stderr. Progress is drawn only on a terminal (a log file
 * or a pipe would fill with carriage returns) and only when the whole percentage changes.
 */
import type { LoadProgress } from '../logs/local/loaders/load-log-files';
import type { LocalLogsSummary } from '../logs/local/data-source';
import type { CliIo } from './cli-io';

const PROBLEMS_SHOWN = 10;

export function progressPrinter(io: CliIo): ((progress: LoadProgress) => void) | undefined {
  if (!io.isTTY) return undefined;
  let lastPercent = -1;
  return (progress) => {
    const percent =
      progress.bytesTotal > 0 ? Math.floor((100 * progress.bytesRead) / progress.bytesTotal) : 100;
    if (percent === lastPercent) return;
    lastPercent = percent;
    io.stderr.write(`\rLoading logs… ${percent}% (${progress.rowsLoaded.toLocaleString('en-US')} rows)`);
    if (progress.filesDone === progress.filesTotal) io.stderr.write('\r\u001b[K');
  };
}

export function describeLoad(summary: LocalLogsSummary): string {
  const { load } = summary;
  const source =
    summary.source === 'demo' && summary.demo
      ? `demo data ending ${summary.demo.end.toISOString()}${summary.demo.generated ? ' (generated now)' : ''}`
      : `${load.files.length} ${load.files.length === 1 ? 'file' : 'files'}`;
  const lines = [
    `Loaded ${load.rowsLoaded.toLocaleString('en-US')} rows from ${source}` +
      (load.rowsRejected > 0 ? `; ${load.rowsRejected.toLocaleString('en-US')} rejected:` : '.'),
  ];
  for (const problem of load.problems.slice(0, PROBLEMS_SHOWN)) {
    lines.push(`  ${problem.file}:${problem.line}: ${problem.reason}`);
  }
  const hidden =
    load.problems.length - Math.min(load.problems.length, PROBLEMS_SHOWN) + load.problemsNotShown;
  if (hidden > 0) lines.push(`  … and ${hidden} more`);
  return `${lines.join('\n')}\n`;
}
