// The training worker's API: several runs in one worker, one data set shared by them, advanced in
// lockstep rounds. Declared once here as a plain object (pure apart from the injected platform
// hooks), so Node tests run the very code the worker runs; trainer.worker.ts only exposes it, and
// the main thread holds `Comlink.Remote<TrainerApi>`.
import { initialActivationProfile, probeBatch } from '../engine/inspect/snapshots';
import { TRAJECTORY_BUDGET, type TrajectoryDrain } from '../engine/loss-plane/trajectory';
import { modelToJson } from '../experiment/model-file';
import type { BuiltDataset } from '../experiment/build';
import type { HyperChange } from '../engine/types';
import type { SharedSettings } from '../experiment/model';
import { DataCache, type FetchBytes } from './data';
import { LossPlaneStore, type LeftOut, type LossPlaneResult } from './loss-plane';
import { InitialEvals } from './initial-evals';
import { PROBE_N, RunInspector } from './inspector';
import type { CrashKind, InitProfileRequest, InitProfileResult, InspectorExtras, RoundEntry, RoundOrder, RunInfo, RunRound, StartRequest } from './protocol';
import { RunSession, transferablesOf } from './session';

export interface TrainerPlatform {
	fetchBytes: FetchBytes;
	/** marks a reply's typed arrays for transfer (Comlink.transfer in the worker; identity in Node) */
	transfer<T>(value: T, buffers: ArrayBuffer[]): T;
	/** the worker closing itself (self.close) — for the robustness tests */
	close(): void;
	now(): number;
}

interface Hosted {
	req: StartRequest;
	session: RunSession<InspectorExtras>;
	inspector: RunInspector | null;
	dataset: BuiltDataset;
}

/** the request's trajectory budget when it is a positive number of bytes, else the per-run default */
function budgetOf(req: StartRequest): number {
	const b = req.trajectoryBudget;
	return typeof b === 'number' && Number.isFinite(b) && b > 0 ? b : TRAJECTORY_BUDGET;
}

function reasonOf(err: unknown): string {
	if (err instanceof Error) return err.message || err.name;
	return String(err);
}

export function createTrainerApi(platform: TrainerPlatform) {
	const data = new DataCache(platform.fetchBytes);
	const runs = new Map<string, Hosted>();
	/** θ₀ evaluations shared by this worker's runs that start from the same θ₀ */
	const initialEvals = new InitialEvals();
	/** the weight-space view's store, in whichever pool worker the page chose for it (lazily) */
	let plane: LossPlaneStore | null = null;
	/** the data set the plane's probe batches come from, kept from pruning while the plane uses it */
	let planeData: BuiltDataset | null = null;
	const planeStore = (): LossPlaneStore => {
		if (!plane) throw new Error('landscape: planeReset() first');
		return plane;
	};
	const reply = <T>(value: T): T => platform.transfer(value, transferablesOf(value));

	function hosted(id: string): Hosted {
		const h = runs.get(id);
		if (!h) throw new Error(`this worker does not host run ${JSON.stringify(id)}`);
		return h;
	}

	return {
		/** Starts run `id` (replacing one of that id): data from the shared cache, θ₀ initialised and evaluated. */
		async start(id: string, req: StartRequest): Promise<RunInfo> {
			runs.delete(id);
			const dataset = await data.get(req.shared, req.mnistUrl);
			const session = new RunSession<InspectorExtras>(platform.now);
			let inspector: RunInspector | null = null;
			const info = session.start({
				shared: req.shared,
				run: req.run,
				dataset,
				initialParams: req.initialParams,
				initialChunk: true,
				initialEvals,
				inspect: req.inspect === false ? undefined : (t, d) => (inspector = new RunInspector(t, d, budgetOf(req)))
			});
			runs.set(id, { req, session, inspector, dataset });
			return reply(info);
		},

		/**
		 * One lockstep round: each listed run takes exactly its `steps` (fewer only where it ends or
		 * diverges), one after the other. A run that throws fails alone; the others go on.
		 */
		round(orders: RoundOrder[]): RunRound {
			const t0 = platform.now();
			const entries: RoundEntry<InspectorExtras>[] = [];
			for (const { id, steps } of orders) {
				const h = runs.get(id);
				if (!h) {
					entries.push({ id, error: 'the run is not in this worker' });
					continue;
				}
				try {
					entries.push({ id, chunk: h.session.advance(steps, Infinity) });
				} catch (err) {
					runs.delete(id);
					entries.push({ id, error: reasonOf(err) });
				}
			}
			return reply({ entries, ms: platform.now() - t0 });
		},

		/** forgets a run, and the data sets no run uses any more */
		remove(ids: string[]): void {
			for (const id of ids) runs.delete(id);
			data.prune(new Set([...runs.values()].map((h) => h.dataset).concat(planeData ? [planeData] : [])));
		},

		/**
		 * A live hyper-parameter change of a run, in force from its next update (the worker handles
		 * messages in order, so between two rounds); returns it with the step it took effect at.
		 */
		retune(id: string, change: Omit<HyperChange, 'step'>): HyperChange {
			return hosted(id).session.trainer.retune(change);
		},

		/** the heartbeat: answers at once unless the worker is stuck; the number of runs it hosts */
		ping(): number {
			return runs.size;
		},

		/** the kept θ snapshots of a run (copies), for the weight-space view */
		trajectory(id: string): TrajectoryDrain {
			const inspector = hosted(id).inspector;
			return reply(inspector ? inspector.drainTrajectory() : { added: [], retained: [] });
		},

		/**
		 * Step-0 profiles of fresh nets — one per init — on a run's data and probe batch, without
		 * training: for the "initialization at step 0" view. `hidden` may differ from the run's (e.g. a
		 * deep 8 × 64 net), so the view shows vanishing and exploding activations before anyone plays.
		 */
		initProfiles(id: string, hidden: number[], inits: InitProfileRequest): InitProfileResult[] {
			const { req, dataset: ds } = hosted(id);
			const probe = probeBatch(ds, Math.min(PROBE_N, ds.testY.length));
			const sizes = [ds.inputDim, ...hidden, ds.nClasses];
			return reply(
				inits.map(({ label, init }) => ({
					label,
					snapshot: initialActivationProfile(sizes, req.shared.activation, init, req.shared.seed, probe.x, probe.n, { probeY: probe.y })
				}))
			);
		},

		/** a run's trained model in the CLI's --save-model JSON format */
		modelJson(id: string): string {
			const { req, session } = hosted(id);
			const t = session.trainer;
			return JSON.stringify(modelToJson(t.mlp, req.shared, req.run, t.stepCount));
		},

		/** logits (n, C) of a run's model for rows x (n, IN); rawInputs = x in data units, preprocessed here */
		predict(id: string, x: Float32Array, n: number, rawInputs: boolean): Float32Array {
			return reply(Float32Array.from(hosted(id).session.predict(x, n, rawInputs)));
		},

		// ── the weight-space view (loss-plane.ts), on this worker's data set ─────────────────────
		/** a new experiment for the plane: its runs forgotten, its probe batches from the shared data set */
		async planeReset(shared: SharedSettings, mnistUrl?: string): Promise<void> {
			planeData = await data.get(shared, mnistUrl);
			plane = new LossPlaneStore();
			plane.reset(shared, planeData);
		},
		/** a run's new θ snapshots (drained from its own worker, maybe another one) */
		planeAdd(id: string, drain: TrajectoryDrain): void {
			planeStore().add(id, drain);
		},
		planeRemove(id: string): void {
			planeStore().remove(id);
		},
		/** fits the plane and the paths; returns the grid's rows, computed by planeRows */
		planeBegin(n: number, diverged: LeftOut[]): number {
			return planeStore().begin(n, diverged);
		},
		/** a few more rows of the grid (one call stays short, so rounds go on between calls); rows done */
		planeRows(count: number): number {
			return planeStore().rows(count);
		},
		planeResult(): LossPlaneResult {
			return reply(planeStore().result());
		},

		/** fault injection for the robustness tests (see CrashKind); 'reject' fails run `id` alone */
		crash(kind: CrashKind, id: string): void {
			if (kind === 'reject') {
				runs.delete(id);
				throw new Error('crash requested (reject)');
			}
			setTimeout(() => {
				if (kind === 'close') platform.close();
				else if (kind === 'hang') for (;;) platform.now();
				else throw new Error('crash requested (uncaught)');
			}, 0);
		}
	};
}

export type TrainerApi = ReturnType<typeof createTrainerApi>;
