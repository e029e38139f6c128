// Initializers (engine/init.ts) against torch.nn.init's documented formulas (calculate_gain,
// xavier_*, kaiming_* with mode fan_in, the nn.Linear default), with the draws replayed from a twin
// Rng, plus every refusal message.
import { describe, expect, it } from 'vitest';
import { describeInit, gain, initLayer, initStd, validateInitConfig } from '../../../src/lib/engine/init';
import { Rng } from '../../../src/lib/engine/rng';
import type { InitConfig } from '../../../src/lib/engine/types';

describe('gain (torch.nn.init.calculate_gain)', () => {
	it('linear 1, sigmoid 1, tanh 5/3, relu √2, leaky_relu(0.01) √(2/1.0001); gelu taken as relu', () => {
		expect(gain('linear')).toBe(1);
		expect(gain('sigmoid')).toBe(1);
		expect(gain('tanh')).toBeCloseTo(1.6666666666666667, 15);
		expect(gain('relu')).toBeCloseTo(1.4142135623730951, 15);
		expect(gain('gelu')).toBeCloseTo(1.4142135623730951, 15);
		expect(gain('leaky-relu')).toBeCloseTo(1.4141428569978354, 15);
	});
});

describe('initStd', () => {
	it('each scheme’s weight std, by hand (fan_in 8, fan_out 8 unless said)', () => {
		const s = (cfg: InitConfig, fanIn = 8, fanOut = 8, act: 'relu' | 'tanh' = 'relu') => initStd(cfg, fanIn, fanOut, act);
		expect(s({ scheme: 'zeros' })).toBe(0);
		expect(s({ scheme: 'constant', value: 3 })).toBe(0);
		expect(s({ scheme: 'normal' })).toBe(0.01);
		expect(s({ scheme: 'normal', std: 0.2 })).toBe(0.2);
		expect(s({ scheme: 'uniform' })).toBeCloseTo(0.05 / Math.sqrt(3), 15);
		expect(s({ scheme: 'uniform', bound: 0.3 })).toBeCloseTo(0.3 / Math.sqrt(3), 15);
		// xavier: Var = 2/(fan_in + fan_out) = 2/8 with 3 + 5 → std 0.5, uniform or normal
		expect(s({ scheme: 'xavier-uniform' }, 3, 5)).toBeCloseTo(0.5, 15);
		expect(s({ scheme: 'xavier-normal' }, 3, 5)).toBeCloseTo(0.5, 15);
		// kaiming (fan_in): std = gain/√fan_in; relu on fan_in 8 → √2/√8 = 0.5; tanh on 4 → (5/3)/2
		expect(s({ scheme: 'he-normal' })).toBeCloseTo(0.5, 15);
		expect(s({ scheme: 'he-uniform' })).toBeCloseTo(0.5, 15);
		expect(s({ scheme: 'he-normal' }, 4, 9, 'tanh')).toBeCloseTo(5 / 6, 15);
		expect(s({ scheme: 'lecun-normal' }, 4, 9)).toBeCloseTo(0.5, 15);
		// orthogonal: g²/max(fan_in, fan_out) → √2/√8 whichever fan is larger
		expect(s({ scheme: 'orthogonal' }, 2, 8)).toBeCloseTo(0.5, 15);
		expect(s({ scheme: 'orthogonal' }, 8, 2)).toBeCloseTo(0.5, 15);
		// nn.Linear default: U(−1/√fan_in, 1/√fan_in) → std 1/(√3·√3) on fan_in 3
		expect(s({ scheme: 'torch-default' }, 3, 5)).toBeCloseTo(1 / 3, 15);
	});
});

describe('initLayer draws', () => {
	const fresh = () => ({ w: new Float64Array(6), b: new Float64Array(2).fill(9) });

	it('uniform(−a, a) weights, one draw each in order, bias zeros by default', () => {
		const { w, b } = fresh();
		initLayer(w, b, 3, 2, { scheme: 'uniform', bound: 0.3 }, 'relu', new Rng(4));
		const twin = new Rng(4);
		for (let i = 0; i < 6; i++) expect(w[i]).toBe(-0.3 + 0.6 * twin.uniform());
		expect(Array.from(b)).toEqual([0, 0]);
	});

	it('normal: std × N(0, 1); a constant bias fills the bias', () => {
		const { w, b } = fresh();
		initLayer(w, b, 3, 2, { scheme: 'normal', std: 0.2, bias: { kind: 'constant', value: 0.25 } }, 'relu', new Rng(4));
		const twin = new Rng(4);
		for (let i = 0; i < 6; i++) expect(w[i]).toBe(0.2 * twin.normal());
		expect(Array.from(b)).toEqual([0.25, 0.25]);
	});

	it('constant: c (default 0.1); torch-default draws the bias after the weights from U(±1/√fan_in)', () => {
		const a = fresh();
		initLayer(a.w, a.b, 3, 2, { scheme: 'constant' }, 'relu', new Rng(1));
		expect(Array.from(a.w)).toEqual(Array(6).fill(0.1));
		initLayer(a.w, a.b, 3, 2, { scheme: 'constant', value: -0.5 }, 'relu', new Rng(1));
		expect(Array.from(a.w)).toEqual(Array(6).fill(-0.5));
		// fan_in 4: a = 1/2; 8 weight draws, then 2 bias draws
		const exact = new Rng(8);
		const w8 = new Float64Array(8);
		const b2 = new Float64Array(2);
		initLayer(w8, b2, 4, 2, { scheme: 'torch-default' }, 'relu', new Rng(8));
		for (let i = 0; i < 8; i++) expect(w8[i]).toBe(-0.5 + 1 * exact.uniform());
		for (let i = 0; i < 2; i++) expect(b2[i]).toBe(-0.5 + 1 * exact.uniform());
	});
});

describe('refusals name the field', () => {
	it('validateInitConfig', () => {
		const bad: [InitConfig, string][] = [
			[{ scheme: 'normal', std: 0 }, 'init: std must be a finite number > 0, got 0'],
			[{ scheme: 'normal', std: Infinity }, 'init: std must be a finite number > 0, got Infinity'],
			[{ scheme: 'uniform', bound: -1 }, 'init: bound must be a finite number > 0, got -1'],
			[{ scheme: 'constant', value: NaN }, 'init: value must be a finite number, got NaN'],
			[{ scheme: 'zeros', bias: { kind: 'constant', value: Infinity } }, 'init: bias.value must be a finite number, got Infinity'],
			[{ scheme: 'zeros', bias: { kind: 'ones' } as unknown as InitConfig['bias'] }, "init: bias.kind must be 'zeros' or 'constant', got ones"]
		];
		for (const [cfg, msg] of bad) expect(() => validateInitConfig(cfg)).toThrow(new RangeError(msg));
		expect(() => validateInitConfig({ scheme: 'bogus' } as unknown as InitConfig)).toThrow(/^init: scheme must be one of zeros, .*torch-default, got bogus$/);
		expect(() => validateInitConfig({ scheme: 'constant', value: -3, bias: { kind: 'zeros' } })).not.toThrow();
	});

	it('initLayer checks fans and lengths', () => {
		const cfg: InitConfig = { scheme: 'zeros' };
		const r = new Rng(1);
		const f64 = (n: number) => new Float64Array(n);
		expect(() => initLayer(f64(0), f64(2), 0, 2, cfg, 'relu', r)).toThrow(new RangeError('init: fanIn must be an integer ≥ 1, got 0'));
		expect(() => initLayer(f64(3), f64(2), 1.5, 2, cfg, 'relu', r)).toThrow(new RangeError('init: fanIn must be an integer ≥ 1, got 1.5'));
		expect(() => initLayer(f64(0), f64(0), 3, 0, cfg, 'relu', r)).toThrow(new RangeError('init: fanOut must be an integer ≥ 1, got 0'));
		expect(() => initLayer(f64(5), f64(2), 3, 2, cfg, 'relu', r)).toThrow(new RangeError('init: weight length must be fanOut·fanIn = 6, got 5'));
		expect(() => initLayer(f64(6), f64(3), 3, 2, cfg, 'relu', r)).toThrow(new RangeError('init: bias length must be fanOut = 2, got 3'));
		expect(() => initLayer(f64(1), f64(1), 1, 1, cfg, 'relu', r)).not.toThrow();
	});
});

describe('describeInit', () => {
	it('states each scheme’s formula', () => {
		const want: Record<string, string> = {
			zeros: 'W = 0',
			constant: 'W = c (default 0.1)',
			uniform: 'default a = 0.05',
			normal: 'default σ = 0.01',
			'xavier-uniform': 'a = √(6/(fan_in+fan_out))',
			'xavier-normal': 'σ² = 2/(fan_in+fan_out)',
			'he-uniform': 'a = g·√(3/fan_in)',
			'he-normal': 'σ² = g²/fan_in',
			'lecun-normal': 'σ² = 1/fan_in',
			orthogonal: 'Var = g²/max(fan_in, fan_out)',
			'torch-default': 'U(−1/√fan_in, 1/√fan_in)'
		};
		for (const [scheme, part] of Object.entries(want)) expect(describeInit(scheme as InitConfig['scheme'])).toContain(part);
	});
});
