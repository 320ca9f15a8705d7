import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The import directions of architecture.md are enforced by eslint.config.mjs; these cases prove
// the rule set bites (an upward import fails, naming the arrow) and lets the allowed arrows
// through. The sources are linted as text under a path in src/, so nothing is written.
const ROOT = path.resolve(__dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

/** [where the file would be, its source, what the error must name] */
const REFUSED: readonly (readonly [string, string, string])[] = [
  ['src/diagnosis/fake-upward.ts', "import { x } from '../hosting/x';\nexport const y = x;", 'src/hosting/'],
  [
    'src/diagnosis/detectors/fake-upward.ts',
    "import { render } from '../../cards/render';\nexport const y = render;",
    'src/cards/',
  ],
  [
    'src/conversation/fake-sdk.ts',
    "import { TurnContext } from 'botbuilder';\nexport const y = TurnContext;",
    'botbuilder',
  ],
  [
    'src/logs/fake-upward.ts',
    "import { diagnose } from '../diagnosis';\nexport const y = diagnose;",
    'src/diagnosis/',
  ],
  [
    'src/knowledge/fake-upward.ts',
    "import type { LogsBackend } from '../logs/backend';\nexport type Y = LogsBackend;",
    'src/logs/',
  ],
  [
    'src/diagnosis/fake-implementation.ts',
    "import { LocalLogsBackend } from '../logs/local/backend';\nexport const y = LocalLogsBackend;",
    'takes a LogsBackend',
  ],
  [
    'src/cards/fake-value.ts',
    "import { diagnose } from '../diagnosis/diagnose';\nexport const y = diagnose;",
    'for types only',
  ],
  [
    'src/alerts/fake-config.ts',
    "import { readConfig } from '../config/config';\nexport const y = readConfig;",
    'for types only',
  ],
  [
    'src/diagnosis/fake-sdk.ts',
    "import { ContainerClient } from '@azure/storage-blob';\nexport const y = ContainerClient;",
    'src/storage/',
  ],
];

/** [where the file would be, its source] */
const ALLOWED: readonly (readonly [string, string])[] = [
  [
    'src/diagnosis/fake-downward.ts',
    "import type { LogsBackend } from '../logs/backend';\nimport { x } from '../knowledge/catalog';\nexport type Y = LogsBackend;\nexport const z = x;",
  ],
  ['src/diagnosis/fake-inside.ts', "import { x } from './detectors/x';\nexport const y = x;"],
  [
    'src/cards/fake-types.ts',
    "import type { Diagnosis } from '../diagnosis/diagnosis';\nexport type Y = Diagnosis;",
  ],
  [
    'src/hosting/fake-sdk.ts',
    "import { TurnContext } from 'botbuilder';\nimport { x } from '../conversation/x';\nexport const y = [TurnContext, x];",
  ],
  [
    'src/storage/fake-config.ts',
    "import type { StorageConfig } from '../config/storage-config';\nexport type Y = StorageConfig;",
  ],
  [
    'src/index.ts',
    "import { TurnContext } from 'botbuilder';\nimport { readConfig } from './config/config';\nexport const y = [TurnContext, readConfig];",
  ],
];

const key = (file: string, code: string) => `${file}\n${code}`;

/** The import-direction errors for every case, linted by ESLint's Node API in one child process. */
let errorsOf: Map<string, string[]>;
beforeAll(() => {
  const cases = [...REFUSED, ...ALLOWED].map(([file, code]) => ({ file, code }));
  const output = execFileSync(
    process.execPath,
    [path.join(__dirname, 'lint-texts.mjs'), ROOT, path.join(ROOT, 'eslint.config.mjs')],
    {
      input: JSON.stringify(cases.map(({ file, code }) => ({ filePath: path.join(ROOT, file), code }))),
      encoding: 'utf8',
    },
  );
  const results = JSON.parse(output) as { ruleId: string | null; message: string }[][];
  errorsOf = new Map(
    cases.map(({ file, code }, i) => [
      key(file, code),
      (results[i] ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message),
    ]),
  );
}, 60_000);

function importErrors(file: string, code: string): string[] {
  const errors = errorsOf.get(key(file, code));
  if (!errors) throw new Error(`not linted: ${file}`);
  return errors;
}

describe('import directions (eslint.config.mjs)', () => {
  it.each(REFUSED)('refuses %s', (file, code, named) => {
    const errors = importErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(named);
  });

  it.each(ALLOWED)('allows %s', (file, code) => {
    expect(importErrors(file, code)).toEqual([]);
  });
});
