/**
 * Draws the Teams app icons (appPackage/color.png 192×192, appPackage/outline.png 32×32) and
 * writes them as real PNGs with node:zlib, so the repository needs no image tool and the icons
 * can be redrawn after a change of colour (`npm run icons:generate`; the PNGs are committed).
 *
 * Teams' rules: the colour icon is a full-colour square; the outline icon is white on a
 * transparent background (no other colours). The symbol is a magnifier over a device with a
 * signal arc: triage of IoT devices.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export const APP_PACKAGE_DIR = path.resolve(__dirname, '..', 'appPackage');
/** Accent colour of the app (also `accentColor` in the manifest). */
export const ACCENT = { r: 0x0f, g: 0x6c, b: 0xbd } as const;

type Rgba = readonly [number, number, number, number];

/** Coverage (0..1) of the symbol at point (x, y) of a unit square, for a shape of stroke `weight`. */
function symbolCoverage(x: number, y: number, weight: number): number {
  // Magnifier lens: a ring centred at (0.42, 0.42), radius 0.26.
  const lens = Math.abs(Math.hypot(x - 0.42, y - 0.42) - 0.26) - weight / 2;
  // Handle: a thick segment from the ring towards the lower right corner.
  const handle = segmentDistance(x, y, 0.61, 0.61, 0.82, 0.82) - weight * 0.75;
  // Device inside the lens: a small filled square, with two signal arcs above it.
  const device = Math.max(Math.abs(x - 0.42), Math.abs(y - 0.5)) - 0.045;
  const fromDevice = Math.hypot(x - 0.42, y - 0.5);
  // Only the upward quarter of each circle (between the two 45° diagonals above the device).
  const outsideWedge = y - 0.5 < -Math.abs(x - 0.42) ? 0 : 1;
  const arc =
    Math.min(Math.abs(fromDevice - 0.11), Math.abs(fromDevice - 0.18)) - weight / 3.5 + outsideWedge;
  return Math.min(lens, handle, device, arc) <= 0 ? 1 : 0;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Anti-aliased coverage: 4×4 samples per pixel. */
function coverage(px: number, py: number, size: number, weight: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      hits += symbolCoverage((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size, weight);
    }
  }
  return hits / 16;
}

function draw(size: number, pixel: (covered: number) => Rgba, weight: number): Uint8Array {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      data.set(pixel(coverage(x, y, size, weight)), (y * size + x) * 4);
    }
  }
  return data;
}

/** 192×192: white symbol on the accent colour. */
export function colorIcon(): Uint8Array {
  const mix = (a: number, covered: number) => Math.round(a + (255 - a) * covered);
  return draw(192, (c) => [mix(ACCENT.r, c), mix(ACCENT.g, c), mix(ACCENT.b, c), 255], 0.07);
}

/** 32×32: white symbol, transparent elsewhere (alpha carries the anti-aliasing). */
export function outlineIcon(): Uint8Array {
  return draw(32, (c) => [255, 255, 255, Math.round(255 * c)], 0.09);
}

function chunk(type: string, body: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typeAndBody = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndBody) >>> 0);
  return Buffer.concat([length, typeAndBody, crc]);
}

/** RGBA pixels → PNG bytes (8 bits per channel, colour type 6, filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0;
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

if (require.main === module) {
  writeFileSync(path.join(APP_PACKAGE_DIR, 'color.png'), encodePng(192, 192, colorIcon()));
  writeFileSync(path.join(APP_PACKAGE_DIR, 'outline.png'), encodePng(32, 32, outlineIcon()));
  process.stdout.write('Wrote appPackage/color.png and appPackage/outline.png\n');
}
