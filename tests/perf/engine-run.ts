// One CLI training run (`npm run cli -- train …`, the very same trainCommand) timed from the first
// step to the end, i.e. with the process start-up, module loading and data loading taken off:
// trainCommand reads the clock for the first time right before its training loop.
// Prints {"ms": …} on stdout. Used by page-vs-engine.ts.
import { trainCommand } from '../../src/cli/train';

let first: number | null = null;
const now = (): number => {
	const t = performance.now();
	if (first === null) first = t;
	return t;
};
trainCommand(process.argv.slice(2), () => {}, now);
const end = performance.now();
process.stdout.write(`${JSON.stringify({ ms: end - (first ?? end) })}\n`);
