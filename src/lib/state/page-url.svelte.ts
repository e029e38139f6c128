// What the surface race and the sweep pages share around their own state: presentation mode (the
// `present` flag, html.present, the p key) and writing the page's settings back to the address bar.
// Both must be created while a component initialises (they register effects).

import { replaceState } from '$app/navigation';
import { shortcutFor } from '$lib/ui/shortcuts';

/** debounce of the address-bar write, so a drag or typing does not flood the history API */
export const ADDRESS_DELAY_MS = 300;

/** presentation mode (present=1, p, the Presentation button): the layout hides the site's navigation under html.present */
export class PresentMode {
	on = $state(false);

	constructor() {
		$effect(() => {
			document.documentElement.classList.toggle('present', this.on);
			return () => document.documentElement.classList.remove('present');
		});
	}

	toggle = (): void => {
		this.on = !this.on;
	};

	/** the window's keydown: p toggles (unless something else took the key) */
	onkey = (e: KeyboardEvent): void => {
		if (e.defaultPrevented || shortcutFor(e)?.action !== 'present') return;
		e.preventDefault();
		this.toggle();
	};
}

/**
 * Keeps the address bar's query equal to `query()` (no '?'), debounced, in one history entry
 * (replaceState). `query()` returns null while there is nothing to write (before the page has
 * read its own query, or to keep a plain address plain).
 */
export function syncAddress(query: () => string | null): void {
	$effect(() => {
		const q = query();
		if (q === null) return;
		const t = setTimeout(() => {
			if (location.search === `?${q}`) return;
			const url = new URL(location.href);
			url.search = q;
			replaceState(url, {});
		}, ADDRESS_DELAY_MS);
		return () => clearTimeout(t);
	});
}
