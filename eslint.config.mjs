import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Import directions (docs: /work/shared/design/architecture.md, "Folders and what each may touch").
//
// Each folder of src/ lists the folders of ours it may import; anything else is an error. The
// composition root (src/index.ts, src/compose/) may import every folder, but not botbuilder or restify. Two folders are read by
// type from anywhere: `config` (sections of AppConfig are passed in; only the root calls
// readConfig) and `logging` (the Logger is passed in; only the root creates one).
//
// typescript-eslint's no-restricted-imports, not ESLint's: it can allow `import type` only.
// A folder's rule is built in one block per folder because a later block's options for the same
// rule replace, not extend, an earlier one's.
// ---------------------------------------------------------------------------------------------

/** @type {Record<string, { may: string[], typesOnly?: string[] }>} */
const FOLDERS = {
  config: { may: [] },
  logging: { may: [] },
  knowledge: { may: [] },
  // The one Intl wall clock: conversation reads times in the user's zone, cards write them.
  time: { may: [] },
  // logs/backend.ts is the seam; logs/azure|local|simulate are picked by the root and the CLI only.
  logs: { may: [] },
  storage: { may: [] },
  // Permissions and role checks: data and pure functions over principals.
  authorization: { may: [] },
  diagnosis: { may: ['logs', 'knowledge'] },
  // A card button carries a command of the registry: its data type comes from conversation.
  cards: { may: ['knowledge', 'time'], typesOnly: ['diagnosis', 'conversation'] },
  proactive: { may: ['storage'] },
  live: { may: ['storage'] },
  alerts: { may: ['storage', 'diagnosis'], typesOnly: ['logs'] },
  // The one command registry: every verb, the incident and subscription ones too, with its permission.
  conversation: {
    may: [
      'diagnosis',
      'knowledge',
      'storage',
      'cards',
      'logs',
      'alerts',
      'proactive',
      'authorization',
      'live',
      'time',
    ],
  },
  hosting: {
    may: ['conversation', 'alerts', 'proactive', 'live', 'cards', 'authorization'],
    typesOnly: ['diagnosis', 'logs', 'storage'],
  },
  // `alert --demo` posts the alert module's demo payload to a running bot.
  cli: { may: ['conversation', 'diagnosis', 'logs', 'cards', 'knowledge', 'alerts'] },
};
const TYPES_EVERYWHERE = ['config', 'logging'];
/** The composition root: builds and wires everything; like every folder but hosting, no botbuilder or restify. */
const COMPOSITION_ROOT = ['src/index.ts', 'src/compose/**/*.ts'];

/**
 * Where the code breaks the table. Each entry lifts one arrow for one file until its owner moves
 * the import; whoever fixes it deletes the entry. Do not add entries for new code.
 * @type {{ file: string, imports: string, why: string }[]}
 */
const TEMPORARY_EXCEPTIONS = [];

/** A specifier that climbs out of the importing folder into `folder` ('../x', '../../x/y'). */
const into = (folder) => `^(\\.\\./)+${folder}(/|$)`;

/** Packages confined to one folder: the SDK stays behind the interface that folder owns. */
const PACKAGES = [
  {
    owner: 'hosting',
    group: ['botbuilder', 'botbuilder-*', 'botframework-*', 'restify', 'restify-*'],
    message: 'Only src/hosting/ imports botbuilder or restify (architecture.md).',
  },
  {
    owner: 'storage',
    group: ['@azure/storage-blob', '@azure/cosmos'],
    message: 'Only src/storage/ talks to Blob storage or Cosmos DB; take a KeyValueStore.',
  },
  {
    owner: 'logs',
    group: ['@azure/monitor-query-*'],
    message: 'Only src/logs/ queries Log Analytics; take a LogsBackend.',
  },
  {
    owner: 'logging',
    group: ['pino', 'pino-*'],
    message: 'Only src/logging/ creates loggers; take a Logger.',
  },
];

function restrictionsFor(folder, lifted = []) {
  const { may, typesOnly = [] } = FOLDERS[folder];
  const patterns = [];
  for (const other of Object.keys(FOLDERS)) {
    if (other === folder || may.includes(other) || lifted.includes(other)) continue;
    const typeOnly = typesOnly.includes(other) || TYPES_EVERYWHERE.includes(other);
    const allowed = [...may, ...typesOnly.map((t) => `${t} (types)`)].join(', ') || 'nothing of ours';
    patterns.push({
      regex: into(other),
      ...(typeOnly ? { allowTypeImports: true } : {}),
      message: typeOnly
        ? `src/${folder}/ may import src/${other}/ for types only (import type).`
        : `src/${folder}/ may not import src/${other}/: it may import ${allowed} (architecture.md).`,
    });
  }
  // The logs implementations are chosen by the root (and the CLI); everyone else sees LogsBackend.
  if (folder !== 'logs' && folder !== 'cli' && (may.includes('logs') || lifted.includes('logs'))) {
    patterns.push({
      regex: into('logs/(azure|local|simulate)'),
      message: `src/${folder}/ takes a LogsBackend; only the composition root picks logs/azure or logs/local.`,
    });
  }
  for (const pkg of PACKAGES) {
    if (pkg.owner !== folder) patterns.push({ group: pkg.group, message: pkg.message });
  }
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

const importDirections = [
  ...Object.keys(FOLDERS).map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: restrictionsFor(folder),
  })),
  ...[...new Set(TEMPORARY_EXCEPTIONS.map((e) => e.file))].map((file) => {
    const folder = file.split('/')[1];
    const lifted = TEMPORARY_EXCEPTIONS.filter((e) => e.file === file).map((e) => e.imports);
    return { files: [file], rules: restrictionsFor(folder, lifted) };
  }),
  {
    files: COMPOSITION_ROOT,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: PACKAGES.filter((pkg) => pkg.owner === 'hosting').map(({ group, message }) => ({
            group,
            message,
          })),
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', 'coverage/**', '.cache/**', '.data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  ...importDirections,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
