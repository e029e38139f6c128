// The one base of the rune classes that own a worker pool (Playground, Sweep): the pool exists
// only between attach() and detach() — which a page calls from onMount and its cleanup, so no
// worker is created during prerender — and while attached, a read-only debug handle for the
// browser tests sits on window (window.__playground, window.__sweep).
import { createBrowserWorker, WorkerPool, type CreateWorker, type PoolListener, type Speed } from './pool';

export interface PoolOwnerOptions {
	/** worker factory; default a module worker running trainer.worker.ts */
	createWorker?: CreateWorker;
	/** workers computing at once; default navigator.hardwareConcurrency */
	concurrency?: number;
	/** install the debug handle on window (default true in the browser) */
	debugHandle?: boolean;
}

type DebugKey = '__playground' | '__sweep';
/** the facts of the debug handle that the base supplies */
export type PoolFacts = 'liveWorkers' | 'workersCreated';

export abstract class PoolOwner<Debug> {
	protected pool: WorkerPool | null = null;

	constructor(
		private readonly debugKey: DebugKey,
		protected readonly ownerOpts: PoolOwnerOptions
	) {}

	get attached(): boolean {
		return this.pool !== null;
	}
	get liveWorkers(): number {
		return this.pool?.liveWorkers ?? 0;
	}
	get workersCreated(): number {
		return this.pool?.workersCreated ?? 0;
	}

	/** what the pool reports back: a run started, a chunk arrived, a status changed */
	protected abstract listener(): PoolListener;
	/**
	 * read-only facts (and fault injection) for the browser tests, besides the two every owner
	 * has (liveWorkers, workersCreated), which attach() adds
	 */
	protected abstract debugHandle(): Omit<Debug, PoolFacts>;
	/** extra pool settings (the playground's round length and speed) */
	protected poolExtras(): { roundMs?: number; speed?: Speed } {
		return {};
	}
	/** after the pool exists (the playground starts its runs) */
	protected onAttach(): void {}
	/** before the pool goes (the sweep cancels its jobs) */
	protected onDetach(): void {}

	/** Creates the pool (browser only); returns detach, for onMount's cleanup. */
	attach(): () => void {
		if (!this.pool) {
			this.pool = new WorkerPool({
				createWorker: this.ownerOpts.createWorker ?? createBrowserWorker,
				concurrency: this.ownerOpts.concurrency,
				...this.poolExtras(),
				listener: this.listener()
			});
			this.onAttach();
			if ((this.ownerOpts.debugHandle ?? true) && typeof window !== 'undefined') (window as unknown as Record<DebugKey, Debug>)[this.debugKey] = this.fullDebugHandle();
		}
		return () => this.detach();
	}

	private fullDebugHandle(): Debug {
		return Object.defineProperties(this.debugHandle(), {
			liveWorkers: { get: () => this.liveWorkers, enumerable: true },
			workersCreated: { get: () => this.workersCreated, enumerable: true }
		}) as Debug;
	}

	/** terminates every worker */
	detach(): void {
		this.onDetach();
		this.pool?.destroy();
		this.pool = null;
		if (typeof window !== 'undefined') delete (window as unknown as Partial<Record<DebugKey, Debug>>)[this.debugKey];
	}
}
