// Training speed caps offered by the control bar, and the default per data set.
import type { DatasetName } from '../engine/types';
import type { Speed } from '../state/pool';

export const SPEEDS: { value: Speed; label: string }[] = [
	{ value: 5, label: '5 steps/s' },
	{ value: 20, label: '20 steps/s' },
	{ value: 50, label: '50 steps/s' },
	{ value: 150, label: '150 steps/s' },
	{ value: 500, label: '500 steps/s' },
	{ value: 'max', label: 'as fast as possible' }
];

/**
 * A 2-D set trains 3,000 steps in well under a second at full speed — nothing to watch. At 150
 * steps/s the same run takes 20 s: the decision boundary and the curves move at a pace a class can
 * follow. MNIST steps are slower and its charts are read as they come, so it runs at full speed.
 */
export const WATCHABLE_SPEED = 150;

export function defaultSpeedFor(dataset: DatasetName): Speed {
	return dataset === 'mnist' ? 'max' : WATCHABLE_SPEED;
}
