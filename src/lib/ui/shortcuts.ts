// Keyboard shortcuts of the playground, as data: this one table drives the key handler below (which
// the page installs on the window) and the help dialog (ShortcutsHelp lists the same rows).
export type ShortcutAction = 'toggle-play' | 'step' | 'reset' | 'select-run' | 'lr-down' | 'lr-up' | 'fullscreen' | 'help' | 'present';

export interface Shortcut {
	keys: string[];
	/** how the help dialog shows the keys, e.g. "1 … 9" */
	keyText: string;
	/** what the key does, for the help dialog */
	label: string;
	action: ShortcutAction;
}

/** keys 1 … 9 select run 1 … 9 of the table */
const RUN_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const SHORTCUTS: Shortcut[] = [
	{ keys: [' '], keyText: 'Space', label: 'play / pause', action: 'toggle-play' },
	{ keys: ['ArrowRight'], keyText: '→', label: 'one step', action: 'step' },
	{ keys: ['r'], keyText: 'r', label: 'reset (same seed: same θ₀, same batches)', action: 'reset' },
	{ keys: RUN_KEYS, keyText: '1 … 9', label: 'select run 1 … 9 (or click its row in the summary table)', action: 'select-run' },
	{ keys: ['['], keyText: '[', label: 'halve η of the selected run, live (no restart)', action: 'lr-down' },
	{ keys: [']'], keyText: ']', label: 'double η of the selected run, live (no restart)', action: 'lr-up' },
	{ keys: ['f'], keyText: 'f', label: 'fullscreen', action: 'fullscreen' },
	{ keys: ['p'], keyText: 'p', label: 'presentation mode on / off', action: 'present' },
	{ keys: ['?'], keyText: '?', label: 'this help', action: 'help' }
];

/** what each action does; select-run gets the run's position (0-based) from the key */
export type ShortcutHandlers = { [A in Exclude<ShortcutAction, 'select-run'>]: () => void } & { 'select-run': (index: number) => void };

/**
 * The window's keydown handler for the table above: finds the shortcut (shortcutFor), and unless
 * `blocked()` (a dialog of the page is open) or a focused widget already used the key, calls its
 * handler and keeps the browser from also acting on the key (Space scrolling, a focused button
 * clicked again).
 */
export function shortcutHandler(handlers: ShortcutHandlers, blocked: () => boolean = () => false): (e: KeyboardEvent) => void {
	return (e) => {
		// a focused widget that used the key itself (a chart's cursor, a menu) keeps it
		if (e.defaultPrevented) return;
		const s = shortcutFor(e);
		if (!s || blocked()) return;
		e.preventDefault();
		if (s.action === 'select-run') handlers['select-run'](RUN_KEYS.indexOf(e.key));
		else handlers[s.action]();
	};
}

/** the parts of a key event's target the rule below looks at (an Element satisfies it) */
interface KeyTarget {
	tagName?: string;
	isContentEditable?: boolean;
	getAttribute?: (n: string) => string | null;
	closest?: (selector: string) => unknown;
}

/** input types whose keys are text editing (Space types a space, → moves the caret) */
const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week', '']);

/**
 * The shortcut for a key event, or null when the key belongs to what has focus.
 *
 * Shortcuts mean the same thing wherever focus is — Space plays even right after a click on "New
 * seed" or on a view tab (the button keeps focus, and Space would otherwise click it again) — with
 * these exceptions, where the key has a meaning of its own:
 * - a text field (typing), a select list (type-ahead) or an open dialog / menu take every key;
 * - a checkbox or radio button keeps Space (it has no other key to toggle);
 * - a slider, a tab or a select keeps ← →, which move it.
 */
export function shortcutFor(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null }): Shortcut | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	const t = e.target as KeyTarget | null;
	const tag = t?.tagName?.toLowerCase();
	const type = (t?.getAttribute?.('type') ?? '').toLowerCase();
	const role = t?.getAttribute?.('role');
	if (tag === 'textarea' || t?.isContentEditable || (tag === 'input' && TEXT_INPUTS.has(type))) return null;
	if (t?.closest?.('dialog[open], [role="dialog"], [role="menu"], [data-keys="native"]')) return null;
	const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
	if (tag === 'select' && key !== ' ') return null;
	if (key === ' ' && tag === 'input' && (type === 'checkbox' || type === 'radio')) return null;
	if (key === 'ArrowRight' && (tag === 'input' || role === 'slider' || role === 'tab')) return null;
	return SHORTCUTS.find((s) => s.keys.includes(key) || (key === '?' && s.action === 'help')) ?? null;
}

/** what a "share with students" link can hide */
export const HIDEABLE = [
	{ id: 'settings', label: 'Experiment settings (left panel)' },
	{ id: 'runs', label: 'Run editors (optimizers, learning rates, inits)' },
	{ id: 'seed', label: 'Seed and "New seed"' },
	{ id: 'tabs', label: 'View tabs (stay on the current view)' },
	{ id: 'table', label: 'Summary table' },
	{ id: 'export', label: 'Export menu' },
	{ id: 'share', label: 'Share button' }
] as const;
export type Hideable = (typeof HIDEABLE)[number]['id'];
