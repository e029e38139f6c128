import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, shortcutHandler, type ShortcutHandlers } from '../../src/lib/ui/shortcuts';
import { ViewHistory } from '../../src/lib/state/view-history';
import { defaultSpeedFor } from '../../src/lib/ui/speed';

/** a stand-in for a focused element: tag, attributes, and whether it sits in a dialog or menu */
function el(tag: string, attrs: Record<string, string> = {}, inside: string | null = null) {
	return {
		tagName: tag.toUpperCase(),
		isContentEditable: attrs.contenteditable === 'true',
		getAttribute: (n: string) => attrs[n] ?? null,
		closest: (sel: string) => (inside && sel.includes(inside) ? {} : null)
	};
}
const key = (k: string, target: unknown, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
	shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods, target: target as EventTarget })?.action ?? null;

describe('shortcutFor: the same meaning wherever focus is', () => {
	it('Space plays from a focused button, tab, link, select or the page', () => {
		for (const t of [el('button'), el('button', { role: 'tab' }), el('a'), el('select'), el('body'), el('input', { type: 'range' }), null])
			expect(key(' ', t)).toBe('toggle-play');
	});
	it('→ steps and r resets from a focused button', () => {
		expect(key('ArrowRight', el('button'))).toBe('step');
		expect(key('r', el('button'))).toBe('reset');
		expect(key('R', el('button'))).toBe('reset');
	});
	it('text fields, checkboxes, sliders, tabs, selects and open dialogs keep their own keys', () => {
		for (const type of ['text', 'number', 'search', ''])
			for (const k of [' ', 'r', 'ArrowRight']) expect(key(k, el('input', { type }))).toBeNull();
		expect(key(' ', el('textarea'))).toBeNull();
		expect(key(' ', el('div', { contenteditable: 'true' }))).toBeNull();
		expect(key(' ', el('input', { type: 'checkbox' }))).toBeNull();
		expect(key(' ', el('input', { type: 'radio' }))).toBeNull();
		expect(key('ArrowRight', el('input', { type: 'range' }))).toBeNull();
		expect(key('ArrowRight', el('div', { role: 'slider' }))).toBeNull();
		expect(key('ArrowRight', el('button', { role: 'tab' }))).toBeNull();
		expect(key('ArrowRight', el('select'))).toBeNull();
		expect(key('r', el('select'))).toBeNull(); // type-ahead
		expect(key(' ', el('button', {}, 'dialog[open]'))).toBeNull();
		expect(key(' ', el('button', {}, '[data-keys="native"]'))).toBeNull();
	});
	it('modifier keys are never shortcuts', () => {
		expect(key('r', null, { ctrlKey: true })).toBeNull();
		expect(key(' ', null, { metaKey: true })).toBeNull();
		expect(key('r', null, { altKey: true })).toBeNull();
	});
});

describe('shortcutHandler: the one table drives the keys', () => {
	function harness(blocked = false) {
		const calls: string[] = [];
		const handlers = Object.fromEntries(SHORTCUTS.map((s) => [s.action, (i?: number) => calls.push(i === undefined ? s.action : `${s.action}:${i}`)])) as unknown as ShortcutHandlers;
		const onkey = shortcutHandler(handlers, () => blocked);
		const press = (k: string, target: unknown = el('body'), defaultPrevented = false) => {
			const e = { key: k, ctrlKey: false, metaKey: false, altKey: false, target, defaultPrevented, prevented: false, preventDefault() { this.prevented = true; } };
			onkey(e as unknown as KeyboardEvent);
			return e.prevented;
		};
		return { calls, press };
	}
	it('calls the action of each key and keeps the browser from also acting on it', () => {
		const h = harness();
		expect(h.press(' ', el('button'))).toBe(true);
		h.press('ArrowRight');
		h.press('R');
		h.press(']');
		h.press('[');
		h.press('p');
		h.press('?');
		expect(h.calls).toEqual(['toggle-play', 'step', 'reset', 'lr-up', 'lr-down', 'present', 'help']);
	});
	it('keys 1 … 9 select runs 0 … 8; 0 and other keys do nothing', () => {
		const h = harness();
		h.press('1');
		h.press('3');
		h.press('9');
		expect(h.press('0')).toBe(false);
		expect(h.press('x')).toBe(false);
		expect(h.calls).toEqual(['select-run:0', 'select-run:2', 'select-run:8']);
	});
	it('does nothing while a dialog is open, in a text field, or when a widget used the key', () => {
		const blocked = harness(true);
		expect(blocked.press(' ')).toBe(false);
		const h = harness();
		expect(h.press(']', el('input', { type: 'text' }))).toBe(false);
		expect(h.press(' ', el('body'), true)).toBe(false);
		expect(blocked.calls).toEqual([]);
		expect(h.calls).toEqual([]);
	});
	it('every key of the table is reachable, and no key means two things', () => {
		const seen = new Map<string, string>();
		for (const s of SHORTCUTS)
			for (const k of s.keys) {
				expect(seen.get(k), `key ${k}`).toBeUndefined();
				seen.set(k, s.action);
				expect(shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: null })?.action).toBe(s.action);
			}
	});
});

describe('ViewHistory', () => {
	it('returns the views of the last evaluation at or before a step', () => {
		const h = new ViewHistory<{ step: number }>(8);
		expect(h.at(10)).toBeNull();
		for (const step of [0, 50, 100, 150]) h.push({ step });
		expect(h.at(null)?.step).toBe(150);
		expect(h.at(-1)).toBeNull();
		expect(h.at(0)?.step).toBe(0);
		expect(h.at(49)?.step).toBe(0);
		expect(h.at(50)?.step).toBe(50);
		expect(h.at(149)?.step).toBe(100);
		expect(h.at(10_000)?.step).toBe(150);
	});
	it('replaces a repeated step, ignores an older one', () => {
		const h = new ViewHistory<{ step: number; v: string }>(8);
		h.push({ step: 5, v: 'a' });
		h.push({ step: 5, v: 'b' });
		h.push({ step: 3, v: 'c' });
		expect(h.length).toBe(1);
		expect(h.at(5)?.v).toBe('b');
	});
	it('stays within its cap by dropping every other entry, keeping the first and the latest', () => {
		const h = new ViewHistory<{ step: number }>(4);
		for (let s = 0; s <= 10; s++) h.push({ step: s });
		expect(h.length).toBeLessThanOrEqual(4);
		expect(h.at(0)?.step).toBe(0);
		expect(h.at(null)?.step).toBe(10);
		expect(() => new ViewHistory(1)).toThrow(/cap/);
	});
});

describe('default speed', () => {
	it('is watchable on the 2-D sets and full speed on MNIST', () => {
		for (const d of ['spiral', 'circles', 'xor', 'gaussians', 'moons'] as const) {
			const s = defaultSpeedFor(d);
			expect(typeof s === 'number' && s >= 100 && s <= 200).toBe(true);
		}
		expect(defaultSpeedFor('mnist')).toBe('max');
	});
});
