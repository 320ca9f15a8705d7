/**
 * IoT Hub's `deviceConnectionStateEventInfo.sequenceNumber`: "a string representation of a
 * hexadecimal number" (a 256-bit value, 64 hex digits in every sample) that strictly increases
 * per device, so it orders a device's connect/disconnect events where Event Grid's delivery order
 * does not. The docs say plain string comparison works; that holds only while both strings have
 * the same width and the same letter case, so we compare them as numbers instead: strip leading
 * zeros, the longer digit string is the larger, equal lengths compare digit by digit
 * case-insensitively. Same answer as string comparison for the documented fixed-width form, and
 * still right if a producer ever drops leading zeros or lower-cases the letters.
 */

const HEX = /^[0-9A-Fa-f]{1,128}$/;

/** True for a value that can be compared (hex digits only, at most 128 of them). */
export function isSequenceNumber(value: string): boolean {
  return HEX.test(value);
}

/** The canonical form we store: upper case, as IoT Hub sends it (leading zeros kept). */
export function normalizeSequenceNumber(value: string): string {
  if (!isSequenceNumber(value)) throw new RangeError(`Not a hexadecimal sequence number: "${value}"`);
  return value.toUpperCase();
}

/** Negative when `a` is older than `b`, 0 when they are the same number, positive when newer. */
export function compareSequenceNumbers(a: string, b: string): number {
  const left = significant(a);
  const right = significant(b);
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}

function significant(value: string): string {
  return normalizeSequenceNumber(value).replace(/^0+(?=.)/, '');
}
