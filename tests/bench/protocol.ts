// Messages between the bench's main thread and the worker that hosts one peer. Each peer runs in
// its own worker (its own V8 isolate: no JIT feedback or TF.js engine shared with another peer);
// the main thread asks one worker at a time to run, so measurements stay single-threaded, and it
// interleaves the peers' repetitions so that a burst of load on the shared machine hits them all.
import type { Workload } from './workloads';

export interface WorkerInput {
	workload: Workload['id'];
	peer: string;
}

export type Request = { cmd: 'warmup'; sec: number } | { cmd: 'run'; steps: number };

/** seconds taken, on the wall clock and the thread's CPU clock (NaN where there is none) */
export interface Elapsed {
	wall: number;
	cpu: number;
}

export type Reply =
	| { kind: 'ready'; label: string; loss: [number, number]; info: string | null }
	| { kind: 'warmup'; steps: number; elapsed: Elapsed }
	| { kind: 'run'; elapsed: Elapsed };
