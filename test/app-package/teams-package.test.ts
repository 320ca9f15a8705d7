import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import {
  APP_PACKAGE_DIR as ICONS_DIR,
  colorIcon,
  encodePng,
  outlineIcon,
} from '../../scripts/generate-teams-icons';
import {
  APP_PACKAGE_DIR,
  PACKAGE_FILES,
  PackageError,
  buildTeamsPackage,
  filledManifestText,
  main,
  manifestProblems,
} from '../../scripts/package-teams';

// @microsoft/app-manifest requires strip-bom 5, an ES module that Node 20 loads but Jest 29's
// CommonJS runtime cannot. The package only uses it to read manifests from files, which these
// tests never do, so Jest gets a CommonJS stand-in with the same behaviour (scripts run unchanged).
jest.mock(require.resolve('strip-bom', { paths: [require.resolve('@microsoft/app-manifest')] }), () => ({
  __esModule: true,
  default: (text: string) => text.replace(/^\uFEFF/, ''),
}));

const BOT_ID = '3c5b2a4e-8f1d-4c7a-9b6e-0d2f1a3b4c5d';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMAS = path.join(
  ROOT,
  'node_modules',
  '@microsoft',
  'app-manifest',
  'build',
  'json-schemas',
  'teams',
);

interface Command {
  readonly title: string;
  readonly description: string;
}
interface Manifest {
  readonly $schema: string;
  readonly manifestVersion: string;
  readonly id: string;
  readonly bots: readonly {
    readonly botId: string;
    readonly scopes: readonly string[];
    readonly commandLists: readonly {
      readonly scopes: readonly string[];
      readonly commands: readonly Command[];
    }[];
  }[];
  readonly localizationInfo: {
    readonly additionalLanguages: readonly { languageTag: string; file: string }[];
  };
}

const manifest = (): Manifest => JSON.parse(filledManifestText({ botId: BOT_ID })) as Manifest;

interface AjvValidate {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}

/**
 * Validates with the draft-04 validator @microsoft/app-manifest itself uses. Not through
 * AppManifestUtils: the official localization schema has a pattern (activities keys) that is not
 * a valid regular expression in Unicode mode, which AppManifestUtils always turns on.
 */
function validateWithSchema(data: unknown, schema: object): string[] {
  const requireFromAppManifest = createRequire(require.resolve('@microsoft/app-manifest'));
  const Ajv = (
    requireFromAppManifest('ajv-draft-04') as {
      default: new (options: object) => { compile(schema: object): AjvValidate };
    }
  ).default;
  const addFormats = (
    requireFromAppManifest('ajv-formats') as {
      default: (ajv: object, formats: string[]) => void;
    }
  ).default;
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

function recorder() {
  const lines: string[] = [];
  return { lines, out: { log: (t: string) => lines.push(t), error: (t: string) => lines.push(t) } };
}

describe('Teams manifest', () => {
  test('with a sample bot id it is valid against the official schema, validated offline', async () => {
    expect(await manifestProblems(filledManifestText({ botId: BOT_ID }))).toEqual([]);
    // The schema it names is one @microsoft/app-manifest ships (so validation never downloads).
    const version = `v${manifest().manifestVersion}`;
    expect(manifest().$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/${version}/MicrosoftTeams.schema.json`,
    );
    expect(existsSync(path.join(SCHEMAS, version, 'MicrosoftTeams.schema.json'))).toBe(true);
  });

  test('the validation can fail: 11 commands, a bad bot id and a missing field are all reported', async () => {
    const broken = manifest() as unknown as {
      bots: { botId: string; commandLists: { commands: Command[] }[] }[];
      accentColor?: string;
    };
    const list = broken.bots[0]?.commandLists[0];
    list?.commands.push({ title: 'one too many', description: 'x' });
    delete broken.accentColor;
    const problems = await manifestProblems(JSON.stringify(broken));
    expect(problems.join('\n')).toMatch(/commands.*must NOT have more than 10 items/);
    expect(problems.join('\n')).toMatch(/accentColor/);
    expect(() => filledManifestText({ botId: 'not-a-guid' })).toThrow(PackageError);
  });

  test('the bot: personal, team and group chat, with at most 10 short commands per scope', () => {
    const [bot] = manifest().bots;
    expect(bot?.botId).toBe(BOT_ID);
    expect(manifest().id).toBe(BOT_ID);
    expect([...(bot?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of ['personal', 'team', 'groupChat']) {
      const lists = bot?.commandLists.filter((l) => l.scopes.includes(scope)) ?? [];
      expect(lists).toHaveLength(1);
      const commands = lists[0]?.commands ?? [];
      expect(commands.length).toBeLessThanOrEqual(10);
      for (const command of commands) {
        // 32 / 128: the limits of manifest versions up to 1.20, so older clients show them whole.
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
    const titles = bot?.commandLists[0]?.commands.map((c) => c.title.split(' <')[0]);
    expect(titles).toEqual([
      'why did device',
      'status',
      'hub errors',
      'top disconnects',
      'dps errors',
      'explain',
      'subscribe alerts',
      'incidents',
      'language ko',
      'help',
    ]);
  });

  test('the Korean localization is valid and translates the name, the description and every command', async () => {
    const [language] = manifest().localizationInfo.additionalLanguages;
    expect(language?.languageTag).toBe('ko-kr');
    const localization = JSON.parse(
      readFileSync(path.join(APP_PACKAGE_DIR, language?.file ?? ''), 'utf8'),
    ) as Record<string, string>;
    const schema = JSON.parse(
      readFileSync(
        path.join(SCHEMAS, `v${manifest().manifestVersion}`, 'MicrosoftTeams.Localization.schema.json'),
        'utf8',
      ),
    ) as object;
    expect(validateWithSchema(localization, schema)).toEqual([]);
    expect(validateWithSchema({ ...localization, 'name.short': 'x'.repeat(31) }, schema).join()).toMatch(
      /name\.short/,
    );
    const commands = manifest().bots[0]?.commandLists[0]?.commands ?? [];
    const expectedKeys = ['name.short', 'name.full', 'description.short', 'description.full'];
    commands.forEach((_c, i) => {
      expectedKeys.push(
        `bots[0].commandLists[0].commands[${i}].title`,
        `bots[0].commandLists[0].commands[${i}].description`,
      );
    });
    expect(
      Object.keys(localization)
        .filter((k) => k !== '$schema')
        .sort(),
    ).toEqual(expectedKeys.sort());
    for (const key of expectedKeys.filter((k) => k.endsWith('.title'))) {
      expect((localization[key] ?? '').length).toBeLessThanOrEqual(32);
    }
  });
});

/** Width, height, colour type and the RGBA pixels of a PNG written with filter 0 on every row. */
function decodePng(bytes: Buffer): { width: number; height: number; colorType: number; pixels: Buffer } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const colorType = bytes[25] ?? -1;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0);
    raw.copy(pixels, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { width, height, colorType, pixels };
}

describe('icons', () => {
  test('color.png is an opaque 192×192 RGBA PNG with the symbol in white on the accent colour', () => {
    const png = decodePng(readFileSync(path.join(APP_PACKAGE_DIR, 'color.png')));
    expect([png.width, png.height, png.colorType]).toEqual([192, 192, 6]);
    const alphas = new Set<number>();
    let white = 0;
    for (let i = 0; i < png.pixels.length; i += 4) {
      alphas.add(png.pixels[i + 3] ?? -1);
      if (png.pixels[i] === 255 && png.pixels[i + 1] === 255 && png.pixels[i + 2] === 255) white++;
    }
    expect([...alphas]).toEqual([255]);
    expect(white).toBeGreaterThan(192 * 192 * 0.05);
    expect(white).toBeLessThan(192 * 192 * 0.5);
  });

  test('outline.png is 32×32, white on transparent and nothing else', () => {
    const png = decodePng(readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png')));
    expect([png.width, png.height, png.colorType]).toEqual([32, 32, 6]);
    let transparent = 0;
    for (let i = 0; i < png.pixels.length; i += 4) {
      expect([png.pixels[i], png.pixels[i + 1], png.pixels[i + 2]]).toEqual([255, 255, 255]);
      if (png.pixels[i + 3] === 0) transparent++;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(transparent).toBeLessThan(32 * 32);
  });

  test('the committed icons are what scripts/generate-teams-icons.ts draws (npm run icons:generate)', () => {
    expect(ICONS_DIR).toBe(APP_PACKAGE_DIR);
    expect(readFileSync(path.join(APP_PACKAGE_DIR, 'color.png'))).toEqual(encodePng(192, 192, colorIcon()));
    expect(readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png'))).toEqual(encodePng(32, 32, outlineIcon()));
  });
});

describe('npm run package:teams', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'teams-package-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the zip holds the filled-in manifest and the package files at its root, byte for byte', async () => {
    const zip = await JSZip.loadAsync(await buildTeamsPackage({ botId: BOT_ID.toUpperCase() }));
    expect(Object.keys(zip.files).sort()).toEqual(['manifest.json', ...PACKAGE_FILES].sort());
    const packed = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '') as Manifest;
    expect(packed.bots[0]?.botId).toBe(BOT_ID);
    expect(JSON.stringify(packed)).not.toContain('${{');
    expect(await manifestProblems(JSON.stringify(packed))).toEqual([]);
    for (const file of PACKAGE_FILES) {
      expect(await zip.file(file)?.async('nodebuffer')).toEqual(
        readFileSync(path.join(APP_PACKAGE_DIR, file)),
      );
    }
  });

  test('without a bot id it fails with a message that says where to get one', async () => {
    const { lines, out } = recorder();
    expect(await main([], {}, out)).toBe(2);
    expect(lines.join('\n')).toMatch(/--bot-id.*MicrosoftAppId.*teamsManifestBotId/s);
  });

  test('takes the bot id from the configuration (MicrosoftAppId), and --bot-id over it', async () => {
    const file = path.join(dir, 'from-config.zip');
    const { out } = recorder();
    // The bot's own settings as the deployment sets them.
    const botSettings = {
      MicrosoftAppId: BOT_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT_ID,
    };
    expect(await main(['--out', file], botSettings, out)).toBe(0);
    const fromConfig = JSON.parse(
      (await (await JSZip.loadAsync(readFileSync(file))).file('manifest.json')?.async('string')) ?? '',
    ) as Manifest;
    expect(fromConfig.bots[0]?.botId).toBe(BOT_ID);

    const other = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    expect(await main(['--bot-id', other, `--out=${file}`], botSettings, out)).toBe(0);
    const fromFlag = JSON.parse(
      (await (await JSZip.loadAsync(readFileSync(file))).file('manifest.json')?.async('string')) ?? '',
    ) as Manifest;
    expect(fromFlag.bots[0]?.botId).toBe(other);
  });

  test('a bad configured id or an unknown flag is a usage error, not a crash', async () => {
    const { lines, out } = recorder();
    expect(await main([], { MicrosoftAppId: 'nope' }, out)).toBe(2);
    expect(await main(['--botid', BOT_ID], {}, out)).toBe(2);
    expect(lines.join('\n')).toMatch(/MicrosoftAppId: must be a GUID/);
    expect(lines.join('\n')).toMatch(/Unknown option '--botid'.*\nusage: npm run package:teams/s);
  });

  test('the npm script writes the zip', async () => {
    const file = path.join(dir, 'iot-triage.zip');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        'npm',
        ['run', '--silent', 'package:teams', '--', '--bot-id', BOT_ID, '--out', file],
        { cwd: ROOT, env: { ...process.env, MicrosoftAppId: '' } },
        (error, out) => (error ? reject(error) : resolve(out)),
      );
    });
    expect(stdout).toContain('Wrote');
    expect(Object.keys((await JSZip.loadAsync(readFileSync(file))).files)).toContain('manifest.json');
  });
});
