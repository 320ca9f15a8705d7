/** Scalar conversions shared by the functions: to numbers, long/real, bin and start-of-period arithmetic. */
import { EPOCH_OFFSET_MS, MS_PER_TICK, type ScalarType, type Value } from '../values';

export function toNumberOrNull(v: Value): number | null {
  return typeof v === 'number' ? v : null;
}

/** A dynamic operand used as a number: numbers pass, anything else is null. */
export function asNumber(v: Value): number | null {
  if (typeof v === 'number') return v;
  return null;
}

export function toLong(v: Value, type: ScalarType): number | null {
  if (v === null) return null;
  if (type === 'datetime') return Math.round(((v as number) + EPOCH_OFFSET_MS) / MS_PER_TICK);
  if (type === 'timespan') return Math.round((v as number) / MS_PER_TICK);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    return /^[+-]?\d+$/.test(s) ? Number(s) : null;
  }
  return null;
}

export function toReal(v: Value, type: ScalarType): number | null {
  if (v === null) return null;
  if (type === 'datetime') return ((v as number) + EPOCH_OFFSET_MS) / MS_PER_TICK;
  if (type === 'timespan') return (v as number) / MS_PER_TICK;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    const lower = s.toLowerCase();
    if (lower === 'nan') return NaN;
    if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
    if (lower === '-inf' || lower === '-infinity') return -Infinity;
    const n = Number(s);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** bin(value, size): round down to a multiple of size (datetimes from 0001-01-01, like Kusto's ticks). */
export function binValue(v: Value, size: Value, type: ScalarType): Value {
  if (typeof v !== 'number' || typeof size !== 'number' || size <= 0) return null;
  if (type === 'datetime') return Math.floor((v + EPOCH_OFFSET_MS) / size) * size - EPOCH_OFFSET_MS;
  return Math.floor(v / size) * size;
}

export function startOf(name: string, ms: number, offset: number): number {
  const d = new Date(Math.floor(ms));
  switch (name) {
    case 'startofday':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset);
    case 'endofday':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset + 1) - MS_PER_TICK;
    case 'startofweek':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay() + 7 * offset);
    case 'startofmonth':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
    default:
      return Date.UTC(d.getUTCFullYear() + offset, 0, 1);
  }
}
