// Seeded fuzzing of the URL and config-file decoders. Whatever comes in — random text, valid links
// with one value replaced by something hostile, thousands of runs, 1000 layers, deep nesting —
// decoding must not throw, must return an experiment inside the documented limits (checked here
// against hand-written numbers, not against LIMITS), and must name a field for every invalid input.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/engine/rng';
import { ACTIVATIONS, DATASETS, INITS, OPTIMIZERS, PREPROCESSING, type InitConfig, type LrSchedule, type OptimizerConfig } from '../../src/lib/engine/types';
import {
	decodeExperiment,
	encodeExperiment,
	experimentFromJson,
	experimentToJson,
	validateExperiment,
	type Experiment,
	type RunSpec,
	type ValidationResult
} from '../../src/lib/experiment/index';

const rng = new Rng(20240601);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
const intIn = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);

// ── an independent statement of the limits (the documented numbers, typed in again) ─────────────

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function inRange(x: unknown, lo: number, hi: number, opts: { int?: boolean; openLo?: boolean; openHi?: boolean } = {}): boolean {
	if (typeof x !== 'number' || !Number.isFinite(x)) return false;
	if (opts.int && !Number.isInteger(x)) return false;
	return (opts.openLo ? x > lo : x >= lo) && (opts.openHi ? x < hi : x <= hi);
}

/** every reason an experiment breaks the documented limits; [] if none */
function limitViolations(e: Experiment): string[] {
	const bad: string[] = [];
	const req = (ok: boolean, what: string) => {
		if (!ok) bad.push(what);
	};
	const s = e.shared;
	req(DATASETS.includes(s.dataset), 'dataset');
	req(inRange(s.toy.n, 20, 20000, { int: true }), 'n');
	req(inRange(s.toy.noise, 0, 2), 'noise');
	req(inRange(s.toy.k, 2, 8, { int: true }), 'k');
	req(PREPROCESSING.includes(s.preprocessing), 'preprocessing');
	req(Array.isArray(s.hidden) && s.hidden.length <= 16 && s.hidden.every((w) => inRange(w, 1, 4096, { int: true })), 'hidden');
	req(ACTIVATIONS.includes(s.activation), 'activation');
	const train = s.dataset === 'mnist' ? 8000 : Math.round(0.8 * s.toy.n);
	req(inRange(s.batchSize, 1, train, { int: true }), 'batch');
	const steps = s.budget.unit === 'steps' ? s.budget.value : s.budget.value * Math.ceil(train / s.batchSize);
	req(s.budget.unit === 'steps' ? inRange(s.budget.value, 1, 1e7, { int: true }) : inRange(s.budget.value, 1, 1e4, { int: true }), 'budget');
	req(steps <= 1e7, 'total steps');
	req(inRange(s.evalEvery, 1, 1e6, { int: true }), 'evalEvery');
	req(inRange(s.seed, 0, 2 ** 32 - 1, { int: true }), 'seed');
	req(typeof s.naiveSoftmax === 'boolean', 'naiveSoftmax');
	req(e.runs.length >= 1 && e.runs.length <= 16, 'run count');
	req(new Set(e.runs.map((r) => r.id)).size === e.runs.length, 'unique ids');
	for (const r of e.runs) {
		req(/^r\d+$/.test(r.id), 'id');
		req(inRange(r.color, 0, 15, { int: true }), 'color');
		req(typeof r.label === 'string' && r.label.length > 0 && [...r.label].length <= 80 && !CONTROL.test(r.label) && r.label.trim() === r.label, 'label');
		const o = r.optimizer;
		req(OPTIMIZERS.includes(o.name), 'optimizer');
		req(inRange(o.lr, 0, 1000, { openLo: true }), 'lr');
		const opt = (x: number | undefined, ok: (v: number) => boolean, what: string) => req(x === undefined || ok(x), what);
		opt(o.momentum, (v) => (o.name === 'nesterov' ? inRange(v, 0, 1, { openLo: true, openHi: true }) : inRange(v, 0, 1, { openHi: true })), 'momentum');
		opt(o.beta1, (v) => inRange(v, 0, 1, { openHi: true }), 'beta1');
		opt(o.beta2, (v) => inRange(v, 0, 1, { openHi: true }), 'beta2');
		opt(o.alpha, (v) => inRange(v, 0, 1, { openHi: true }), 'alpha');
		opt(o.eps, (v) => inRange(v, 0, 1, { openLo: true }), 'eps');
		opt(o.weightDecay, (v) => inRange(v, 0, 10), 'weightDecay');
		const sc = r.schedule;
		if (sc.kind === 'step') req(inRange(sc.stepSize, 1, 1e7, { int: true }) && inRange(sc.gamma, 0, 1, { openLo: true }), 'step schedule');
		else if (sc.kind === 'cosine') req(inRange(sc.etaMin, 0, 1000), 'cosine schedule');
		else if (sc.kind === 'warmup') req(inRange(sc.warmupSteps, 1, 1e7, { int: true }), 'warmup schedule');
		else req(sc.kind === 'constant', 'schedule kind');
		const init = r.init;
		req(INITS.includes(init.scheme), 'init');
		opt(init.std, (v) => inRange(v, 0, 100, { openLo: true }), 'std');
		opt(init.bound, (v) => inRange(v, 0, 100, { openLo: true }), 'bound');
		opt(init.value, (v) => inRange(v, -100, 100), 'value');
		if (init.bias) req(init.bias.kind === 'zeros' || inRange(init.bias.value, -100, 100), 'bias');
	}
	return bad;
}

// Thousands of cases: compare with node's deep equality and call expect (slow) only to report.
function expectEqual<T>(actual: T, expected: T): void {
	if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

/** what every decode must satisfy, valid input or not */
function expectSound(res: ValidationResult): void {
	expectEqual(limitViolations(res.experiment), []);
	expectEqual(validateExperiment(res.experiment).errors, []);
	const unnamed = [...res.errors, ...res.warnings].filter((m) => m.field === '' || m.message === '');
	expectEqual(unnamed, []);
	// and the result survives its own round trip
	expectEqual(decodeExperiment(encodeExperiment(res.experiment)).experiment, res.experiment);
}

/** decodeExperiment, failing the test (with the query) if it throws */
function decodeSafely(query: string): ValidationResult {
	try {
		return decodeExperiment(query);
	} catch (e) {
		throw new Error(`decodeExperiment threw on ${JSON.stringify(query.slice(0, 300))}: ${String(e)}`);
	}
}

// ── random valid experiments ────────────────────────────────────────────────────────────────────

const LABEL_CHARS = ['a', 'Z', '7', ' ', '~', '%', '&', '=', '+', '#', '?', '/', ',', ':', '<', '>', '"', "'", 'é', 'λ', '中', '😀', '\\', '.'];

function randomLabel(): string {
	const n = intIn(1, 30);
	let s = '';
	for (let i = 0; i < n; i++) s += pick(LABEL_CHARS);
	return `L${s}x`; // non-space ends: labels are stored trimmed
}

/** a finite double in [lo, hi) (0 included if lo is) */
const real = (lo: number, hi: number) => rng.uniformRange(lo, hi);

function randomOptimizer(): OptimizerConfig {
	const name = pick(OPTIMIZERS);
	const o: OptimizerConfig = { name, lr: 10 ** real(-6, 3) };
	const maybe = () => rng.uniform() < 0.5;
	if ((name === 'momentum' || name === 'rmsprop') && maybe()) o.momentum = rng.uniform();
	if (name === 'nesterov' && maybe()) o.momentum = real(0.01, 0.99);
	if ((name === 'adam' || name === 'adamw') && maybe()) o.beta1 = rng.uniform();
	if ((name === 'adam' || name === 'adamw') && maybe()) o.beta2 = rng.uniform();
	if (['adam', 'adamw', 'rmsprop', 'adagrad'].includes(name) && maybe()) o.eps = 10 ** real(-12, 0);
	if (name === 'rmsprop' && maybe()) o.alpha = rng.uniform();
	if (maybe()) o.weightDecay = real(0, 10);
	return o;
}

function randomSchedule(): LrSchedule {
	switch (rng.int(4)) {
		case 0:
			return { kind: 'constant' };
		case 1:
			return { kind: 'step', stepSize: intIn(1, 1e7), gamma: 1 - rng.uniform() };
		case 2:
			return { kind: 'cosine', etaMin: real(0, 1) };
		default:
			return { kind: 'warmup', warmupSteps: intIn(1, 1e7) };
	}
}

function randomInit(): InitConfig {
	const scheme = pick(INITS);
	const init: InitConfig = { scheme };
	if (scheme === 'normal' && rng.uniform() < 0.7) init.std = 100 * (1 - rng.uniform());
	if (scheme === 'uniform' && rng.uniform() < 0.7) init.bound = 100 * (1 - rng.uniform());
	if (scheme === 'constant' && rng.uniform() < 0.7) init.value = real(-100, 100);
	if (scheme !== 'torch-default' && rng.uniform() < 0.3) init.bias = rng.uniform() < 0.5 ? { kind: 'zeros' } : { kind: 'constant', value: real(-100, 100) };
	return init;
}

function randomExperiment(): Experiment {
	const dataset = pick(DATASETS);
	const n = intIn(20, 20000);
	const train = dataset === 'mnist' ? 8000 : Math.round(0.8 * n);
	const batchSize = intIn(1, train);
	const perEpoch = Math.ceil(train / batchSize);
	const epochs = rng.uniform() < 0.3;
	const nRuns = intIn(1, 8); // ≤ 8: more would only add the "slower" warning
	const ids = rng.uniform() < 0.3 ? Array.from(rng.permutation(40)).slice(0, nRuns) : Array.from({ length: nRuns }, (_, i) => i);
	const runs: RunSpec[] = ids.map((id, i) => ({
		id: `r${id}`,
		label: randomLabel(),
		color: rng.uniform() < 0.3 ? rng.int(16) : i,
		optimizer: randomOptimizer(),
		schedule: randomSchedule(),
		init: randomInit()
	}));
	return {
		shared: {
			dataset,
			toy: { n, noise: real(0, 2), k: intIn(2, 8) },
			preprocessing: pick(PREPROCESSING),
			// at most 3 layers of 256 keeps MNIST under the 4M-parameter cap (785·256 + 2·257·256 ≈ 0.33M)
			hidden: Array.from({ length: intIn(0, 3) }, () => intIn(1, 256)),
			activation: pick(ACTIVATIONS),
			batchSize,
			budget: epochs ? { unit: 'epochs', value: intIn(1, Math.min(1e4, Math.floor(1e7 / perEpoch))) } : { unit: 'steps', value: intIn(1, 1e7) },
			evalEvery: intIn(1, 1e6),
			seed: rng.nextUint32(),
			naiveSoftmax: rng.uniform() < 0.5
		},
		runs
	};
}

// ── adversarial values ──────────────────────────────────────────────────────────────────────────

/** invalid for every number, name and flag in a link (never valid as a width, rate, seed, …) */
const HOSTILE = [
	'NaN',
	'Infinity',
	'-Infinity',
	'1e309',
	'1e999',
	'abc',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	'x'.repeat(3000),
	'∞',
	'%E0%A4%A',
	'%zz%',
	'%00',
	'1;2',
	'0x10',
	'١٢',
	'null',
	'{"a":1}'
];

// Shared keys and run segment keys; for each, whether '-1' and '' are also invalid there.
const SHARED_KEYS = ['ds', 'n', 'noise', 'k', 'pre', 'h', 'act', 'bs', 'steps', 'epochs', 'eval', 'seed', 'naive'];
const minusOneValid = new Set(['val', 'bias']);
const emptyValid = new Set(['h']);

function isInvalid(key: string, value: string): boolean {
	if (HOSTILE.includes(value)) return true;
	if (value === '-1') return !minusOneValid.has(key);
	if (value === '') return !emptyValid.has(key);
	return false;
}

/** one value of a valid link replaced by a hostile one; `invalid` says whether an error is owed */
function mutateLink(q: string): { query: string; invalid: boolean; what: string } {
	const pairs = q.split('&');
	const i = rng.int(pairs.length);
	const eq = pairs[i].indexOf('=');
	const key = pairs[i].slice(0, eq);
	const value = pick([...HOSTILE, '-1', '']);
	if (key !== 'r') {
		pairs[i] = `${key}=${value}`;
		return { query: pairs.join('&'), invalid: SHARED_KEYS.includes(key) && isInvalid(key, value), what: `${key}=${value.slice(0, 40)}` };
	}
	const segments = pairs[i].slice(eq + 1).split('~');
	const j = rng.int(segments.length);
	if (j === 0) {
		// labels are free text: HTML stays valid; empty, control characters and > 80 characters are not
		const label = pick(['', '%07', 'a%0Ab', 'y'.repeat(81), encodeURIComponent('<script>alert(1)</script>')]);
		segments[0] = label;
		pairs[i] = `r=${segments.join('~')}`;
		return { query: pairs.join('&'), invalid: !label.startsWith('%3C'), what: `label ${label.slice(0, 40)}` };
	}
	if (j === 1) {
		segments[1] = value; // the optimizer's name
		pairs[i] = `r=${segments.join('~')}`;
		return { query: pairs.join('&'), invalid: isInvalid('name', value), what: `optimizer ${value.slice(0, 40)}` };
	}
	const k = segments[j].split('=')[0];
	segments[j] = `${k}=${value}`;
	pairs[i] = `r=${segments.join('~')}`;
	return { query: pairs.join('&'), invalid: isInvalid(k, value), what: `run ${k}=${value.slice(0, 40)}` };
}

/** links that break the structure rather than one value */
function structuralAttack(q: string, attack: number): { query: string; invalid: boolean } {
	switch (attack) {
		case 0:
			return { query: `${q}${'&r=A~adam~lr=0.001'.repeat(intIn(17, 600))}`, invalid: true }; // thousands of runs
		case 1:
			return { query: q.replace(/(^|&)h=[^&]*/, `$1h=${Array(1000).fill(8).join(',')}`), invalid: true }; // 1000 layers
		case 2:
			return { query: q.replace(/(^|&)h=[^&]*/, '$1h=1000000000'), invalid: true }; // a 1e9-wide layer
		case 3:
			return { query: `${q}&${pick(SHARED_KEYS.filter((k) => !['epochs', 'steps', 'naive'].includes(k)))}=1`, invalid: true }; // a key that is always present, given twice
		case 4:
			return { query: `${q}&x=${'z'.repeat(20_001)}`, invalid: true }; // over the length cap
		case 5:
			return { query: q.replace(/(^|&)bs=[^&]*/, '$1bs'), invalid: true }; // a key without its value
		case 6:
			return { query: `${q}&r=`, invalid: true }; // an empty run
		case 7:
			return { query: q.replace(/&r=[^&]*/g, '&r='), invalid: true }; // every run emptied
		default:
			return { query: `${q}&%F0%9F=%C0%80&&&==&~~=~`, invalid: false }; // garbage keys: warnings only
	}
}

const RANDOM_CHARS = ['&', '=', '~', ',', '%', '+', '?', '#', 'r', 'h', 'ds', 'bs', 'lr', '1', '0', '.', 'e', '-', 'adam', 'spiral', '😀', '\ud800', ' ', '<', '"'];

function randomText(): string {
	let s = '';
	const n = intIn(0, 300);
	for (let i = 0; i < n; i++) s += pick(RANDOM_CHARS);
	return s;
}

// ── the tests ───────────────────────────────────────────────────────────────────────────────────

describe('schema fuzz (seeded)', () => {
	it('round-trips 300 random valid experiments through the link and the config file', () => {
		for (let c = 0; c < 300; c++) {
			const e = randomExperiment();
			const viaUrl = decodeExperiment(encodeExperiment(e));
			expectEqual(viaUrl.errors, []);
			expectEqual(viaUrl.experiment, e);
			expectEqual(experimentFromJson(experimentToJson(e)).experiment, e);
			expectEqual(limitViolations(e), []);
		}
	});

	it('survives 500 valid links with one value made hostile', () => {
		let owed = 0;
		for (let c = 0; c < 500; c++) {
			const { query, invalid, what } = mutateLink(encodeExperiment(randomExperiment()));
			const res = decodeSafely(query);
			expectSound(res);
			if (invalid) {
				owed++;
				if (res.errors.length === 0) expect.fail(`no error for ${what}`);
			}
		}
		expect(owed).toBeGreaterThan(350); // the generator mostly produces invalid values
	});

	it('survives 150 structural attacks', () => {
		for (let c = 0; c < 150; c++) {
			const attack = rng.int(9);
			const { query, invalid } = structuralAttack(encodeExperiment(randomExperiment()), attack);
			const res = decodeSafely(query);
			expectSound(res);
			if (invalid && res.errors.length === 0) expect.fail(`no error for attack ${attack}`);
		}
	});

	it('survives 200 random strings', () => {
		for (let c = 0; c < 200; c++) expectSound(decodeSafely(randomText()));
	});

	it('survives 200 hostile config objects', () => {
		const hostileValues: unknown[] = [NaN, Infinity, -Infinity, null, {}, [], 'abc', -1e308 * 10, '<script>alert(1)</script>', 'x'.repeat(5000), [[[[[[1]]]]]]];
		for (let c = 0; c < 200; c++) {
			const obj = JSON.parse(experimentToJson(randomExperiment())) as Record<string, unknown>;
			// replace one number or name somewhere in the tree
			const leaves: [Record<string, unknown>, string][] = [];
			const walk = (x: unknown) => {
				if (typeof x !== 'object' || x === null) return;
				for (const [k, v] of Object.entries(x)) {
					if (typeof v === 'object' && v !== null) walk(v);
					else if (k !== 'format' && k !== 'version' && k !== 'label' && k !== 'naiveSoftmax') leaves.push([x as Record<string, unknown>, k]);
				}
			};
			walk(obj);
			const [parent, key] = pick(leaves);
			parent[key] = pick(hostileValues);
			let res: ValidationResult | undefined;
			expect(() => (res = validateExperiment(obj))).not.toThrow();
			expectSound(res as ValidationResult);
			expect((res as ValidationResult).errors.length).toBeGreaterThan(0);
		}
	});

	it('rejects deep nesting, giant run lists and __proto__ in config files without throwing', () => {
		const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
		const texts = [
			`{"shared": ${deep}, "runs": ${deep}}`,
			`{"shared": {"hidden": ${deep}}}`,
			`{"runs": [${Array(5000).fill('{}').join(',')}]}`,
			'{"__proto__": {"polluted": 1}, "shared": {"__proto__": {"batchSize": 1}, "seed": 3}}',
			'{"shared": {"seed": 1e999}}'
		];
		for (const text of texts) {
			let res: ValidationResult | undefined;
			expect(() => (res = experimentFromJson(text))).not.toThrow();
			expectSound(res as ValidationResult);
			expect([...res!.errors, ...res!.warnings].length).toBeGreaterThan(0);
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
