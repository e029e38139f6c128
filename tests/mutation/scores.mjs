// Per-directory mutation scores from one or more Stryker JSON reports (the mutation-testing-report
// schema Stryker writes to reports/…/mutation.json and to the incremental file).
//   node tests/mutation/scores.mjs [report.json …]   (default: tests/mutation/stryker-incremental.json)
// Score as Stryker defines it: (killed + timeout) / (killed + timeout + survived + no coverage);
// ignored mutants and compile/runtime errors are left out. When several reports hold the same
// file, the later one on the command line wins (pass older runs first).
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) files.push('tests/mutation/stryker-incremental.json');

/** @type {Map<string, Record<string, number>>} */
const byFile = new Map();
for (const f of files) {
	const report = JSON.parse(readFileSync(f, 'utf8'));
	for (const [name, result] of Object.entries(report.files)) {
		const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
		for (const m of result.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
		byFile.set(name, counts);
	}
}

const score = (c) => {
	const detected = c.Killed + c.Timeout;
	const valid = detected + c.Survived + c.NoCoverage;
	return valid === 0 ? NaN : (100 * detected) / valid;
};
const add = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + (b[k] ?? 0)]));
const zero = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };

const dirs = new Map();
for (const [name, c] of byFile) {
	const top = name.match(/^src\/lib\/(engine|plot)\//)?.[0] ?? name.replace(/[^/]*$/, '');
	dirs.set(top, add(dirs.get(top) ?? zero, c));
}

const row = (label, c) =>
	`${label.padEnd(48)} ${score(c).toFixed(1).padStart(6)} %  killed ${c.Killed + c.Timeout} (timeout ${c.Timeout})  survived ${c.Survived}  no coverage ${c.NoCoverage}`;
for (const [name, c] of [...byFile].sort()) console.log(row(name, c));
console.log('');
for (const [dir, c] of [...dirs].sort()) console.log(row(dir, c));
