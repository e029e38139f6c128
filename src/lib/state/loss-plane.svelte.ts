// Page-side state of the weight-space view. Its store and computation live in one worker of the
// training pool (WorkerPool.planePort; api.ts plane* calls), on the data set that worker already
// holds — no third thread competing for the cores, no second copy of MNIST. Each run's trajectory
// snapshots are drained from its own worker and transferred there (never kept on the main thread);
// the grid is computed one row per call, so the lockstep rounds of training go on in between.
import * as Comlink from 'comlink';
import type { Experiment } from '../experiment/model';
import type { LossPlaneResult, LeftOut } from '../worker/loss-plane';
import type { PlanePort, RunPort } from './pool';
import { mnistBinUrl } from './assets';

export type LossPlaneStatus = 'idle' | 'computing' | 'ready' | 'error';

/** grid rows per call into the pool worker: one row of the 21 × 21 MNIST grid is ~2,700 probe rows forward */
const ROWS_PER_CALL = 1;

export class LossPlaneState {
	status: LossPlaneStatus = $state('idle');
	message = $state('');
	progress = $state(0);
	result: LossPlaneResult | null = $state.raw(null);

	private generation = 0;
	/** the store must be rebuilt (new experiment, reset) before the next refresh */
	private stale = true;
	/** the PlanePort token the store was built in (a new worker has an empty store) */
	private token = -1;
	private known = new Set<string>();

	/**
	 * Gathers every run's new snapshots (drains are incremental) and recomputes. The store is rebuilt
	 * after `invalidate` (a new experiment or a reset) or when its worker changed. Runs listed in
	 * `diverged` are left out of the plane and the grid (the result says so).
	 */
	async refresh(experiment: Experiment, ports: { id: string; port: RunPort | null }[], gridN: number, diverged: LeftOut[] = [], plane: PlanePort | null = null): Promise<void> {
		const gen = ++this.generation;
		this.status = 'computing';
		this.progress = 0;
		this.message = 'collecting the runs’ paths…';
		try {
			if (!plane) throw new Error('the landscape needs the training workers: start the runs first');
			const shared = experiment.shared;
			const mnistUrl = shared.dataset === 'mnist' ? mnistBinUrl() : undefined;
			if (this.stale || plane.token !== this.token) {
				await plane.reset(shared, mnistUrl);
				this.stale = false;
				this.token = plane.token;
				this.known.clear();
			}
			const ids = new Set(ports.map((p) => p.id));
			for (const id of this.known) if (!ids.has(id)) await plane.remove(id);
			this.known = ids;
			for (const { id, port } of ports) {
				if (!port) continue;
				const drain = await port.trajectory();
				await plane.add(id, Comlink.transfer(drain, drain.added.map((s) => s.params.buffer as ArrayBuffer)));
			}
			if (gen !== this.generation) return;
			this.message = 'computing the loss on the plane…';
			const rows = await plane.begin(gridN, diverged);
			for (let done = 0; done < rows; ) {
				done = await plane.rows(ROWS_PER_CALL);
				if (gen !== this.generation) return;
				this.progress = done / rows;
			}
			const result = await plane.result();
			if (gen !== this.generation) return;
			this.result = result;
			this.status = 'ready';
			this.message = '';
		} catch (e) {
			if (gen !== this.generation) return;
			this.status = 'error';
			this.message = e instanceof Error ? e.message : String(e);
		}
	}

	/** forget the result (the experiment changed); the store is reset on the next refresh */
	invalidate(): void {
		this.generation++;
		this.stale = true;
		this.result = null;
		this.status = 'idle';
		this.message = '';
	}

	/** the page is going away (the pool, and with it the store, goes with the playground) */
	destroy(): void {
		this.generation++;
	}
}
