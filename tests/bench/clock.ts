// Two clocks for a timed repetition: wall time, and the CPU time of the calling thread.
//
// The bench machine is shared: other jobs preempt the benchmark thread, which stretches its wall
// time by however long it waited, while its own CPU time stays close to the work it did (cache
// pollution from the other jobs still leaks in). Linux exposes a thread's CPU time in ns as the
// first field of /proc/thread-self/schedstat; elsewhere only wall time is available.
import { readFileSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';

function readSchedstat(): number | null {
	try {
		const ns = Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
		return Number.isFinite(ns) && ns > 0 ? ns / 1e9 : null;
	} catch {
		return null;
	}
}

export const hasThreadCpuClock = readSchedstat() !== null;

/** seconds of CPU time this thread has used, or NaN without a thread clock */
export function threadCpuSeconds(): number {
	return hasThreadCpuClock ? (readSchedstat() ?? Number.NaN) : Number.NaN;
}

export function wallSeconds(): number {
	return performance.now() / 1000;
}
