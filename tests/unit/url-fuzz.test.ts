// Seeded fuzzing of every route's link codec (src/lib/url): the playground (experiment + page
// options), the surface race, the sweep and the lessons page, 1,500 links each. Each link mixes
// valid pairs with repeated keys, unknown keys, markup, escapes, huge values and raw junk. For every
// link: decoding does not throw, the result is inside the documented ranges (typed in again here),
// no message repeats, every message names a field, and encoding the result and decoding it again
// gives the same result without a message.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/engine/rng';
import { OPTIMIZERS } from '../../src/lib/engine/types';
import { encodeRace } from '../../src/lib/test-functions/race-config';
import { decodeLessonsLink } from '../../src/lib/url/lessons';
import { decodePlaygroundLink, playgroundQuery } from '../../src/lib/url/playground';
import { decodeSurfaceLink } from '../../src/lib/url/surface';
import { decodeSweepLink, sweepQuery } from '../../src/lib/url/sweep';

const CASES = 1500;
const rng = new Rng(16_2026);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
const chance = (p: number) => rng.uniform() < p;

const HOSTILE = [
	'',
	'<b>',
	'"><script>alert(1)</script>',
	'../../etc/passwd',
	'%',
	'%zz',
	'%E2%82',
	'%ED%A0%80', // an encoded lone surrogate
	'\u0000',
	'__proto__',
	'constructor',
	'NaN',
	'-0',
	'1e999',
	'0x10',
	'Infinity',
	'+',
	'~~~',
	',,,',
	':',
	'💥',
	'a'.repeat(40)
];

function junk(): string {
	const n = rng.int(12);
	let s = '';
	for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x3000));
	return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'));
}

function value(valid: readonly string[]): string {
	const r = rng.uniform();
	if (r < 0.45) return pick(valid);
	if (r < 0.75) return encodeURIComponent(pick(HOSTILE));
	if (r < 0.8) return 'x'.repeat(rng.int(6000)); // sometimes past FIELD_MAX
	if (r < 0.9) return junk();
	return `${pick(valid)},${pick(valid)}`;
}

function link(keys: Record<string, readonly string[]>): string {
	const names = Object.keys(keys);
	const pairs: string[] = [];
	const n = 1 + rng.int(8);
	for (let i = 0; i < n; i++) {
		const r = rng.uniform();
		if (r < 0.8) {
			const k = pick(names);
			pairs.push(`${k}=${value(keys[k])}`);
		} else if (r < 0.9) pairs.push(`${encodeURIComponent(pick(HOSTILE))}=${value(['1'])}`);
		else pairs.push(junk());
	}
	if (chance(0.05)) pairs.push(`pad=${'p'.repeat(20_500)}`); // the link past URL_MAX
	return `?${pairs.join(chance(0.1) ? '&&' : '&')}`;
}

function checkMessages(m: { errors: { field: string; message: string }[]; warnings: { field: string; message: string }[] }): void {
	for (const list of [m.errors, m.warnings]) {
		const keys = list.map((x) => `${x.field}|${x.message}`);
		expect(new Set(keys).size).toBe(keys.length);
		for (const x of list) {
			expect(x.field.length).toBeGreaterThan(0);
			expect(x.message.length).toBeGreaterThan(0);
			expect(x.message.length).toBeLessThan(600);
		}
	}
}

const EXPERIMENT_KEYS = {
	ds: ['moons', 'spiral', 'xor', 'mnist', 'circles'],
	h: ['8,8', '16', '', '4096,4096'],
	bs: ['16', '32', '0', '100000'],
	steps: ['100', '1e7', '0'],
	seed: ['1', '42', '4294967296'],
	r: ['SGD~sgd~lr=0.1', 'A~adam~lr=0.001~b1=0.9', 'x~warp~lr=1', 'B~sgd~lr=-1~lr=2']
};

describe('playground links', () => {
	const keys = {
		...EXPERIMENT_KEYS,
		view: ['curves', 'inside', 'paths', 'data', 'INSIDE'],
		lesson: ['momentum', 'symmetry', '999'],
		present: ['1', '0', '2', 'true'],
		hide: ['settings', 'runs,seed', 'everything', 'tabs,table,export,share']
	};
	it(`${CASES} seeded links: in range, each message once, a fixed point after one round`, () => {
		for (let i = 0; i < CASES; i++) {
			const q = link(keys);
			const d = decodePlaygroundLink(q);
			checkMessages(d);
			expect(['curves', 'inside', 'paths', 'curvature', 'data']).toContain(d.page.view);
			expect(typeof d.page.present).toBe('boolean');
			for (const h of d.page.hide) expect(['settings', 'runs', 'seed', 'tabs', 'table', 'export', 'share']).toContain(h);
			expect(new Set(d.page.hide).size).toBe(d.page.hide.length);
			expect(d.page.lesson === null || ['momentum', 'symmetry'].includes(d.page.lesson)).toBe(true);
			if (d.experiment) {
				const again = decodePlaygroundLink(`?${playgroundQuery(d.experiment, d.page)}`);
				expect(again.errors).toEqual([]);
				expect(again.experiment).toEqual(d.experiment);
				expect(again.page).toEqual(d.page);
			}
		}
	});
});

describe('surface race links', () => {
	const keys = {
		fn: ['rosenbrock', 'beale', 'himmelblau', 'camel', 'banana'],
		from: ['1,1', '-1.2,1', '99,99', '1'],
		steps: ['40', '500', '5001', '-3'],
		opt: ['sgd:0.01,adam:0.1', 'foo,foo', 'sgd:abc,sgd:abc', 'momentum', 'adam:0'],
		noise: ['0.5', '0', '11'],
		seed: ['7', '-1', '1.5'],
		present: ['1', '0', 'on']
	};
	it(`${CASES} seeded links: in range, each message once, a fixed point after one round`, () => {
		for (let i = 0; i < CASES; i++) {
			const d = decodeSurfaceLink(link(keys));
			checkMessages(d);
			const c = d.config;
			expect(Number.isInteger(c.steps) && c.steps >= 1 && c.steps <= 5000).toBe(true);
			expect(c.noise >= 0 && c.noise <= 10).toBe(true);
			expect(Number.isInteger(c.seed) && c.seed >= 0 && c.seed < 2 ** 32).toBe(true);
			for (const o of c.selected) expect(c.lr[o] > 0 && c.lr[o] <= 100).toBe(true);
			expect(new Set(c.selected).size).toBe(c.selected.length);
			const again = decodeSurfaceLink(`?${encodeRace(c)}`);
			expect(again.errors).toEqual([]);
			expect(again.warnings).toEqual([]);
			expect(again.config.selected).toEqual(c.selected);
			expect(again.config.fn).toBe(c.fn);
			expect(again.config.steps).toBe(c.steps);
		}
	});
});

describe('sweep links', () => {
	const keys = {
		...EXPERIMENT_KEYS,
		'sw-opt': ['sgd,adam', 'warp', OPTIMIZERS.join(','), ''],
		'sw-lrmin': ['0.0001', '1', '0', '1e-3'],
		'sw-lrmax': ['1', '0.01', '2000'],
		'sw-points': ['5', '25', '26', '0x10'],
		'sw-seeds': ['1', '5', '6'],
		'sw-steps': ['10', '300', '9', '5000'],
		present: ['1', '0', 'on']
	};
	it(`${CASES} seeded links: settings that can run, each message once, a fixed point after one round`, () => {
		for (let i = 0; i < CASES; i++) {
			const d = decodeSweepLink(link(keys));
			checkMessages(d);
			const s = d.settings;
			expect(s.optimizers.length).toBeGreaterThan(0);
			expect(s.lrMin > 0 && s.lrMax <= 1000 && s.lrMin <= s.lrMax).toBe(true);
			expect(s.optimizers.length * s.points * s.seeds).toBeLessThanOrEqual(100);
			if (d.experiment) {
				const again = decodeSweepLink(`?${sweepQuery(d.experiment, s, d.present)}`);
				expect(again.errors).toEqual([]);
				expect(again.present).toBe(d.present);
				expect(again.settings).toEqual(s);
				expect(again.experiment).toEqual(d.experiment);
			}
		}
	});
});

describe('lessons links', () => {
	it(`${CASES} seeded links: a lesson that exists or none, each message once`, () => {
		for (let i = 0; i < CASES; i++) {
			const d = decodeLessonsLink(link({ lesson: ['momentum', 'symmetry', '999', 'MOMENTUM'] }));
			checkMessages(d);
			expect(d.lesson === null || ['momentum', 'symmetry'].includes(d.lesson)).toBe(true);
		}
	});
});
