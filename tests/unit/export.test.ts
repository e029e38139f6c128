// Export and import: CSV cells (quoting, the formula-injection guard), the metrics files for a run
// built by hand, file names, the model file (accepted as the CLI writes it, refused when broken),
// and the config file round trip. Every expected string is written out by hand below.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/train';
import { Mlp } from '../../src/lib/engine/mlp';
import { exportFilename, fileSlug, fileTimestamp } from '../../src/lib/export/download';
import {
	csvNumber,
	csvText,
	exportRunOf,
	float32Text,
	metricsCsv,
	metricsJson,
	trainBlockSize,
	trainLossCsv,
	type ExportRun,
	type LiveRun
} from '../../src/lib/export/metrics';
import { MODEL_JSON_MAX, modelFileText, validateModelJson } from '../../src/lib/export/model';
import { DEFAULT_EXPERIMENT, experimentFromJson, experimentToJson, type Experiment, type SharedSettings } from '../../src/lib/experiment/index';
import { modelToJson } from '../../src/lib/experiment/model-file';
import { StepSeries } from '../../src/lib/plot/series';
import type { RunState } from '../../src/lib/state/run.svelte';

// compile-time: the page can pass its live runs straight to exportRunOf
const liveRunOfState: (r: RunState) => LiveRun = (r) => r;
void liveRunOfState;

describe('CSV cells', () => {
	it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
		expect(csvText('plain label')).toBe('plain label');
		expect(csvText('a,b')).toBe('"a,b"');
		expect(csvText('say "hi"')).toBe('"say ""hi"""');
		expect(csvText('two\nlines')).toBe('"two\nlines"');
		expect(csvText('cr\rhere')).toBe('"cr\rhere"');
	});

	it('defuses cells a spreadsheet would run as a formula', () => {
		expect(csvText('=1+1')).toBe("'=1+1");
		expect(csvText('+cmd')).toBe("'+cmd");
		expect(csvText('-2+3')).toBe("'-2+3");
		expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvText('  =1')).toBe("'  =1");
		expect(csvText('\tx')).toBe("'\tx");
		// guarded first, then quoted: the apostrophe ends up inside the quotes
		expect(csvText('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
		// only a leading sign is dangerous
		expect(csvText('lr=0.1')).toBe('lr=0.1');
		expect(csvText('a-b')).toBe('a-b');
	});

	it('writes numbers as they parse back, and non-finite values as NaN / inf / -inf', () => {
		expect(csvNumber(0.1)).toBe('0.1');
		expect(csvNumber(-0.5)).toBe('-0.5'); // a number is never given the apostrophe
		expect(csvNumber(NaN)).toBe('NaN');
		expect(csvNumber(Infinity)).toBe('inf');
		expect(csvNumber(-Infinity)).toBe('-inf');
	});

	it('writes a float32 with the fewest digits that round back to it', () => {
		// fround(0.3) = 0.30000001192092896; "0.3" already rounds to that float32
		expect(float32Text(Float32Array.of(0.3)[0])).toBe('0.3');
		// fround(1/3) = 0.3333333432674408; float32 spacing near 1/3 is 2^-25 ≈ 2.98e-8, so
		// 0.3333333 (4.3e-8 away) is another float32 and 0.33333334 (3.3e-9 away) is the same one
		expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
		// a double that is not a float32 keeps all its digits
		expect(float32Text(0.1)).toBe('0.1');
		expect(float32Text(1 / 3)).toBe('0.3333333333333333');
		expect(float32Text(NaN)).toBe('NaN');
	});
});

/** Two runs, written out by hand: the second has a hostile label. */
function runs(): ExportRun[] {
	return [
		{
			id: 'r0',
			label: 'Adam, "fast"',
			optimizer: { name: 'adam', lr: 0.001 },
			init: { scheme: 'he-normal' },
			// η doubled live after step 25; η and β₁ changed after step 40
			changes: [
				{ step: 25, lr: 0.002 },
				{ step: 40, lr: 0.0005, beta1: 0.8 }
			],
			evals: [
				{ step: 0, epoch: 0, examples: 0, timeMs: 0, testLoss: 1.0986, testAccuracy: 0.3333 },
				{ step: 50, epoch: 2.5, examples: 1600, timeMs: 12.3456789, testLoss: 0.5, testAccuracy: 0.8 }
			],
			trainSteps: Float64Array.of(1, 2, 3),
			trainLoss: Float32Array.of(1.5, 0.75, 0.3),
			status: 'done'
		},
		{
			id: 'r1',
			label: '=cmd|calc',
			optimizer: { name: 'sgd', lr: 0.1 },
			init: { scheme: 'normal', std: 1 },
			evals: [{ step: 0, epoch: 0, examples: 0, timeMs: 0, testLoss: NaN, testAccuracy: 0.25 }],
			trainSteps: Float64Array.of(1),
			trainLoss: Float32Array.of(Infinity),
			status: 'diverged'
		}
	];
}

describe('metrics files', () => {
	it('metricsCsv: the documented header, one row per evaluation per run', () => {
		expect(metricsCsv(runs())).toBe(
			'run_id,label,optimizer,lr,init,step,epoch,examples,time_ms,test_loss,test_accuracy,live_changes\r\n' +
				'r0,"Adam, ""fast""",adam,0.001,he-normal,0,0,0,0,1.0986,0.3333,"25:lr=0.002,40:lr=0.0005:b1=0.8"\r\n' +
				// 12.3456789 ms to the microsecond = 12.346
				'r0,"Adam, ""fast""",adam,0.001,he-normal,50,2.5,1600,12.346,0.5,0.8,"25:lr=0.002,40:lr=0.0005:b1=0.8"\r\n' +
				"r1,'=cmd|calc,sgd,0.1,normal,0,0,0,0,NaN,0.25,\r\n"
		);
	});

	it('metricsCsv of no runs is the header alone', () => {
		expect(metricsCsv([])).toBe('run_id,label,optimizer,lr,init,step,epoch,examples,time_ms,test_loss,test_accuracy,live_changes\r\n');
	});

	it('trainLossCsv: one row per stored step', () => {
		expect(trainLossCsv(runs())).toBe(
			'run_id,label,step,train_loss\r\n' +
				'r0,"Adam, ""fast""",1,1.5\r\n' +
				'r0,"Adam, ""fast""",2,0.75\r\n' +
				'r0,"Adam, ""fast""",3,0.3\r\n' +
				"r1,'=cmd|calc,1,inf\r\n"
		);
	});

	it('trainLossCsv averages in blocks only past the row limit', () => {
		const run: ExportRun = { ...runs()[0], trainSteps: Float64Array.of(1, 2, 3, 4, 5), trainLoss: Float32Array.of(1, NaN, 3, 4, 6) };
		// 5 rows ≤ 5: untouched
		expect(trainLossCsv([run], 5).split('\r\n')).toHaveLength(1 + 5 + 1);
		// at most 2 rows: blocks of ⌈5/2⌉ = 3 give ⌈5/3⌉ = 2 rows:
		//   steps 1..3 → step 2, loss = mean of the finite 1 and 3 = 2;  steps 4, 5 → 4.5, (4+6)/2 = 5
		expect(trainLossCsv([run], 2)).toBe('run_id,label,step,train_loss\r\n' + 'r0,"Adam, ""fast""",2,2\r\n' + 'r0,"Adam, ""fast""",4.5,5\r\n');
	});

	it('trainBlockSize: the smallest block that fits, never beyond one row per run', () => {
		expect(trainBlockSize([3, 3], 6)).toBe(1);
		// 6 points in 4 rows: b = ⌈6/4⌉ = 2 gives 2 + 2 = 4 rows
		expect(trainBlockSize([3, 3], 4)).toBe(2);
		// 3 + 1 points in 2 rows: b = 2 gives 2 + 1 = 3 > 2, b = 3 gives 1 + 1 = 2
		expect(trainBlockSize([3, 1], 2)).toBe(3);
		// three one-point runs cannot go below three rows
		expect(trainBlockSize([1, 1, 1], 2)).toBe(1);
	});

	it('metricsJson: format, config and series per run; non-finite values as null', () => {
		const doc = JSON.parse(metricsJson(runs()));
		expect(doc.format).toBe('optimizer-playground/metrics');
		expect(doc.version).toBe(1);
		expect(doc.runs[0]).toEqual({
			id: 'r0',
			label: 'Adam, "fast"',
			status: 'done',
			optimizer: { name: 'adam', lr: 0.001 },
			init: { scheme: 'he-normal' },
			// η doubled live after step 25; η and β₁ changed after step 40
			changes: [
				{ step: 25, lr: 0.002 },
				{ step: 40, lr: 0.0005, beta1: 0.8 }
			],
			evals: [
				{ step: 0, epoch: 0, examples: 0, timeMs: 0, testLoss: 1.0986, testAccuracy: 0.3333 },
				{ step: 50, epoch: 2.5, examples: 1600, timeMs: 12.346, testLoss: 0.5, testAccuracy: 0.8 }
			],
			train: { step: [1, 2, 3], loss: [1.5, 0.75, 0.3] }
		});
		expect(doc.runs[1].changes).toEqual([]);
		expect(doc.runs[1].evals[0].testLoss).toBeNull();
		expect(doc.runs[1].train.loss).toEqual([null]);
	});

	it('exportRunOf copies the live series, so later steps do not change the export', () => {
		const train = new StepSeries();
		train.append([2, 1], 1);
		const spec = { id: 'r3', label: 'SGD', color: 3, optimizer: { name: 'sgd' as const, lr: 0.1 }, schedule: { kind: 'constant' as const }, init: { scheme: 'zeros' as const } };
		const snap = exportRunOf({ id: 'r3', spec, evals: [], train, status: 'running' });
		train.append([0.5, 0.25], 3);
		expect(Array.from(snap.trainSteps)).toEqual([1, 2]);
		expect(Array.from(snap.trainLoss)).toEqual([2, 1]);
		expect(snap).toMatchObject({ id: 'r3', label: 'SGD', optimizer: { name: 'sgd', lr: 0.1 }, init: { scheme: 'zeros' }, changes: [], status: 'running' });
	});
});

describe('file names', () => {
	it('optimizer-playground-<what>-<yyyymmdd-hhmm>.<ext> in local time', () => {
		const d = new Date(2024, 2, 7, 9, 5); // 7 March 2024, 09:05 local
		expect(fileTimestamp(d)).toBe('20240307-0905');
		expect(exportFilename('metrics', 'csv', d)).toBe('optimizer-playground-metrics-20240307-0905.csv');
		expect(exportFilename('model-Adam (lr=0.001)', 'json', new Date(2025, 11, 31, 23, 59))).toBe(
			'optimizer-playground-model-adam-lr-0.001-20251231-2359.json'
		);
	});

	it('slugs are ASCII, never a path, never empty', () => {
		expect(fileSlug('Résumé ✓')).toBe('resume');
		expect(fileSlug('../../etc/passwd')).toBe('etc-passwd');
		expect(fileSlug('')).toBe('file');
		expect(fileSlug('✓✓')).toBe('file');
		expect(fileSlug('x'.repeat(60))).toBe('x'.repeat(40));
	});
});

// A tiny network [2, 3, 2] with tanh: P = 2·3 + 3 + 3·2 + 2 = 17 parameters, θ_i = (i − 5)/8
// (exact in float32). Layout [W0 (3×2), b0 (3), W1 (2×3), b1 (2)] at offsets 0, 6, 9, 15.
const SHARED: SharedSettings = { ...structuredClone(DEFAULT_EXPERIMENT.shared), hidden: [3], activation: 'tanh' };
const RUN = structuredClone(DEFAULT_EXPERIMENT.runs[0]);

function tinyMlp(): Mlp {
	const mlp = new Mlp({ sizes: [2, 3, 2], activation: 'tanh' });
	for (let i = 0; i < mlp.nParams; i++) mlp.params[i] = (i - 5) / 8;
	return mlp;
}

function tinyFile(edit?: (m: Mlp) => void): string {
	const mlp = tinyMlp();
	edit?.(mlp);
	return modelFileText({ mlp, stepCount: 7 }, SHARED, RUN);
}

function refusal(text: string): string {
	const r = validateModelJson(text);
	if (!('error' in r)) throw new Error('expected a refusal');
	return r.error;
}

describe('model files', () => {
	it('accepts what the export writes, weights out × in like torch.nn.Linear', () => {
		const r = validateModelJson(tinyFile());
		if (!('model' in r)) throw new Error(r.error);
		expect(r.warnings).toEqual([]);
		const m = r.model;
		expect(m.sizes).toEqual([2, 3, 2]);
		expect(m.activation).toBe('tanh');
		expect(m.step).toBe(7);
		// W0 row o = θ[2o], θ[2o+1]: row 0 = (−5/8, −4/8), row 1 = (−3/8, −2/8), row 2 = (−1/8, 0)
		expect(m.layers[0].weight).toEqual([[-0.625, -0.5], [-0.375, -0.25], [-0.125, 0]]);
		expect(m.layers[0].bias).toEqual([0.125, 0.25, 0.375]); // θ6..θ8 = 1/8, 2/8, 3/8
		expect(m.layers[1].weight).toEqual([[0.5, 0.625, 0.75], [0.875, 1, 1.125]]); // θ9..θ14
		expect(m.layers[1].bias).toEqual([1.25, 1.375]); // θ15, θ16
		expect(m.config).toEqual({ shared: SHARED, run: RUN });
	});

	it('writes the same text as modelToJson, the function behind the CLI', () => {
		const mlp = tinyMlp();
		expect(modelFileText({ mlp, stepCount: 7 }, SHARED, RUN)).toBe(JSON.stringify(modelToJson(mlp, SHARED, RUN, 7)));
	});

	it("accepts a file written by the CLI's --save-model", () => {
		const dir = mkdtempSync(join(tmpdir(), 'export-test-'));
		try {
			const path = join(dir, 'model.json');
			trainCommand(['--dataset', 'spiral', '--hidden', '4', '--activation', 'tanh', '--steps', '3', '--batch', '16', '--save-model', path], () => {}, () => 0);
			const r = validateModelJson(readFileSync(path, 'utf8'));
			if (!('model' in r)) throw new Error(r.error);
			expect(r.model.sizes).toEqual([2, 4, 3]); // 2-D points, hidden 4, spiral's default 3 arms
			expect(r.model.step).toBe(3);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses text that is not JSON, or not an object', () => {
		expect(refusal('{"format": ')).toMatch(/^model file: not valid JSON/);
		expect(refusal('[1, 2]')).toMatch(/^model file: must hold a JSON object/);
	});

	it('refuses another format or version', () => {
		const data = JSON.parse(tinyFile());
		expect(refusal(JSON.stringify({ ...data, format: 'optimizer-playground/experiment' }))).toBe(
			'model file: format: must be "optimizer-playground/model", got "optimizer-playground/experiment"'
		);
		expect(refusal(JSON.stringify({ ...data, version: 2 }))).toBe('model file: version: must be 1, got 2 (a newer file than this app reads)');
	});

	it('refuses shapes that do not match sizes', () => {
		const data = JSON.parse(tinyFile());
		const shortRow = structuredClone(data);
		shortRow.layers[0].weight[1] = [0.5];
		expect(refusal(JSON.stringify(shortRow))).toBe('model file: layers[0].weight[1]: must hold 2 numbers, got 1');
		const wrongIn = structuredClone(data);
		wrongIn.layers[1].in = 4;
		expect(refusal(JSON.stringify(wrongIn))).toBe('model file: layers[1].in: must be 3 (sizes[1]), got 4');
		const missingLayer = { ...data, layers: data.layers.slice(0, 1) };
		expect(refusal(JSON.stringify(missingLayer))).toBe('model file: layers: must hold 2 layers (one per pair of sizes), got an array of 1');
		const shortBias = structuredClone(data);
		shortBias.layers[1].bias = [1];
		expect(refusal(JSON.stringify(shortBias))).toBe('model file: layers[1].bias: must hold 2 numbers, got 1');
		const badSize = { ...data, sizes: [2, 3.5, 2] };
		expect(refusal(JSON.stringify(badSize))).toBe('model file: sizes[1]: must be a whole number ≥ 1, got 3.5');
	});

	it('refuses a config that contradicts the weights', () => {
		const data = JSON.parse(tinyFile());
		data.config.shared.hidden = [4];
		expect(refusal(JSON.stringify(data))).toBe('model file: config.shared.hidden: must be [3] to match sizes, got [4]');
	});

	it('refuses NaN (saved as null) and infinite numbers', () => {
		// θ4 is W0 row 2, column 0 (offset 4 = 2·2 + 0)
		expect(refusal(tinyFile((m) => (m.params[4] = NaN)))).toBe(
			'model file: layers[0].weight[2][0]: must be a number, got null (a NaN or infinite value saved as JSON)'
		);
		// JSON.parse reads 1e999 as Infinity; θ15 is b1[0] = 1.25
		const inf = tinyFile().replace('"bias":[1.25,', '"bias":[1e999,');
		expect(refusal(inf)).toBe('model file: layers[1].bias[0]: must be finite, got Infinity');
	});

	it('refuses a file over 20 MB before parsing it', () => {
		expect(refusal(' '.repeat(MODEL_JSON_MAX + 1))).toBe(`model file: at most 20000000 characters (20 MB), got ${MODEL_JSON_MAX + 1}; not read`);
	});

	it('accepts a config beyond the playground limits with a warning naming the field', () => {
		const data = JSON.parse(tinyFile());
		data.config.shared.evalEvery = 2e6; // the CLI allows it, the playground's limit is 1e6
		const r = validateModelJson(JSON.stringify(data));
		if (!('model' in r)) throw new Error(r.error);
		expect(r.warnings).toHaveLength(1);
		expect(r.warnings[0]).toMatch(/^config\.shared\.evalEvery: /);
	});
});

describe('config files', () => {
	it('round-trips an experiment through experimentToJson / experimentFromJson', () => {
		const e: Experiment = {
			shared: { ...structuredClone(DEFAULT_EXPERIMENT.shared), dataset: 'moons', hidden: [8, 4], batchSize: 16, seed: 7 },
			runs: [
				{ id: 'r0', label: 'Nesterov, μ=0.9', color: 0, optimizer: { name: 'nesterov', lr: 0.05, momentum: 0.9 }, schedule: { kind: 'cosine', etaMin: 0 }, init: { scheme: 'xavier-normal' } },
				{ id: 'r1', label: 'AdamW', color: 1, optimizer: { name: 'adamw', lr: 0.001, weightDecay: 0.01 }, schedule: { kind: 'constant' }, init: { scheme: 'he-uniform' } }
			]
		};
		const back = experimentFromJson(experimentToJson(e));
		expect(back.errors).toEqual([]);
		expect(back.warnings).toEqual([]);
		expect(back.experiment).toEqual(e);
	});

	it('an imported file that is broken gives messages naming the field', () => {
		expect(experimentFromJson('{').errors[0].field).toBe('file');
		const bad = JSON.parse(experimentToJson(DEFAULT_EXPERIMENT));
		bad.runs[1].optimizer.lr = -1;
		const r = experimentFromJson(JSON.stringify(bad));
		expect(r.errors.map((m) => m.field)).toEqual(['runs[1].optimizer.lr']);
	});
});
