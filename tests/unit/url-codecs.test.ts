// The route codecs (src/lib/url): every route reads its whole query through one of them. Hostile
// values — repeated keys, unknown keys, markup, path tricks, huge strings — must each give a
// message naming the field and what is allowed, the rest of the link must still count, and
// nothing may throw. Expected texts are written out here, not taken from the code.
import { describe, expect, it } from 'vitest';
import { defaultExperiment, encodeExperiment } from '../../src/lib/experiment/index';
import { decodeLessonsLink } from '../../src/lib/url/lessons';
import { LESSONS, lessonHref } from '../../src/lib/lessons/lessons';
import { QUANTITIES } from '../../src/lib/plot/hist';
import { decodePageOptions, defaultPageOptions, encodePageOptions, SUB_VIEWS } from '../../src/lib/url/page-options';
import { decodePlaygroundLink, playgroundQuery } from '../../src/lib/url/playground';
import { dedupe, FIELD_MAX, linkTooLong, readQuery } from '../../src/lib/url/query';
import { decodeSurfaceLink, surfaceQuery } from '../../src/lib/url/surface';
import { decodeSweepLink, encodeSweepSettings, sweepQuery } from '../../src/lib/url/sweep';
import { DEFAULT_SWEEP } from '../../src/lib/sweep/sweep';

const texts = (l: { message: string }[]) => l.map((m) => m.message);

describe('readQuery: limits on the link as received', () => {
	it('measures the text as received, not a re-encoded copy (commas stay one character)', () => {
		// 2,000 layers of width 8: 4,001 characters as received, 3,998 more if ',' became '%2C'
		const h = Array(2000).fill(8).join(',');
		const link = `?ds=moons&h=${h}&seed=7`;
		expect(link.length).toBe(4018);
		const r = readQuery(link);
		expect(r.pairs.map((p) => p.key)).toEqual(['ds', 'seed']);
		expect(texts(r.errors)).toEqual([`h: at most ${FIELD_MAX} characters in the link, got 4001; ignored`]);
	});

	it('a 12,043-character link keeps its other valid fields; only the long field is refused', () => {
		const h = Array(6000).fill(8).join(',') + ',8,8,8';
		const link = `?ds=moons&h=${h}&seed=7&bs=16`;
		expect(link.length).toBeGreaterThan(12_000);
		const d = decodePlaygroundLink(link);
		expect(d.experiment?.shared.dataset).toBe('moons');
		expect(d.experiment?.shared.seed).toBe(7);
		expect(d.experiment?.shared.batchSize).toBe(16);
		expect(d.experiment?.shared.hidden).toEqual(defaultExperiment().shared.hidden);
		expect(d.errors).toHaveLength(1);
		expect(d.errors[0].message).toMatch(/^h: at most 3000 characters in the link, got 12\d\d\d; ignored$/);
	});

	it('pairs past 20,000 characters in total are refused and counted; those before still count', () => {
		const run = (i: number) => `r=${'x'.repeat(70)}${i}~sgd~lr=0.1`;
		const runs = Array.from({ length: 300 }, (_, i) => run(i)).join('&');
		const link = `?seed=9&${runs}`;
		const r = readQuery(link);
		expect(r.pairs[0]).toMatchObject({ key: 'seed', value: '9' });
		const kept = r.pairs.length;
		expect(kept).toBeGreaterThan(200);
		expect(kept).toBeLessThan(301);
		expect(texts(r.errors)).toEqual([`link: at most 20000 characters, got ${link.length - 1}; the last ${301 - kept} settings past the limit were ignored`]);
	});

	it('decodes like URLSearchParams: + is a space, malformed escapes stay as they are', () => {
		expect(readQuery('a=b+c&d=%E2%82%AC&e=%zz&f').pairs.map((p) => [p.key, p.value])).toEqual([
			['a', 'b c'],
			['d', '€'],
			['e', '%zz'],
			['f', '']
		]);
	});

	it('dedupe keeps each (field, text) once, in first order', () => {
		const m = (field: string, message: string) => ({ field, message });
		expect(dedupe([m('a', 'x'), m('b', 'x'), m('a', 'x'), m('a', 'y')])).toEqual([m('a', 'x'), m('b', 'x'), m('a', 'y')]);
	});

	it('linkTooLong names the length and the limit', () => {
		expect(linkTooLong('x'.repeat(20_000))).toBeNull();
		expect(linkTooLong('x'.repeat(20_001))).toBe(
			'This link would be 20,001 characters; links may have at most 20,000, so it would not open as made. Shorten the run labels or remove runs.'
		);
	});
});

describe('the playground: page options', () => {
	const page = (q: string) => decodePlaygroundLink(q);

	it('a valid set round-trips and the defaults are not written', () => {
		const o = { ...defaultPageOptions(), view: 'inside' as const, lesson: 'momentum', present: true, hide: ['runs' as const, 'settings' as const] };
		expect(encodePageOptions(o)).toBe('view=inside&lesson=momentum&present=1&hide=settings,runs');
		expect(encodePageOptions(defaultPageOptions())).toBe('');
		expect(page(`?${encodePageOptions(o)}`)).toEqual({ experiment: null, page: { ...o, hide: ['settings', 'runs'] }, errors: [], warnings: [] });
	});

	it.each([
		['view=../../etc', 'view: must be one of curves, inside, paths, curvature, data, got "../../etc"; showing curves'],
		['view=INSIDE', 'view: must be one of curves, inside, paths, curvature, data, got "INSIDE"; showing curves'],
		['present=2', 'present: must be 1 (presentation mode) or 0, got "2"; presentation mode off'],
		[
			'hide=everything,<b>',
			'hide: "everything", "<b>" are not something a link can hide (it can hide settings, runs, seed, tabs, table, export, share); ignored'
		],
		['view=inside&view=data', 'view: given more than once in the link; using the first']
	])('%s → one message naming the option', (q, message) => {
		const d = page(`?${q}`);
		expect(texts(d.errors)).toEqual([message]);
		expect(d.experiment).toBeNull();
	});

	it('every sub-view and quantity round-trips; the defaults (grid, activations) are not written', () => {
		for (const { id } of SUB_VIEWS.inside)
			for (const quantity of QUANTITIES) {
				const o = { ...defaultPageOptions(), view: 'inside' as const, sub: id, quantity };
				const q = encodePageOptions(o);
				expect(q.includes('sub=')).toBe(id !== 'grid');
				expect(q.includes('quantity=')).toBe(quantity !== 'postact');
				expect(page(`?${q}`)).toEqual({ experiment: null, page: o, errors: [], warnings: [] });
			}
		expect(encodePageOptions({ ...defaultPageOptions(), view: 'inside', sub: 'ridgeline', quantity: 'grad' })).toBe('view=inside&sub=ridgeline&quantity=grad');
	});

	it.each([
		['sub=histogram', "sub: the inside view's sub-view must be one of grid, bands, ridgeline, overlay, stats, got \"histogram\"; showing grid"],
		['sub=', "sub: the inside view's sub-view must be one of grid, bands, ridgeline, overlay, stats, got \"\"; showing grid"],
		['sub=STATS', "sub: the inside view's sub-view must be one of grid, bands, ridgeline, overlay, stats, got \"STATS\"; showing grid"],
		['sub=__proto__', "sub: the inside view's sub-view must be one of grid, bands, ridgeline, overlay, stats, got \"__proto__\"; showing grid"],
		['sub=%3Cscript%3E', "sub: the inside view's sub-view must be one of grid, bands, ridgeline, overlay, stats, got \"<script>\"; showing grid"],
		['quantity=weights', 'quantity: must be one of weight, bias, preact, postact, grad, got "weights"; showing postact'],
		['quantity=constructor', 'quantity: must be one of weight, bias, preact, postact, grad, got "constructor"; showing postact'],
		['sub=stats&sub=overlay', 'sub: given more than once in the link; using the first']
	])('hostile sub-view %s → the default, one message naming the option', (q, message) => {
		const d = page(`?view=inside&${q}`);
		expect(texts(d.errors)).toEqual([message]);
		expect(d.page.view).toBe('inside');
		if (!q.startsWith('sub=stats')) expect([d.page.sub, d.page.quantity]).toEqual(['grid', 'postact']);
		else expect(d.page.sub).toBe('stats');
	});

	it('a huge sub value is cut in the message and refused', () => {
		const d = page(`?sub=${'x'.repeat(2500)}`);
		expect(d.page.sub).toBe('grid');
		expect(d.errors[0].message.length).toBeLessThan(160);
	});

	it('lesson links carry their sub-view through the codec', () => {
		for (const l of LESSONS.filter((x) => x.inside)) {
			const d = page(lessonHref(l, '').slice(1));
			expect(d.errors).toEqual([]);
			expect(d.page.view).toBe('inside');
			expect(d.page.sub).toBe(l.inside?.sub);
			expect(d.page.quantity).toBe(l.inside?.quantity ?? 'postact');
		}
		expect(LESSONS.filter((x) => x.inside).map((l) => l.inside?.sub)).toContain('stats');
	});

	it('lesson=999 names the lessons that exist', () => {
		const d = page('?lesson=999');
		expect(d.page.lesson).toBeNull();
		expect(d.errors[0].message).toMatch(/^lesson: no lesson is called "999" \(the lessons are [a-z0-9-]+(, [a-z0-9-]+)+\); no lesson banner$/);
	});

	it('a repeated view keeps the first, and good options survive beside bad ones', () => {
		const d = page('?view=inside&view=data&present=1&hide=runs,bogus');
		expect(d.page).toEqual({ ...defaultPageOptions(), view: 'inside', present: true, hide: ['runs'] });
		expect(d.errors.map((e) => e.field)).toEqual(['link.view', 'hide']);
	});

	it('hide items given twice are hidden once, with a note', () => {
		const d = page('?hide=seed,seed,runs');
		expect(d.page.hide).toEqual(['runs', 'seed']);
		expect(texts(d.warnings)).toEqual(['hide: "seed" given more than once; hidden once']);
	});

	it('page options and the experiment split: the experiment keys go to the experiment codec', () => {
		const e = defaultExperiment();
		e.shared.seed = 5;
		const q = playgroundQuery(e, { ...defaultPageOptions(), view: 'paths' });
		expect(q).toBe(`${encodeExperiment(e)}&view=paths`);
		const d = page(q);
		expect(d.experiment).toEqual(e);
		expect(d.page.view).toBe('paths');
		expect(d.errors).toEqual([]);
	});

	it('unknown keys and repeated experiment keys get a message each, once', () => {
		const d = page('?seed=1&seed=2&wat=1&wat=2&view=data');
		expect(d.experiment?.shared.seed).toBe(1);
		expect(texts(d.errors)).toEqual(['seed: given more than once in the link; using the first']);
		expect(texts(d.warnings)).toEqual(['unknown setting "wat" in the link; ignored']);
	});

	it('markup in a value is quoted as text in the message, and huge values are cut to 32 characters', () => {
		const d = page(`?view=<img src=x onerror=alert(1)>${'a'.repeat(500)}`);
		expect(d.errors[0].message).toBe('view: must be one of curves, inside, paths, curvature, data, got "<img src=x onerror=alert(1)>aaaa…"; showing curves');
	});

	it('decodePageOptions ignores the keys that are not its own', () => {
		const m = { errors: [], warnings: [] };
		expect(decodePageOptions(readQuery('ds=moons&view=data').pairs, [], m)).toEqual({ ...defaultPageOptions(), view: 'data' });
		expect(m).toEqual({ errors: [], warnings: [] });
	});
});

describe('the surface race', () => {
	it.each([
		['opt=foo,foo', ['opt: unknown optimizer “foo” — left out (choose from sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad)']],
		['opt=sgd:abc,sgd:abc', ['opt: learning rate “abc” of sgd is not a number in (0, 100] — using 0.002', 'opt: sgd given more than once — using the first']],
		['fn=beale&fn=camel', ['fn: given more than once in the link; using the first']]
	])('%s: each message once, the race still has a configuration', (q, expected) => {
		const d = decodeSurfaceLink(`?${q}`);
		expect(texts(d.errors)).toEqual(expected);
		expect(new Set(texts(d.errors)).size).toBe(d.errors.length);
	});

	it('a duplicated fn keeps the first: Beale, not the camel', () => {
		expect(decodeSurfaceLink('?fn=beale&fn=camel').config.fn).toBe('beale');
	});

	it('unknown keys are named with the keys the race reads', () => {
		const d = decodeSurfaceLink('?fn=himmelblau&zoom=3&<script>=1');
		expect(d.config.fn).toBe('himmelblau');
		expect(texts(d.warnings)).toEqual([
			'unknown setting "zoom" in the link; ignored (the surface race reads fn, from, steps, opt, noise, seed, mu, present)',
			'unknown setting "<script>" in the link; ignored (the surface race reads fn, from, steps, opt, noise, seed, mu, present)'
		]);
	});

	it('opt=sgd:0.1:5 is not read as 0.1', () => {
		const d = decodeSurfaceLink('?opt=sgd:0.1:5');
		expect(d.config.selected).toEqual(['sgd']);
		expect(d.config.lr.sgd).toBe(0.002);
		expect(texts(d.errors)).toEqual(['opt: learning rate “0.1:5” of sgd is not a number in (0, 100] — using 0.002']);
	});
});

describe('presentation mode on the surface race and the sweep (present=1)', () => {
	it('present=1 turns it on, present=0 or no key leaves it off, and the rest of the link still counts', () => {
		expect(decodeSurfaceLink('?fn=beale&present=1')).toMatchObject({ present: true, errors: [], warnings: [] });
		expect(decodeSurfaceLink('?fn=beale&present=1').config.fn).toBe('beale');
		expect(decodeSurfaceLink('?fn=beale&present=0').present).toBe(false);
		expect(decodeSurfaceLink('?fn=beale').present).toBe(false);
		const w = decodeSweepLink('?ds=moons&sw-seeds=3&present=1');
		expect(w).toMatchObject({ present: true, errors: [], warnings: [] });
		expect(w.experiment?.shared.dataset).toBe('moons');
		expect(w.settings.seeds).toBe(3);
		expect(decodeSweepLink('?present=1')).toMatchObject({ experiment: null, present: true, errors: [] });
	});
	it.each(['2', 'yes', '', '<b>1</b>', '1 '])('present=%j is named with what it allows; mode off; nothing else lost', (v) => {
		const msg = `present: must be 1 (presentation mode) or 0, got "${v}"; presentation mode off`;
		const q = `fn=camel&present=${encodeURIComponent(v)}`;
		const d = decodeSurfaceLink(`?${q}`);
		expect(d.present).toBe(false);
		expect(d.config.fn).toBe('camel');
		expect(texts(d.errors)).toEqual([msg]);
		const w = decodeSweepLink(`?ds=moons&present=${encodeURIComponent(v)}`);
		expect(w.present).toBe(false);
		expect(w.experiment?.shared.dataset).toBe('moons');
		expect(texts(w.errors)).toEqual([msg]);
	});
	it('a repeated present keeps the first, once, on both pages', () => {
		const d = decodeSurfaceLink('?present=1&present=0');
		expect(d.present).toBe(true);
		expect(texts(d.errors)).toEqual(['present: given more than once in the link; using the first']);
		const w = decodeSweepLink('?present=0&present=1');
		expect(w.present).toBe(false);
		expect(texts(w.errors)).toEqual(['present: given more than once in the link; using the first']);
	});
	it('round-trips: present is written only when on, after the settings', () => {
		expect(surfaceQuery('fn=beale&steps=80', true)).toBe('fn=beale&steps=80&present=1');
		expect(surfaceQuery('fn=beale', false)).toBe('fn=beale');
		expect(surfaceQuery('', true)).toBe('present=1');
		expect(decodeSurfaceLink(`?${surfaceQuery('fn=beale&steps=80', true)}`)).toMatchObject({ present: true, errors: [], warnings: [] });
		const e = defaultExperiment();
		const s = { ...DEFAULT_SWEEP, optimizers: [...DEFAULT_SWEEP.optimizers], seeds: 3 };
		expect(sweepQuery(e, s, true)).toBe(`${sweepQuery(e, s)}&present=1`);
		expect(decodeSweepLink(`?${sweepQuery(e, s, true)}`)).toEqual({ experiment: e, settings: s, present: true, errors: [], warnings: [] });
	});
});

describe('the sweep', () => {
	it('settings round-trip under sw- keys; the defaults are not written', () => {
		const s = { optimizers: ['sgd' as const, 'adam' as const], lrMin: 0.001, lrMax: 0.5, points: 5, seeds: 3, steps: 200 };
		expect(encodeSweepSettings(s)).toBe('sw-opt=sgd,adam&sw-lrmin=0.001&sw-lrmax=0.5&sw-points=5&sw-seeds=3&sw-steps=200');
		expect(encodeSweepSettings({ ...DEFAULT_SWEEP, optimizers: [...DEFAULT_SWEEP.optimizers] })).toBe('');
		const e = defaultExperiment();
		const d = decodeSweepLink(`?${sweepQuery(e, s)}`);
		expect(d).toEqual({ experiment: e, settings: s, present: false, errors: [], warnings: [] });
	});

	it('bad values name their key and what it allows; the others are kept', () => {
		const d = decodeSweepLink('?sw-points=0x10&sw-seeds=3&sw-opt=sgd,warp&sw-steps=5');
		expect(d.settings).toMatchObject({ points: 9, seeds: 3, optimizers: ['sgd'], steps: 300 });
		expect(texts(d.errors)).toEqual([
			'sw-points (number of learning rates): must be a whole number from 1 to 25, got "0x10"; using 9',
			'sw-opt: "warp" is not an optimizer (choose from sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad); left out',
			'sw-steps (steps per job): must be a whole number from 10 to 5000, got "5"; using 300'
		]);
	});

	it('settings that do not go together fall back to the default sweep, saying why', () => {
		const d = decodeSweepLink('?sw-lrmin=1&sw-lrmax=0.01');
		expect(d.settings).toEqual({ ...DEFAULT_SWEEP, optimizers: [...DEFAULT_SWEEP.optimizers] });
		expect(texts(d.errors)).toEqual(['largest learning rate: must be at least the smallest (1), got 0.01; using the default sweep']);
	});

	it('warnings (unknown keys) are returned as well as errors, and repeats are named', () => {
		const d = decodeSweepLink('?ds=moons&sw-seeds=2&sw-seeds=4&zzz=1');
		expect(d.experiment?.shared.dataset).toBe('moons');
		expect(texts(d.errors)).toEqual(['sw-seeds: given more than once in the link; using the first']);
		expect(texts(d.warnings)).toEqual(['unknown setting "zzz" in the link; ignored']);
	});
});

describe('the lessons page', () => {
	it('lesson=<id> is read, anything else is named', () => {
		expect(decodeLessonsLink('?lesson=momentum')).toEqual({ lesson: 'momentum', errors: [], warnings: [] });
		const d = decodeLessonsLink('?lesson=999&lesson=momentum&view=x');
		expect(d.lesson).toBeNull();
		expect(d.errors.map((e) => e.field)).toEqual(['link.lesson', 'lesson']);
		expect(texts(d.warnings)).toEqual(['unknown setting "view" in the link; ignored (the lessons page reads lesson)']);
	});
});
