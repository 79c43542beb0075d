/* eslint-disable no-console -- a build script reports to the terminal */
/**
 * Draws Polku's icons (a white winding path on teal) into static/icons as PNG, with no
 * dependency beyond node:zlib. Run once after changing the design: `node scripts/make-icons.js`;
 * the PNGs are committed. static/favicon.svg is the same drawing as a vector.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [0x0b, 0x5c, 0x57];
const WHITE = [0xff, 0xff, 0xff];

// The path, in a 0..1 box: a cubic Bézier S-curve from bottom-left to top-right.
const P = [
	[0.28, 0.82],
	[0.95, 0.72],
	[0.05, 0.3],
	[0.72, 0.18]
];
function bezier(t) {
	const u = 1 - t;
	return [0, 1].map((k) => u * u * u * P[0][k] + 3 * u * u * t * P[1][k] + 3 * u * t * t * P[2][k] + t * t * t * P[3][k]);
}
const SEGMENTS = Array.from({ length: 64 }, (_, i) => [bezier(i / 64), bezier((i + 1) / 64)]);

function distanceToSegment([px, py], [[ax, ay], [bx, by]]) {
	const dx = bx - ax;
	const dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * @param {number} size pixels
 * @param {number} scale how much of the square the drawing fills (maskable icons keep a safe zone)
 * @param {number} radius corner radius as a share of the size (0 = full bleed)
 */
function draw(size, scale, radius) {
	const rgba = Buffer.alloc(size * size * 4);
	const width = 0.085; // stroke half-width in the 0..1 box
	const samples = 4;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			let cover = 0;
			let inside = 0;
			for (let sy = 0; sy < samples; sy++) {
				for (let sx = 0; sx < samples; sx++) {
					const fx = (x + (sx + 0.5) / samples) / size;
					const fy = (y + (sy + 0.5) / samples) / size;
					// Rounded-square mask.
					const r = radius;
					const cx = Math.min(Math.max(fx, r), 1 - r);
					const cy = Math.min(Math.max(fy, r), 1 - r);
					if (r > 0 && Math.hypot(fx - cx, fy - cy) > r) continue;
					inside += 1;
					const q = [(fx - 0.5) / scale + 0.5, (fy - 0.5) / scale + 0.5];
					const d = Math.min(...SEGMENTS.map((s) => distanceToSegment(q, s)));
					if (d <= width) cover += 1;
				}
			}
			const n = samples * samples;
			const a = cover / Math.max(inside, 1);
			const i = (y * size + x) * 4;
			for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(TEAL[c] * (1 - a) + WHITE[c] * a);
			rgba[i + 3] = Math.round((inside / n) * 255);
		}
	}
	return png(size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // RGBA
	const raw = Buffer.alloc((size * 4 + 1) * size);
	for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const out = new URL('../static/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
const icons = {
	'icon-192.png': draw(192, 1, 0.18),
	'icon-512.png': draw(512, 1, 0.18),
	'maskable-192.png': draw(192, 0.72, 0),
	'maskable-512.png': draw(512, 0.72, 0),
	'apple-touch-icon.png': draw(180, 0.85, 0)
};
for (const [name, data] of Object.entries(icons)) {
	writeFileSync(new URL(name, out), data);
	console.log(`static/icons/${name}: ${data.length} bytes`);
}
