// `surface`: an optimizer on a 2-D test function, in float64; prints the trajectory.
import { Rng } from '../lib/engine/rng';
import { runTestFunction, TEST_FUNCTIONS, testFunctionNames } from '../lib/engine/test-functions';
import { choiceFlag, CliError, intFlag, numberFlag, parseFlags, pointFlag, helpText, type FlagSpec } from './args';
import { flagSpecs, OPTIMIZER_FIELDS, optimizerFromFlags } from './experiment-flags';

export const SURFACE_FLAGS: Record<string, FlagSpec> = {
	fn: { kind: 'string', help: `${testFunctionNames.join('|')} (default rosenbrock)` },
	...flagSpecs(OPTIMIZER_FIELDS, { optimizer: 'sgd', lr: "the function's suggested rate" }),
	steps: { kind: 'string', help: 'number of steps, 0–1000000 (default: the function\'s suggested count)' },
	from: { kind: 'string', help: 'start point X,Y (default: the function\'s suggested start)' },
	noise: { kind: 'string', help: 'σ ≥ 0 of gaussian noise added to each gradient (default 0)' },
	seed: { kind: 'string', help: 'seed of the gradient noise, 0–4294967295 (default 0)' },
	format: { kind: 'string', help: 'json|csv (default json)' },
	help: { kind: 'bool', help: 'show this help' }
};

export function surfaceCommand(argv: string[]): string {
	const flags = parseFlags(argv, SURFACE_FLAGS);
	if (flags.has('help')) return helpText('surface', 'run an optimizer on a 2-D test function and print its path', SURFACE_FLAGS);
	const fn = choiceFlag(flags, 'fn', testFunctionNames) ?? 'rosenbrock';
	const surface = TEST_FUNCTIONS[fn];
	const optimizer = optimizerFromFlags(flags, 'sgd', (name) => surface.lr[name]);
	const steps = intFlag(flags, 'steps', 0, 1_000_000) ?? surface.steps;
	const from = pointFlag(flags, 'from') ?? [surface.start[0], surface.start[1]];
	if (!Number.isFinite(surface.f(from[0], from[1])))
		throw new CliError(`--from: ${fn}'s value at (${from[0]}, ${from[1]}) is not a finite number; start nearer the minimum (suggested ${surface.start.join(',')})`);
	const noiseStd = numberFlag(flags, 'noise', (v) => v >= 0 && v <= 1e6, 'a number ≥ 0') ?? 0;
	const seed = intFlag(flags, 'seed', 0, 4294967295) ?? 0;
	const format = choiceFlag(flags, 'format', ['json', 'csv'] as const) ?? 'json';
	let run;
	try {
		run = runTestFunction({ fn, optimizer, from, steps, noise: noiseStd > 0 ? { std: noiseStd, rng: new Rng(seed) } : undefined });
	} catch (e) {
		// runTestFunction names its own argument ("surface: steps must be …"); the flags are checked above
		throw new CliError(e instanceof Error ? e.message : String(e));
	}
	if (format === 'csv') {
		const rows = run.points.map(([x, y, f], i) => `${i},${x},${y},${f}`);
		return ['step,x,y,f', ...rows].join('\n') + '\n';
	}
	return (
		JSON.stringify({
			fn,
			formula: surface.formula,
			optimizer,
			steps,
			from,
			status: run.status,
			...(run.divergedAt !== undefined ? { divergedAt: run.divergedAt } : {}),
			points: run.points
		}) + '\n'
	);
}
