// A "worker" for Node tests: the real worker API (createTrainerApi) exposed with Comlink over a
// MessageChannel, so calls go through structured clone and transfer exactly as in the browser.
// terminate() closes the channel (pending calls never settle, like a terminated Worker).
import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import { createTrainerApi, type TrainerApi } from '../../src/lib/worker/api';
import type { WorkerHandle } from '../../src/lib/state/pool';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';

export interface InProcessWorld {
	created: number;
	terminated: number;
	/** fires the last worker's 'error' event */
	errors: ((reason: string) => void)[];
	/** the workers' clock (platform.now); default performance.now */
	now?: () => number;
}

export function inProcessWorker(world: InProcessWorld): WorkerHandle {
	world.created++;
	const { port1, port2 } = new MessageChannel();
	let closed = false;
	const api = createTrainerApi({
		fetchBytes: async () => new Uint8Array(readFileSync(MNIST_BIN_PATH)),
		transfer: (value, buffers) => Comlink.transfer(value, buffers),
		close: () => {
			closed = true;
			port1.close();
		},
		now: () => (world.now ? world.now() : performance.now())
	});
	Comlink.expose(api, port1 as unknown as Comlink.Endpoint);
	const remote = Comlink.wrap<TrainerApi>(port2 as unknown as Comlink.Endpoint);
	let listener: (reason: string) => void = () => {};
	world.errors.push((reason) => listener(reason));
	return {
		api: remote,
		onError: (l) => void (listener = l),
		terminate: () => {
			world.terminated++;
			if (!closed) port1.close();
			port2.close();
		}
	};
}
