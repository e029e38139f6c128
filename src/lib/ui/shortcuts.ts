// Keyboard shortcuts of the playground, as data (the help dialog lists this same table).
export interface Shortcut {
	keys: string[];
	label: string;
	action: 'toggle-play' | 'step' | 'reset' | 'fullscreen' | 'help' | 'present' | 'lr-down' | 'lr-up';
}

export const SHORTCUTS: Shortcut[] = [
	{ keys: [' '], label: 'Space — play / pause', action: 'toggle-play' },
	{ keys: ['ArrowRight'], label: '→ — one step', action: 'step' },
	{ keys: ['r'], label: 'r — reset (same seed: same θ₀, same batches)', action: 'reset' },
	{ keys: ['['], label: '[ — halve η of the first running run, live (no restart)', action: 'lr-down' },
	{ keys: [']'], label: '] — double η of the first running run, live (no restart)', action: 'lr-up' },
	{ keys: ['f'], label: 'f — fullscreen', action: 'fullscreen' },
	{ keys: ['p'], label: 'p — presentation mode on / off', action: 'present' },
	{ keys: ['?'], label: '? — this help', action: 'help' }
];

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
