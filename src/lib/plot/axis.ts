// What the loss chart's axes mean: the x position of a step in each axis mode, axis titles and
// tick labels. Every mark of a run (train curve, evaluations, divergence, scrubber) goes through
// xOfStep, so they stay aligned in every mode even when runs differ in batch size or speed.
import { format } from 'd3';
import type { ChartRun } from './series';

export type XAxisMode = 'steps' | 'epochs' | 'examples' | 'time';
export type ChartMetric = 'loss' | 'accuracy';

export type StepMapping = Pick<ChartRun, 'stepsPerEpoch' | 'batchSize' | 'timeAt'>;

/** x of `step` in axis units: steps, epochs, examples seen, or wall-clock seconds */
export function xOfStep(run: StepMapping, mode: XAxisMode, step: number): number {
	switch (mode) {
		case 'steps':
			return step;
		case 'epochs':
			return step / run.stepsPerEpoch;
		case 'examples':
			return step * run.batchSize;
		case 'time':
			return run.timeAt(step) / 1000;
	}
}

export const X_TITLE: Record<XAxisMode, string> = {
	steps: 'step',
	epochs: 'epoch',
	examples: 'training examples seen',
	time: 'wall-clock time'
};

export function yTitle(metric: ChartMetric, logY: boolean): string {
	return metric === 'accuracy' ? 'test accuracy' : logY ? 'loss (log scale)' : 'loss';
}

const si = format('~s');
const general = format('~g');

/** tick label for an x value: 12k examples, 1.5 epochs, 45s or 2:05 of wall-clock time */
export function formatX(mode: XAxisMode, v: number): string {
	if (mode === 'examples' || mode === 'steps') return Math.abs(v) >= 1e4 ? si(v) : general(v);
	if (mode === 'time') {
		if (v < 60) return `${general(v)}s`;
		const m = Math.floor(v / 60);
		const s = Math.round(v - 60 * m);
		return s === 60 ? `${m + 1}:00` : `${m}:${String(s).padStart(2, '0')}`;
	}
	return general(v);
}

const lossFormat = format('.4~g');
const accuracyFormat = format('.1%');

/** a value in the tooltip */
export function formatValue(metric: ChartMetric, v: number): string {
	if (Number.isNaN(v)) return '—';
	if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
	return metric === 'accuracy' ? accuracyFormat(v) : lossFormat(v);
}

export interface Tick {
	value: number;
	/** '' for an unlabelled minor tick (log scales label only some of theirs) */
	label: string;
}

interface TickScale {
	(v: number): number;
	ticks(count?: number): number[];
	domain(): number[];
}

// Wall-clock ticks at whole seconds, minutes or hours, not at d3's decimal 100 s steps.
const TIME_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export function xTicks(scale: TickScale, mode: XAxisMode, count: number): Tick[] {
	const [lo, hi] = scale.domain();
	const span = hi - lo;
	let values = scale.ticks(count);
	if (mode === 'time' && span >= 60) {
		const step = TIME_STEPS.find((s) => span / s <= count) ?? 86400 * Math.ceil(span / count / 86400);
		values = [];
		for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) values.push(v);
	}
	return values.map((value) => ({ value, label: formatX(mode, value) }));
}
