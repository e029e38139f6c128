// The landscape worker: holds every run's θ snapshots and computes the shared plane, the projected
// paths and the loss grid off the main thread. All logic is in landscape.ts (tested in Node).
import * as Comlink from 'comlink';
import type { SharedSettings } from '../experiment/model';
import type { TrajectoryDrain } from '../engine/loss-plane/trajectory';
import { LossPlaneStore, type LossPlaneResult, type LeftOut } from './loss-plane';
import { transferablesOf } from './session';
import { fetchBytes } from './data';

const store = new LossPlaneStore();

const api = {
	async reset(shared: SharedSettings, mnistUrl?: string): Promise<void> {
		let bytes: Uint8Array | undefined;
		if (shared.dataset === 'mnist') {
			if (!mnistUrl) throw new Error('the MNIST data set needs mnistUrl');
			bytes = await fetchBytes(mnistUrl);
		}
		store.reset(shared, bytes);
	},
	add(id: string, drain: TrajectoryDrain): void {
		store.add(id, drain);
	},
	remove(id: string): void {
		store.remove(id);
	},
	compute(n: number, onRow?: (row: number, n: number) => void, diverged: LeftOut[] = []): LossPlaneResult {
		const result = store.compute(n, onRow, diverged);
		return Comlink.transfer(result, transferablesOf(result));
	}
};

export type LossPlaneApi = typeof api;

Comlink.expose(api);
