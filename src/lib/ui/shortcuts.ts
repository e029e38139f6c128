// Keyboard shortcuts of the playground, as data (the help dialog lists this same table).
export interface Shortcut {
	keys: string[];
	label: string;
	action: 'toggle-play' | 'step' | 'reset' | 'fullscreen' | 'help' | 'present';
}

export const SHORTCUTS: Shortcut[] = [
	{ keys: [' '], label: 'Space — play / pause', action: 'toggle-play' },
	{ keys: ['ArrowRight'], label: '→ — one step', action: 'step' },
	{ keys: ['r'], label: 'r — reset (same seed: same θ₀, same batches)', action: 'reset' },
	{ keys: ['f'], label: 'f — fullscreen', action: 'fullscreen' },
	{ keys: ['p'], label: 'p — presentation mode on / off', action: 'present' },
	{ keys: ['?'], label: '? — this help', action: 'help' }
];

/** the shortcut for a key event, or null when it belongs to a form control or carries a modifier */
export function shortcutFor(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null }): Shortcut | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	const t = e.target as { tagName?: string; isContentEditable?: boolean; getAttribute?: (n: string) => string | null } | null;
	const tag = t?.tagName?.toLowerCase();
	if (tag === 'input' || tag === 'select' || tag === 'textarea' || t?.isContentEditable) return null;
	// Space and → on a focused button, tab or slider keep their native meaning
	if ((e.key === ' ' || e.key === 'ArrowRight') && (tag === 'button' || tag === 'summary' || t?.getAttribute?.('role') === 'slider' || t?.getAttribute?.('role') === 'tab'))
		return null;
	const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
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
