// Page-side state of the weight-space view: one landscape worker, fed with each run's trajectory
// snapshots (transferred from the run workers, never kept on the main thread), and the last result.
import * as Comlink from 'comlink';
import type { Experiment } from '../experiment/model';
import type { LossPlaneResult, LeftOut } from '../worker/loss-plane';
import type { LossPlaneApi } from '../worker/loss-plane.worker';
import type { RunPort } from './pool';
import { mnistBinUrl } from './assets';

export type LossPlaneStatus = 'idle' | 'computing' | 'ready' | 'error';

export class LossPlaneState {
	status: LossPlaneStatus = $state('idle');
	message = $state('');
	progress = $state(0);
	result: LossPlaneResult | null = $state.raw(null);

	private worker: Worker | null = null;
	private api: Comlink.Remote<LossPlaneApi> | null = null;
	private generation = 0;
	/** the worker's store must be rebuilt (new experiment, reset) before the next refresh */
	private stale = true;
	private known = new Set<string>();

	private ensure(): Comlink.Remote<LossPlaneApi> {
		if (!this.api) {
			this.worker = new Worker(new URL('../worker/loss-plane.worker.ts', import.meta.url), { type: 'module' });
			this.api = Comlink.wrap<LossPlaneApi>(this.worker);
		}
		return this.api;
	}

	/**
	 * Gathers every run's new snapshots (drains are incremental) and recomputes. The worker's store
	 * is rebuilt only after `invalidate` (a new experiment or a reset: new run workers). Runs listed
	 * in `diverged` are left out of the plane and the grid (the result says so).
	 */
	async refresh(experiment: Experiment, ports: { id: string; port: RunPort | null }[], gridN: number, diverged: LeftOut[] = []): Promise<void> {
		const gen = ++this.generation;
		this.status = 'computing';
		this.progress = 0;
		this.message = 'collecting the runs’ paths…';
		try {
			const api = this.ensure();
			const shared = experiment.shared;
			const mnistUrl = shared.dataset === 'mnist' ? mnistBinUrl() : undefined;
			if (this.stale) {
				await api.reset(shared, mnistUrl);
				this.stale = false;
				this.known.clear();
			}
			const ids = new Set(ports.map((p) => p.id));
			for (const id of this.known) if (!ids.has(id)) await api.remove(id);
			this.known = ids;
			for (const { id, port } of ports) {
				if (!port) continue;
				const drain = await port.trajectory();
				await api.add(id, Comlink.transfer(drain, drain.added.map((s) => s.params.buffer as ArrayBuffer)));
			}
			if (gen !== this.generation) return;
			this.message = 'computing the loss on the plane…';
			const result = await api.compute(
				gridN,
				Comlink.proxy((row: number, n: number) => {
					if (gen === this.generation) this.progress = (row + 1) / n;
				}),
				diverged
			);
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

	/** forget the result (the experiment changed); the worker's store is reset on the next refresh */
	invalidate(): void {
		this.generation++;
		this.stale = true;
		this.result = null;
		this.status = 'idle';
		this.message = '';
	}

	destroy(): void {
		this.generation++;
		this.worker?.terminate();
		this.worker = null;
		this.api = null;
	}
}
