/// <reference types="@kusto/language-service-next" />
import fc from 'fast-check';
import { analyzeKql } from '../../src/logs/local/kusto-bridge';
import {
  InvalidIdentifierError,
  isValidIdentifier,
  kqlIdentifierLiteral,
  type IdentifierKind,
} from '../../src/diagnosis/kql-literal';
import { deviceConnectionsQuery, deviceDpsQuery, hubDisconnectBinsQuery } from '../../src/diagnosis/queries';

const DEVICE_ID_CHARS = "ABCXYZabcxyz0189-:.+%_#*?!(),=@;$'";
const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') };

/** The values of every string-literal token the official parser sees in `kql`. */
function stringLiteralValues(kql: string): string[] {
  const code = Kusto.Language.KustoCode.Parse(kql);
  const values: string[] = [];
  if (!code) throw new Error('The parser returned no code.');
  Kusto.Language.Syntax.SyntaxElement.WalkElements(code.Syntax, (element) => {
    if (element.IsToken && element.Kind === Kusto.Language.Syntax.SyntaxKind.StringLiteralToken) {
      values.push((element as Kusto.Language.Syntax.SyntaxToken).ValueText ?? '');
    }
  });
  return values;
}

const deviceIdArb = fc
  .array(fc.constantFrom(...DEVICE_ID_CHARS.split('')), { minLength: 1, maxLength: 128 })
  .map((chars) => chars.join(''));
const anyText = fc.oneof(
  fc.string({ maxLength: 140 }),
  fc.string({ unit: 'binary', maxLength: 140 }),
  deviceIdArb,
);

describe('kqlIdentifierLiteral', () => {
  it('embeds every valid device id as ONE literal whose parsed value is exactly the id', () => {
    fc.assert(
      fc.property(deviceIdArb, (deviceId) => {
        const literal = kqlIdentifierLiteral('device-id', deviceId);
        expect(stringLiteralValues(`AzureDiagnostics | where Resource == ${literal}`)).toEqual([deviceId]);
      }),
      { numRuns: 300 },
    );
  });

  it('builds device queries that parse and bind with zero diagnostics for arbitrary strings that are valid ids', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        if (!isValidIdentifier('device-id', text)) {
          expect(() => deviceConnectionsQuery({ deviceId: text, window })).toThrow(InvalidIdentifierError);
          return;
        }
        const { kql } = deviceConnectionsQuery({ deviceId: text, window });
        expect(analyzeKql(kql)).toEqual([]);
        // The id appears as literal values only: the term filter and the exact comparison.
        expect(stringLiteralValues(kql).filter((value) => value === text)).toHaveLength(2);
      }),
      { numRuns: 150 },
    );
  });

  it('accepts exactly the documented device id characters and lengths', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const expected =
          text.length >= 1 &&
          text.length <= 128 &&
          [...text].every((ch) => DEVICE_ID_CHARS.includes(ch) || /[A-Za-z0-9]/.test(ch));
        expect(isValidIdentifier('device-id', text)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
    expect(isValidIdentifier('device-id', 'x'.repeat(128))).toBe(true);
    expect(isValidIdentifier('device-id', 'x'.repeat(129))).toBe(false);
    for (const bad of ['', 'a b', 'a"b', 'a\\b', 'a\nb', 'é', 'a/b', 'a|b', 'a`b']) {
      expect(isValidIdentifier('device-id', bad)).toBe(false);
    }
  });

  it.each<[IdentifierKind, string, string]>([
    ['registration-id', 'reg.id_1:2-3', "reg'id"],
    ['hub-name', 'contoso-fleet-hub', 'hu'],
    ['hub-name', 'x'.repeat(50), 'x'.repeat(51)],
    ['dps-name', 'contoso-dps', 'dps_name'],
  ])('%s: accepts %j, rejects %j', (kind, good, bad) => {
    expect(
      stringLiteralValues(`AzureDiagnostics | where Resource == ${kqlIdentifierLiteral(kind, good)}`),
    ).toEqual([good]);
    expect(() => kqlIdentifierLiteral(kind, bad)).toThrow(InvalidIdentifierError);
  });

  it('DPS and hub queries stay valid for valid registration ids and hub names', () => {
    const regArb = fc
      .array(fc.constantFrom(...'abzAZ09-._:'.split('')), { minLength: 1, maxLength: 128 })
      .map((c) => c.join(''));
    const hubArb = fc
      .array(fc.constantFrom(...'abzAZ09-'.split('')), { minLength: 3, maxLength: 50 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(regArb, hubArb, (registrationId, hub) => {
        expect(analyzeKql(deviceDpsQuery({ registrationId, window, dps: hub }).kql)).toEqual([]);
        expect(analyzeKql(hubDisconnectBinsQuery({ window, hub }).kql)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('gives a user-facing message that names the allowed characters and does not echo control characters', () => {
    const error = new InvalidIdentifierError('device-id', 'bad\u0000id"');
    expect(error.message).toContain("- : . + % _ # * ? ! ( ) , = @ ; $ '");
    expect(error.message).not.toContain('\u0000');
    expect(error.name).toBe('InvalidIdentifierError');
  });
});
