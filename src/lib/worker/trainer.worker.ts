// The training worker: one run per worker, its API declared once below and its type exported, so
// the main thread imports the type only (`import type { TrainerApi }`). All logic lives in
// session.ts (tested in Node); this file only fetches data and exposes the session. No DOM here.
//
// Cancelling is terminating: the pool never asks a worker to stop, it calls worker.terminate().
import * as Comlink from 'comlink';
import type { RunSpec, SharedSettings } from '../experiment/model';
import { RunSession, transferablesOf, type Chunk, type SessionInfo } from './session';
import { PROBE_N, RunInspector } from './inspector';
import { initialActivationProfile, probeBatch, type Snapshot } from '../engine/inspect/snapshots';
import type { InitConfig } from '../engine/types';

export interface InitProfileResult {
	label: string;
	snapshot: Snapshot;
}
import type { TrajectoryDrain } from '../engine/landscape/trajectory';
import { modelToJson } from '../experiment/model-file';

export interface WorkerStart {
	/** plain data — pass $state.snapshot(...) from the main thread, never a $state proxy */
	shared: SharedSettings;
	run: RunSpec;
	/** absolute URL of mnist.bin (a worker resolves relative URLs against its own script) */
	mnistUrl?: string;
	/** record snapshots, trajectory and data views (default true; the LR sweep turns them off) */
	inspect?: boolean;
}

export interface WorkerAdvance {
	maxSteps: number;
	maxMillis: number;
}

export type CrashKind = 'reject' | 'uncaught';

const session = new RunSession();
let lastStart: WorkerStart | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
	const res = await fetch(url);
	if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
	return new Uint8Array(await res.arrayBuffer());
}

const api = {
	async start(req: WorkerStart): Promise<SessionInfo> {
		let mnistBytes: Uint8Array | undefined;
		if (req.shared.dataset === 'mnist') {
			if (!req.mnistUrl) throw new Error('the MNIST data set needs mnistUrl');
			mnistBytes = await fetchBytes(req.mnistUrl);
		}
		lastStart = req;
		const info = session.start({ shared: req.shared, run: req.run, mnistBytes, initialChunk: true, inspect: req.inspect });
		return Comlink.transfer(info, transferablesOf(info));
	},

	advance(req: WorkerAdvance): Chunk {
		const chunk = session.advance(req.maxSteps, req.maxMillis);
		return Comlink.transfer(chunk, transferablesOf(chunk));
	},

	/** the kept θ snapshots of this run (copies), for the weight-space view */
	trajectory(): TrajectoryDrain {
		const inspector = session.inspector;
		const drain: TrajectoryDrain = inspector instanceof RunInspector ? inspector.drainTrajectory() : { added: [], retained: [] };
		return Comlink.transfer(drain, transferablesOf(drain));
	},

	/**
	 * Step-0 profiles of fresh nets — one per init — on this run's data and probe batch, without
	 * training: for the "initialization at step 0" view. `hidden` may differ from the run's (e.g. a
	 * deep 8 × 64 net), so the view can show vanishing and exploding activations before anyone
	 * presses play.
	 */
	initProfiles(hidden: number[], inits: { label: string; init: InitConfig }[]): InitProfileResult[] {
		if (!lastStart) throw new Error('initProfiles before start');
		const ds = session.dataset;
		const probe = probeBatch(ds, Math.min(PROBE_N, ds.testY.length));
		const sizes = [ds.inputDim, ...hidden, ds.nClasses];
		const out = inits.map(({ label, init }) => ({
			label,
			snapshot: initialActivationProfile(sizes, lastStart!.shared.activation, init, lastStart!.shared.seed, probe.x, probe.n, { probeY: probe.y })
		}));
		return Comlink.transfer(out, transferablesOf(out));
	},

	/** the trained model in the CLI's --save-model JSON format */
	modelJson(): string {
		const t = session.trainer;
		if (!lastStart) throw new Error('modelJson before start');
		return JSON.stringify(modelToJson(t.mlp, lastStart.shared, lastStart.run, t.stepCount));
	},

	/** logits (n, C) for rows x (n, IN); rawInputs = x in data units, preprocessed here */
	predict(x: Float32Array, n: number, rawInputs: boolean): Float32Array {
		const logits = Float32Array.from(session.predict(x, n, rawInputs));
		return Comlink.transfer(logits, [logits.buffer]);
	},

	/**
	 * For robustness tests. 'reject' throws inside this call (the caller's promise rejects);
	 * 'uncaught' throws outside any call, which fires the Worker's 'error' event on the main thread.
	 */
	crash(kind: CrashKind = 'uncaught'): void {
		const error = new Error(`crash requested (${kind})`);
		if (kind === 'reject') throw error;
		setTimeout(() => {
			throw error;
		}, 0);
	}
};

export type TrainerApi = typeof api;

Comlink.expose(api);
