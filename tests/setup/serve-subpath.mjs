// Serves build-subpath/ (built with BASE_PATH=/playground) under /playground on the given port, like
// a static host that mounts the site in a sub-folder. Used by tests/e2e/subpath.spec.ts.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const port = Number(process.argv[2] ?? 4174);
const root = join(process.cwd(), 'build-subpath');
const BASE = '/playground';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.bin': 'application/octet-stream', '.wasm': 'application/wasm' };

createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://x');
	if (!url.pathname.startsWith(BASE + '/')) {
		res.writeHead(404).end('not under ' + BASE);
		return;
	}
	let rel = normalize(decodeURIComponent(url.pathname.slice(BASE.length))).replace(/^(\.\.[/\\])+/, '');
	let file = join(root, rel);
	if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
	if (!existsSync(file)) {
		res.writeHead(404).end('not found');
		return;
	}
	res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
	createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1');
