// The e2e suite's dead man's switch. Started by process-group.ts in its own process group with a
// pipe on stdin, it reads one process-group id per line. When the pipe closes without "done" (the
// test runner died: Ctrl-C, a crash, SIGKILL, a CI timeout), it stops every group it was told
// about: SIGTERM, then SIGKILL 3 s later. Jest runs tests with a copy of `process` whose signal
// and exit handlers never fire, so this cannot be done from inside the test.
'use strict';

const groups = new Set();
let buffered = '';
let done = false;

function signalAll(signal) {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // ESRCH: that group is already gone.
    }
  }
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) {
    if (line === 'done') done = true;
    else if (/^\d+$/.test(line)) groups.add(Number(line));
  }
});
process.stdin.on('end', () => {
  if (done || groups.size === 0) process.exit(0);
  signalAll('SIGTERM');
  setTimeout(() => {
    signalAll('SIGKILL');
    process.exit(0);
  }, 3000);
});
