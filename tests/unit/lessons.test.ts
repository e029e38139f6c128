import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';
import { Trainer } from '../../src/lib/engine/trainer';
import { buildDataset, runConfigFor, type BuiltDataset } from '../../src/lib/experiment/build';
import type { Experiment, SharedSettings } from '../../src/lib/experiment/model';
import { fairnessReport } from '../../src/lib/experiment/presets';
import { parameterCount, totalSteps } from '../../src/lib/experiment/defaults';
import { validateExperiment } from '../../src/lib/experiment/schema';
import { decodeExperiment, encodeExperiment } from '../../src/lib/experiment/url';
import { describeRun, describeSetup, LESSONS, lessonById, lessonHref, surfaceHref, type Lesson } from '../../src/lib/lessons/lessons';
import { decodePlaygroundLink } from '../../src/lib/url/playground';
import { defaultPageOptions } from '../../src/lib/url/page-options';
import { decodeRace } from '../../src/lib/test-functions/race-config';
import { SharpnessTracker } from '../../src/lib/engine/curvature/tracker';

/** every experiment a card links to: the main one, then its further links */
function allExperiments(lesson: Lesson): { what: string; e: Experiment }[] {
	return [
		{ what: `lesson ${lesson.number}`, e: lesson.experiment },
		...lesson.links.map((l) => ({ what: `lesson ${lesson.number} (${l.label})`, e: l.experiment }))
	];
}

const byId = (id: string): Lesson => {
	const l = lessonById(id);
	if (!l) throw new Error(`no lesson ${id}`);
	return l;
};

// ── the data ─────────────────────────────────────────────────────────────────────────────────────

describe('the gallery', () => {
	it('has the lessons of the issues, numbered 1–11 in order, with URL-safe unique ids', () => {
		expect(LESSONS.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		const ids = LESSONS.map((l) => l.id);
		expect(new Set(ids).size).toBe(11);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
		for (const l of LESSONS) {
			expect(l.title.length, l.id).toBeGreaterThan(0);
			expect(l.explanation.length, l.id).toBeGreaterThan(0);
			expect(l.question, l.id).toMatch(/\?$/); // it asks for a prediction
			expect(l.answer.length, l.id).toBeGreaterThan(l.question.length);
			expect(l.links.every((k) => k.label.length > 0), l.id).toBe(true);
			if (l.links.length > 0) expect(l.experimentLabel, l.id).toBeTruthy(); // several links need names
		}
	});

	it('every experiment validates with zero errors and zero warnings, and validation changes nothing', () => {
		for (const l of LESSONS)
			for (const { what, e } of allExperiments(l)) {
				const res = validateExperiment(e);
				expect(res.errors, what).toEqual([]);
				expect(res.warnings, what).toEqual([]);
				expect(res.experiment, what).toEqual(e);
			}
	});

	it('every experiment survives the URL: encode, decode, and the same experiment comes back', () => {
		for (const l of LESSONS)
			for (const { what, e } of allExperiments(l)) {
				const res = decodeExperiment(encodeExperiment(e));
				expect(res.errors, what).toEqual([]);
				expect(res.experiment, what).toEqual(e);
			}
	});

	it('a further link changes only shared settings, never the runs (a comparison is not faked)', () => {
		for (const l of LESSONS)
			for (const link of l.links) {
				expect(link.experiment.runs, `${l.id} ${link.label}`).toEqual(l.experiment.runs);
				expect(link.experiment.shared, `${l.id} ${link.label}`).not.toEqual(l.experiment.shared);
			}
		// the settings each card's links are about
		const diff = (id: string, i: number) => {
			const a = byId(id).experiment.shared;
			const b = byId(id).links[i].experiment.shared;
			return (Object.keys(a) as (keyof SharedSettings)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
		};
		expect(diff('softmax-overflow', 0)).toEqual(['naiveSoftmax']);
		expect(byId('softmax-overflow').experiment.shared.naiveSoftmax).toBe(true);
		expect(diff('xavier-he', 0)).toEqual(['activation']);
		expect(diff('learning-rate', 0)).toEqual(['activation']);
		expect(diff('batch-size', 0)).toEqual(['batchSize', 'evalEvery']);
		// moons n = 600 → round(0.8·600) = 480 training points: the full batch
		expect(byId('batch-size').links.map((k) => k.experiment.shared.batchSize)).toEqual([32, 480]);
		expect(byId('batch-size').experiment.shared.batchSize).toBe(1);
	});

	it('runs said to start from the same weights do share θ₀', () => {
		for (const id of ['momentum', 'optimizer-table', 'learning-rate', 'batch-size', 'weight-decay'])
			expect(fairnessReport(byId(id).experiment).sameInitGroups, id).toHaveLength(1);
		expect(byId('optimizer-table').experiment.runs.map((r) => r.optimizer.name)).toEqual([
			'sgd',
			'momentum',
			'nesterov',
			'adam',
			'adamw',
			'rmsprop',
			'adagrad'
		]);
	});

	// A slow 2-core laptop runs these JS kernels at roughly 0.5 G multiply-adds per second per core
	// (this machine, shared and loaded: ≈ 1 G/s per core), so 30 s on 2 cores ≈ 30 G multiply-adds.
	// Per step: forward, backward to the inputs, and weight gradients: 3·B·Σ IN·OUT;
	// per evaluation: the 2,000 (MNIST) or 120 (toy) test examples once forward.
	it('every experiment fits the classroom budget of ~30 G multiply-adds', () => {
		for (const l of LESSONS)
			for (const { what, e } of allExperiments(l)) {
				const s = e.shared;
				const macs = parameterCount(s); // Σ (IN + 1)·OUT ≥ Σ IN·OUT, an upper bound
				const steps = totalSteps(s);
				const nTest = s.dataset === 'mnist' ? 2000 : s.toy.n - Math.round(0.8 * s.toy.n);
				const perRun = steps * 3 * s.batchSize * macs + (Math.ceil(steps / s.evalEvery) + 1) * nTest * macs;
				expect(perRun * e.runs.length, what).toBeLessThan(30e9);
			}
	});

	it('captions say what the runs are', () => {
		// 8,000 MNIST training images / batch 64 = 125 steps per epoch
		expect(describeSetup(byId('optimizer-table').experiment.shared)).toBe('MNIST · 784-128-64-10 ReLU · batch 64 · 1 epoch (125 steps)');
		expect(describeSetup(byId('softmax-overflow').experiment.shared)).toContain('naive softmax');
		// 40 epochs · ⌈480 / 32⌉ = 40 · 15 = 600 steps; moons have 2 classes
		expect(describeSetup(byId('batch-size').links[0].experiment.shared)).toBe('moons · 2-16-16-2 ReLU · batch 32 · 40 epochs (600 steps)');
		const [, mom] = byId('momentum').experiment.runs;
		expect(describeRun(mom)).toBe('Momentum, η = 0.01, μ = 0.9 · init He normal');
		const [, tooLarge] = byId('init-scale').experiment.runs;
		expect(describeRun(tooLarge)).toBe('Momentum, η = 0.01, μ = 0.9 · init normal σ = 1');
	});
});

describe('links', () => {
	const symmetry = byId('symmetry');
	it('point at the playground root with the experiment, the view, its sub-view and the lesson id', () => {
		const q = encodeExperiment(symmetry.experiment);
		expect(lessonHref(symmetry, '')).toBe(`/?${q}&view=inside&quantity=weight&lesson=symmetry`);
		// resolve('/') gives a trailing slash, `base` none; a relative base stays relative
		expect(lessonHref(symmetry, '/')).toBe(`/?${q}&view=inside&quantity=weight&lesson=symmetry`);
		expect(lessonHref(symmetry, '/sub')).toBe(`/sub/?${q}&view=inside&quantity=weight&lesson=symmetry`);
		expect(lessonHref(symmetry, '/sub/')).toBe(`/sub/?${q}&view=inside&quantity=weight&lesson=symmetry`);
		expect(lessonHref(symmetry, '..')).toBe(`../?${q}&view=inside&quantity=weight&lesson=symmetry`);
		expect(lessonHref(byId('momentum'), '')).toMatch(/&lesson=momentum$/);
		expect(lessonHref(byId('momentum'), '')).not.toContain('view='); // the default view is left out
	});

	it('decode back to the lesson experiment and its page options, without a message', () => {
		for (const l of LESSONS)
			for (const link of [undefined, ...l.links]) {
				const href = lessonHref(l, '', link);
				const res = decodePlaygroundLink(href.slice(href.indexOf('?')));
				expect(res.errors).toEqual([]);
				expect(res.warnings).toEqual([]);
				expect(res.experiment).toEqual(link ? link.experiment : l.experiment);
				expect(res.page).toEqual({ ...defaultPageOptions(), view: l.view ?? 'curves', sub: l.inside?.sub ?? 'grid', quantity: l.inside?.quantity ?? 'postact', lesson: l.id });
			}
	});

	it('lesson 2 links a Rosenbrock race of SGD, momentum and Nesterov; the others have none', () => {
		const momentum = byId('momentum');
		const href = surfaceHref(momentum, '/sub/');
		expect(href).toMatch(/^\/sub\/surface\/\?/);
		const { config, errors } = decodeRace(new URLSearchParams(momentum.alsoSurface));
		expect(errors).toEqual([]);
		expect(config.fn).toBe('rosenbrock');
		expect(config.selected).toEqual(['sgd', 'momentum', 'nesterov']);
		expect(surfaceHref(symmetry, '')).toBeNull();
	});
});

// ── the claims the answers make, checked on the engine ───────────────────────────────────────────

const mnistBytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
const datasets = new Map<string, BuiltDataset>();
function dataFor(shared: SharedSettings): BuiltDataset {
	const key = JSON.stringify([shared.dataset, shared.toy, shared.preprocessing, shared.seed]);
	let d = datasets.get(key);
	if (!d) datasets.set(key, (d = buildDataset(shared, shared.dataset === 'mnist' ? mnistBytes : undefined)));
	return d;
}

function trainer(e: Experiment, label: string): Trainer {
	const run = e.runs.find((r) => r.label === label);
	if (!run) throw new Error(`no run ${label}`);
	const data = dataFor(e.shared);
	return new Trainer(data, runConfigFor(e.shared, run, data.trainY.length));
}

/** trains up to maxSteps (default: the whole budget); every train loss seen */
function train(t: Trainer, maxSteps = Infinity): number[] {
	const losses: number[] = [];
	while (!t.finished && t.stepCount < maxSteps) {
		const r = t.step();
		if (r) losses.push(r.loss);
	}
	return losses;
}

// ln(Number.MAX_VALUE) = ln(1.797…·10³⁰⁸) = 308·ln 10 + ln 1.797 = 709.196 + 0.586 ≈ 709.78:
// above it Math.exp (float64, like NumPy) returns ∞.
const EXP_OVERFLOW = 709.78;

describe('lesson 1: the softmax overflow', () => {
	const lesson = byId('softmax-overflow');
	const naive = lesson.experiment;
	const stable = lesson.links[0].experiment;

	it('N(0, 1) weights give logits far beyond 709.8 on the first batch, as the variance formula says', () => {
		const t = trainer(naive, 'normal σ=1');
		const B = naive.shared.batchSize;
		const idx = t.sampler.next(); // a fresh sampler's first batch: the one step 1 trains on
		const x = new Float32Array(B * 784);
		let sq = 0;
		for (let r = 0; r < B; r++)
			for (let j = 0; j < 784; j++) {
				const v = t.data.trainX[idx[r] * 784 + j];
				x[r * 784 + j] = v;
				sq += v * v;
			}
		const meanSq = sq / B; // E‖x‖² over the batch
		const logits = t.mlp.forward(x, B);
		let max = 0;
		let ss = 0;
		for (const z of logits) {
			max = Math.max(max, Math.abs(z));
			ss += z * z;
		}
		// He-style recursion with σ = 1 and zero biases: Var z₁ = ‖x‖²; each ReLU layer passes half
		// the second moment, so Var z₂ = 128·½·Var z₁ and Var z₃ = 64·½·Var z₂ = 64·128/4·‖x‖².
		const predictedRms = Math.sqrt(((64 * 128) / 4) * meanSq);
		const rms = Math.sqrt(ss / logits.length);
		expect(rms).toBeGreaterThan(predictedRms / 2);
		expect(rms).toBeLessThan(predictedRms * 2);
		expect(max).toBeGreaterThan(EXP_OVERFLOW);
	});

	it('naive softmax: the σ = 1 run is non-finite within the budget, the He run trains through it', () => {
		const bad = trainer(naive, 'normal σ=1');
		const badLosses = train(bad);
		expect(bad.status).toBe('diverged');
		expect(badLosses.some((l) => !Number.isFinite(l))).toBe(true);
		expect(bad.divergence?.step).toBe(1);
		expect(bad.divergence?.what).toBe('train loss');

		const good = trainer(naive, 'He normal');
		const goodLosses = train(good);
		expect(good.status).toBe('done');
		expect(goodLosses.every(Number.isFinite)).toBe(true);
	}, 180_000);

	it('stable softmax: the same σ = 1 run stays finite through its whole budget and learns', () => {
		const t = trainer(stable, 'normal σ=1');
		const losses = train(t);
		expect(t.status).toBe('done');
		expect(losses).toHaveLength(totalSteps(stable.shared));
		expect(losses.every(Number.isFinite)).toBe(true);
		expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
	}, 180_000);
});

describe('lesson 5: too small, too large', () => {
	const e = byId('init-scale').experiment;
	it('σ = 1 explodes to a non-finite value within a few steps', () => {
		const t = trainer(e, 'normal σ=1 (too large)');
		train(t, 10);
		expect(t.status).toBe('diverged');
	});
	it('σ = 0.01 sits at ln 10 ≈ 2.3026 (the loss of a uniform guess over 10 classes)', () => {
		const losses = train(trainer(e, 'normal σ=0.01 (too small)'), 25);
		for (const l of losses) expect(Math.abs(l - Math.log(10))).toBeLessThan(0.05);
	}, 120_000);
});

describe('lesson 7: the learning rate', () => {
	const lesson = byId('learning-rate');
	it('η = 10 diverges (non-finite) within the budget with leaky ReLU', () => {
		const t = trainer(lesson.experiment, 'SGD η=10');
		const losses = train(t);
		expect(t.status).toBe('diverged');
		expect(t.stepCount).toBeLessThan(totalSteps(lesson.experiment.shared));
		expect(losses.some((l) => !Number.isFinite(l))).toBe(true);
	}, 120_000);

	it('with ReLU the same η = 10 stays finite but dead: the loss ends above 2 (chance is ln 10 ≈ 2.30)', () => {
		const e = lesson.links[0].experiment;
		const t = trainer(e, 'SGD η=10');
		const losses = train(t);
		expect(t.status).toBe('done');
		expect(losses.every(Number.isFinite)).toBe(true);
		const tail = losses.slice(-25);
		expect(tail.reduce((a, b) => a + b, 0) / tail.length).toBeGreaterThan(2);
	}, 180_000);
});

describe('lesson 11: the edge of stability', () => {
	const e = byId('edge-of-stability').experiment;
	it('is full-batch gradient descent', () => {
		expect(e.shared.batchSize).toBe(dataFor(e.shared).trainY.length);
		expect(e.runs.map((r) => r.optimizer.name)).toEqual(['sgd', 'sgd', 'sgd']);
	});

	it('η = 0.4: the sharpness starts near 1.1, rises to 2/η = 5 and hovers there', () => {
		const t = trainer(e, 'GD η=0.4 (2/η = 5)');
		const tr = new SharpnessTracker(t);
		tr.afterStep(0);
		while (!t.finished && t.stepCount < 2000) {
			t.step();
			tr.afterStep(t.lastBatch.length);
		}
		const s = tr.drain();
		expect(s[0].value).toBeGreaterThan(0.9);
		expect(s[0].value).toBeLessThan(1.3);
		const later = s.filter((x) => x.step >= 500);
		expect(later.length).toBeGreaterThan(5);
		for (const x of later) {
			expect(x.threshold).toBeCloseTo(5, 12);
			expect(x.value / x.threshold, `step ${x.step}`).toBeGreaterThan(0.8);
			expect(x.value / x.threshold, `step ${x.step}`).toBeLessThan(1.4);
		}
	}, 120_000);

	it('η = 30: 2/η is below the starting sharpness, and the run diverges within a few steps', () => {
		const t = trainer(e, 'GD η=30 (2/η ≈ 0.07)');
		train(t, 100);
		expect(t.status).toBe('diverged');
		expect(t.stepCount).toBeLessThan(20);
	});
});
