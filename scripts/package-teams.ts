/**
 * `npm run package:teams [-- --bot-id <guid>] [--app-id <guid>] [--out <file.zip>]`
 *
 * Builds the Teams app package to sideload (appPackage/build/iot-triage.zip): the manifest with
 * the bot's id filled in, its Korean localization and the two icons. The bot id is the Azure
 * Bot's Microsoft App ID, which for the deployment templates is the managed identity's client id
 * (output `teamsManifestBotId`); it comes from --bot-id or, failing that, from the bot's own
 * configuration (`MicrosoftAppId`, read by readConfig like everything else the bot reads).
 * The filled-in manifest is validated offline against the official schema before the zip is
 * written: Teams rejects an invalid package with a far less helpful message.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { ConfigError, readConfig } from '../src/config/config';

export const APP_PACKAGE_DIR = path.resolve(__dirname, '..', 'appPackage');
export const DEFAULT_PACKAGE_FILE = path.join(APP_PACKAGE_DIR, 'build', 'iot-triage.zip');
/** The files of appPackage/ that go into the zip (the manifest is added filled in). */
export const PACKAGE_FILES = ['color.png', 'outline.png', 'ko-kr.json'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A problem the user can fix (bad flag, missing id, invalid manifest): printed without a stack. */
export class PackageError extends Error {
  override readonly name = 'PackageError';
}

export interface PackageOptions {
  readonly botId: string;
  /** The Teams app's own id; defaults to the bot id (stable per deployment, unique per bot). */
  readonly appId?: string;
  /** Semver; defaults to package.json's version. */
  readonly version?: string;
}

function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return packageJson.version ?? '1.0.0';
}

/** appPackage/manifest.json with its `${{...}}` placeholders filled in. */
export function filledManifestText(options: PackageOptions): string {
  for (const [flag, value] of [
    ['--bot-id', options.botId],
    ['--app-id', options.appId ?? options.botId],
  ] as const) {
    if (!GUID.test(value))
      throw new PackageError(`${flag} must be a GUID (the bot's Microsoft App ID), got "${value}"`);
  }
  const values: Record<string, string> = {
    BOT_ID: options.botId.toLowerCase(),
    TEAMS_APP_ID: (options.appId ?? options.botId).toLowerCase(),
    APP_VERSION: options.version ?? packageVersion(),
  };
  const template = readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new PackageError(`manifest.json has an unknown placeholder ${placeholder}`);
    return value;
  });
  return filled;
}

/** Schema problems of a manifest (empty when valid), checked offline against the schema the package ships. */
export async function manifestProblems(manifestText: string): Promise<string[]> {
  // The parsed JSON as is: the package's converter throws on the first missing field instead of listing them all.
  return AppManifestUtils.validateAgainstSchema(JSON.parse(manifestText) as TeamsManifest);
}

/** The zip to sideload, as bytes. */
export async function buildTeamsPackage(options: PackageOptions): Promise<Buffer> {
  const manifest = filledManifestText(options);
  const problems = await manifestProblems(manifest);
  if (problems.length > 0) {
    throw new PackageError(
      `appPackage/manifest.json does not match the Teams schema:\n  ${problems.join('\n  ')}`,
    );
  }
  const zip = new JSZip();
  // Fixed dates keep the zip identical for identical input.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', manifest, { date });
  for (const file of PACKAGE_FILES) zip.file(file, readFileSync(path.join(APP_PACKAGE_DIR, file)), { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

interface Flags {
  readonly botId?: string;
  readonly appId?: string;
  readonly out?: string;
}

const USAGE = 'usage: npm run package:teams -- --bot-id <guid> [--app-id <guid>] [--out <file.zip>]';

function parseFlags(argv: readonly string[]): Flags {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { 'bot-id': { type: 'string' }, 'app-id': { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    return {
      ...(values['bot-id'] !== undefined ? { botId: values['bot-id'] } : {}),
      ...(values['app-id'] !== undefined ? { appId: values['app-id'] } : {}),
      ...(values.out !== undefined ? { out: values.out } : {}),
    };
  } catch (error) {
    throw new PackageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** The bot id: --bot-id, else MicrosoftAppId from the configuration. */
function botIdFrom(flags: Flags, env: Readonly<Record<string, string | undefined>>): string {
  if (flags.botId) return flags.botId;
  let appId: string;
  try {
    appId = readConfig(env).bot.appId;
  } catch (error) {
    if (error instanceof ConfigError)
      throw new PackageError(`${error.message}\n(or pass the bot id with --bot-id)`);
    throw error;
  }
  if (!appId) {
    throw new PackageError(
      'No bot id. Pass --bot-id <guid> or set MicrosoftAppId: the Azure Bot\'s Microsoft App ID, which is the deployment output "teamsManifestBotId" (the managed identity\'s client id).',
    );
  }
  return appId;
}

/** The command: returns the exit code (0 ok, 2 usage / input problem). */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: { log(text: string): void; error(text: string): void },
): Promise<number> {
  try {
    const flags = parseFlags(argv);
    const botId = botIdFrom(flags, env);
    const zip = await buildTeamsPackage({ botId, ...(flags.appId ? { appId: flags.appId } : {}) });
    const file = path.resolve(flags.out ?? DEFAULT_PACKAGE_FILE);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, zip);
    out.log(
      `Wrote ${path.relative(process.cwd(), file)} (bot id ${botId.toLowerCase()}). Sideload it in Teams: Apps > Manage your apps > Upload an app.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PackageError) {
      out.error(`package:teams: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, {
    log: (text) => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
