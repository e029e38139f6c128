// The playground's keyboard: the one table of shortcuts (ui/shortcuts.ts, which also fills the help
// dialog) bound to the page's state. Kept out of the route so the route only composes.
import type { PlaygroundPage } from '../state/playground-page.svelte';
import { shortcutHandler } from './shortcuts';

export function playgroundKeydown(page: PlaygroundPage): (e: KeyboardEvent) => void {
	const pg = page.pg;
	return shortcutHandler(
		{
			'toggle-play': () => page.togglePlay(),
			step: () => page.step(),
			reset: () => page.reset(),
			'select-run': (i) => pg.select(i),
			// a live change of the selected run's learning rate: it goes on; marked, announced, kept in the link
			'lr-down': () => void pg.scaleSelectedLr(0.5),
			'lr-up': () => void pg.scaleSelectedLr(2),
			fullscreen: () => {
				if (document.fullscreenElement) void document.exitFullscreen();
				else void document.documentElement.requestFullscreen?.().catch(() => {});
			},
			present: () => page.togglePresent(),
			help: () => (page.helpOpen = true)
		},
		// blocked while a dialog of the page is open — read from the DOM, not from helpOpen/shareOpen:
		// those follow the dialog's `close` event, which the browser fires a task after the dialog has
		// closed, so a key pressed in between (seen under load: p right after Escape) would be lost
		() => document.querySelector('dialog[open]') !== null
	);
}
