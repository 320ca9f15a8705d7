/**
 * String operators and their case rules, with the examples of the Kusto "string operators" page
 * (each example there yields true) plus the boundary cases of term matching.
 */
import { evaluate } from './engine-helper';

const yes = (expression: string): void => expect(evaluate(expression)).toBe(true);
const no = (expression: string): void => expect(evaluate(expression)).toBe(false);

describe('equality and case rules', () => {
  it('== and != are case-sensitive', () => {
    yes('"aBc" == "aBc"');
    no('"abc" == "ABC"');
    yes('"abc" != "ABC"');
  });
  it('=~ and !~ are case-insensitive', () => {
    yes('"abc" =~ "ABC"');
    yes('"aBc" !~ "xyz"');
    no('"aBc" !~ "ABC"');
  });
  it('in / !in are case-sensitive, in~ / !in~ are not', () => {
    yes('"abc" in ("123", "345", "abc")');
    no('"abc" in ("ABC")');
    yes('"abc" in~ ("123", "345", "ABC")');
    yes('"bca" !in ("123", "345", "abc")');
    yes('"bca" !in~ ("123", "345", "ABC")');
    no('"abc" !in~ ("ABC")');
    yes('2 in (1, 2, 3)');
    yes('"b" in (dynamic(["a", "b"]))');
  });
});

describe('has (whole terms)', () => {
  it('matches a whole term, case-insensitively', () => {
    yes('"North America" has "america"');
    no('"KustoExplorerQueryRun" has "Explorer"');
    yes('"North America" !has "amer"');
    yes('"North America" has_cs "America"');
    no('"North America" has_cs "america"');
    yes('"North America" !has_cs "america"');
  });
  it('matches a phrase whose ends are term boundaries', () => {
    yes('"deviceId: dev-123, x" has "dev-123"');
    no('"deviceId: dev-1234" has "dev-123"');
    no('"deviceId: xdev-123" has "dev-123"');
    no('"deviceId: dev-123" has "dev-12"');
    yes('"a.dev-123.b" has "DEV-123"');
    yes('"{\\"deviceId\\":\\"dev-123\\"}" has "dev-123"');
    yes('"a b c" has "b"');
  });
  it('hasprefix / hassuffix look at term starts and ends', () => {
    yes('"North America" hasprefix "ame"');
    no('"North America" hasprefix "mer"');
    yes('"North America" hassuffix "ica"');
    no('"North America" hassuffix "ame"');
  });
  it('has_any / has_all', () => {
    yes('"North America" has_any ("europe", "america")');
    no('"North America" has_all ("north", "europe")');
    yes('"North America" has_all ("north", "america")');
  });
});

describe('substring operators', () => {
  it('contains is case-insensitive, contains_cs is not', () => {
    yes('"FabriKam" contains "BRik"');
    yes('"Fabrikam" !contains "xyz"');
    yes('"FabriKam" contains_cs "Kam"');
    yes('"Fabrikam" !contains_cs "Kam"');
    yes('"KustoExplorerQueryRun" contains "Explorer"');
  });
  it('startswith / endswith are case-insensitive, the _cs forms are not', () => {
    yes('"Fabrikam" startswith "fab"');
    yes('"Fabrikam" !startswith "kam"');
    yes('"Fabrikam" startswith_cs "Fab"');
    no('"Fabrikam" startswith_cs "fab"');
    yes('"Fabrikam" endswith "Kam"');
    yes('"Fabrikam" !endswith "brik"');
    yes('"Fabrikam" endswith_cs "kam"');
    no('"Fabrikam" endswith_cs "Kam"');
  });
  it('matches regex', () => {
    yes('"Fabrikam" matches regex "b.*k"');
    no('"Fabrikam" matches regex "^k"');
  });
  it('matches regex honours a leading (?i) (RE2 inline flag), and is case-sensitive without it', () => {
    yes('"Fabrikam" matches regex "(?i)^FAB"');
    no('"Fabrikam" matches regex "^FAB"');
  });
});

describe('comparisons and logic', () => {
  it('between is inclusive', () => {
    yes('5 between (1 .. 10)');
    yes('10 between (1 .. 10)');
    yes('5 !between (1 .. 4)');
    yes('datetime(2024-01-01 10:00) between (datetime(2024-01-01) .. 1d)');
  });
  it('uses three-valued logic with null', () => {
    expect(evaluate('int(null) > 3 or true')).toBe(true);
    expect(evaluate('int(null) > 3 and false')).toBe(false);
    expect(evaluate('int(null) > 3 and true')).toBeNull();
    expect(evaluate('not(int(null) > 3)')).toBeNull();
  });
});
