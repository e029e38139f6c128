// Merges Stryker JSON reports of runs over different module groups into one report, which serves
// as the incremental file of the next run (stryker.config.mjs: incrementalFile) and as the input
// of scores.mjs. Test ids are per run, so every test is renumbered by (test file, test name) and
// each mutant's coveredBy/killedBy follows. When two reports hold the same source file, the later
// one on the command line wins; for a test file, the latest version seen is kept.
//   node tests/mutation/merge-reports.mjs out.json reports/m-a/mutation.json reports/m-b/mutation.json …
//   node tests/mutation/merge-reports.mjs tests/mutation/stryker-incremental.json tests/mutation/stryker-incremental.json \
//     reports/m-kernels/mutation.json=engine/kernels.ts     # only the file that run mutated
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
	console.error('usage: node tests/mutation/merge-reports.mjs out.json report.json …');
	process.exit(2);
}

const merged = { files: {}, testFiles: {} };
/** `${file}\u0000${name}` → new id */
const ids = new Map();
const idFor = (file, name) => {
	const key = `${file}\u0000${name}`;
	if (!ids.has(key)) ids.set(key, String(ids.size));
	return ids.get(key);
};

for (const input of inputs) {
	// `report.json=a.ts,b.ts`: only the source files whose path contains one of them. A run's report also holds
	// every other file of its incremental file as it was then: merged whole, those stale copies
	// would replace newer results of other runs.
	const [path, only] = input.split('=');
	const report = JSON.parse(readFileSync(path, 'utf8'));
	if (only) {
		const keep = only.split(',');
		for (const file of Object.keys(report.files)) if (!keep.some((k) => file.includes(k))) delete report.files[file];
	}
	for (const k of ['schemaVersion', 'thresholds', 'projectRoot', 'config', 'framework']) if (report[k] !== undefined) merged[k] = report[k];
	const remap = new Map();
	for (const [file, tf] of Object.entries(report.testFiles ?? {})) {
		const tests = tf.tests.map((t) => {
			const id = idFor(file, t.name);
			remap.set(t.id, id);
			return { ...t, id };
		});
		const prev = merged.testFiles[file];
		const byId = new Map((prev?.tests ?? []).map((t) => [t.id, t]));
		for (const t of tests) byId.set(t.id, t);
		merged.testFiles[file] = { ...tf, tests: [...byId.values()] };
	}
	const map = (list) => list?.map((id) => remap.get(id) ?? id);
	for (const [file, result] of Object.entries(report.files)) {
		merged.files[file] = {
			...result,
			mutants: result.mutants.map((m) => ({ ...m, coveredBy: map(m.coveredBy), killedBy: map(m.killedBy) }))
		};
	}
}

writeFileSync(out, JSON.stringify(merged));
console.log(`${Object.keys(merged.files).length} source files, ${ids.size} tests → ${out}`);
