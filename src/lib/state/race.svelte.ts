// The surface race: which function, where the race starts, which optimizers run with which
// learning rates, the optional gradient noise, and the animation clock. Every path is computed in
// full by the engine's runTestFunction (the code behind the CLI's `surface` command) whenever a setting
// changes — two parameters, a few thousand float64 steps, well under a millisecond per run — and
// the animation only reveals it. The settings and their query string are in config.ts, a run's
// summary and internals in internals.ts.
import { deriveSeed, Rng } from '../engine/rng';
import { runTestFunction, TEST_FUNCTIONS, type TestFunctionName } from '../engine/test-functions';
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import type { FieldError } from '../experiment/model';
import { decodeSurfaceLink } from '../url/surface';
import { defaultConfig, encodeRace, SPEEDS, type RaceConfig } from '../test-functions/race-config';
import { internalsAt, summarize, type InternalsView, type RaceRun } from '../test-functions/internals';

export class TestFunctionRace {
	fn = $state<TestFunctionName>('rosenbrock');
	from = $state.raw<[number, number]>([-1.2, 1]);
	steps = $state(500);
	selected = $state.raw<OptimizerName[]>([]);
	lr = $state.raw<Record<OptimizerName, number>>(defaultConfig().lr);
	noise = $state(0);
	seed = $state(1);
	/** momentum μ of the momentum and Nesterov runs */
	momentum = $state(0.9);
	/** the optimizer whose internals are drawn */
	inspect = $state<OptimizerName>('momentum');
	/** problems with the link, shown to the user (each once, listed by position) */
	messages = $state.raw<FieldError[]>([]);
	/** notes about the link (unknown keys), shown apart from the problems */
	notes = $state.raw<FieldError[]>([]);

	/** the animation clock in steps; the paths show floor(clock) steps */
	clock = $state(0);
	playing = $state(false);
	speedIndex = $state(5);

	readonly surface = $derived(TEST_FUNCTIONS[this.fn]);
	readonly step = $derived(Math.max(0, Math.min(this.steps, Math.floor(this.clock))));
	/** the race has been played to its end: results may be shown (never before — predict, then play) */
	readonly finished = $derived(this.step >= this.steps);
	readonly speed = $derived(SPEEDS[this.speedIndex]);
	readonly config = $derived<RaceConfig>({
		fn: this.fn,
		from: this.from,
		steps: this.steps,
		selected: this.selected,
		lr: this.lr,
		noise: this.noise,
		seed: this.seed,
		momentum: this.momentum
	});
	readonly query = $derived(encodeRace(this.config));

	/** every selected optimizer's whole path, from the same start for the same number of steps */
	readonly runs = $derived.by((): RaceRun[] => {
		const { fn, from, steps, noise, seed, lr, momentum } = this;
		const s = TEST_FUNCTIONS[fn];
		return this.selected.map((name) => {
			// a fresh generator per run on the same seed: every optimizer sees the same noise draws
			const rng = noise > 0 ? new Rng(deriveSeed(seed, 'surface-noise')) : null;
			const run = runTestFunction({
				fn,
				optimizer: name === 'momentum' || name === 'nesterov' ? { name, lr: lr[name], momentum } : { name, lr: lr[name] },
				from: [from[0], from[1]],
				steps,
				...(rng ? { noise: { std: noise, rng } } : {})
			});
			return summarize(s, name, lr[name], run);
		});
	});

	/** the inspected optimizer's gradient, velocity and step at the current step */
	readonly internals = $derived.by((): InternalsView | null => {
		const r = this.runs.find((x) => x.name === this.inspect);
		return r ? internalsAt(this.surface, r, this.step) : null;
	});

	#raf = 0;
	#last = 0;

	constructor(config: RaceConfig = defaultConfig()) {
		this.apply(config);
	}

	apply(c: RaceConfig): void {
		this.pause();
		this.fn = c.fn;
		this.from = c.from;
		this.steps = c.steps;
		this.selected = c.selected;
		this.lr = c.lr;
		this.noise = c.noise;
		this.seed = c.seed;
		this.momentum = c.momentum;
		if (!c.selected.includes(this.inspect) && c.selected.length > 0) {
			this.inspect = c.selected.find((o) => o === 'momentum' || o === 'adam') ?? c.selected[0];
		}
		this.clock = 0;
	}

	/** reads the settings from a query string; problems end up in `messages`; returns the page's presentation option */
	applyQuery(search: string): { present: boolean } {
		const { config, present, errors, warnings } = decodeSurfaceLink(search);
		this.apply(config);
		this.messages = errors;
		this.notes = warnings;
		return { present };
	}

	/** a new function: its own start, step count and learning rates */
	setFunction(fn: TestFunctionName): void {
		this.apply({ ...defaultConfig(fn), selected: this.selected, noise: this.noise, seed: this.seed, momentum: this.momentum });
	}

	/** moves the start, clamped into the domain; the paths recompute, the clock stays */
	setStart(x: number, y: number): void {
		const d = this.surface.domain;
		const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
		this.from = [clamp(x, d.x), clamp(y, d.y)];
	}

	resetStart(): void {
		this.from = [this.surface.start[0], this.surface.start[1]];
	}

	toggle(name: OptimizerName, on: boolean): void {
		const set = new Set(this.selected);
		if (on) set.add(name);
		else set.delete(name);
		this.selected = OPTIMIZERS.filter((o) => set.has(o));
		if (on && !this.selected.includes(this.inspect)) this.inspect = name;
		if (!on && name === this.inspect && this.selected.length > 0) this.inspect = this.selected[0];
	}

	setLr(name: OptimizerName, lr: number): void {
		this.lr = { ...this.lr, [name]: lr };
	}

	setSteps(n: number): void {
		this.steps = n;
		this.clock = Math.min(this.clock, n);
	}

	// ── animation: requestAnimationFrame advances the clock by speed × elapsed time ──

	play(): void {
		if (this.playing || typeof requestAnimationFrame === 'undefined') return;
		if (this.step >= this.steps) this.clock = 0;
		this.playing = true;
		this.#last = performance.now();
		this.#raf = requestAnimationFrame(this.#tick);
	}

	pause(): void {
		this.playing = false;
		if (this.#raf !== 0 && typeof cancelAnimationFrame !== 'undefined') cancelAnimationFrame(this.#raf);
		this.#raf = 0;
	}

	stepOnce(): void {
		this.pause();
		this.clock = Math.min(this.steps, this.step + 1);
	}

	reset(): void {
		this.pause();
		this.clock = 0;
	}

	#tick = (now: number): void => {
		// cap the frame time so a background tab does not jump to the end on return
		// and at 0 below: the first frame's timestamp can predate the performance.now() taken in play()
		const dt = Math.max(0, Math.min(0.25, (now - this.#last) / 1000));
		this.#last = now;
		this.clock = Math.min(this.steps, this.clock + this.speed * dt);
		if (this.clock >= this.steps) {
			this.playing = false;
			this.#raf = 0;
		} else {
			this.#raf = requestAnimationFrame(this.#tick);
		}
	};
}
