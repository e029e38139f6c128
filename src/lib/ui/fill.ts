// Presentation mode: an element takes the height left in its scrolling container below the
// elements before it (toolbar, lesson banner, tabs), so the chart inside it ends at the bottom of
// the screen with its x axis and legend visible. Follows resizes of the container and of every
// element above (showing a lesson's answer shrinks the chart instead of pushing it off screen).

/** Svelte action: `use:fillRemaining={enabled}` (min px: 260) */
export function fillRemaining(node: HTMLElement, enabled: boolean) {
	let on = enabled;
	const container = node.parentElement;
	const observer = new ResizeObserver(() => update());
	function update(): void {
		if (!on || !container) {
			node.style.height = '';
			return;
		}
		const style = getComputedStyle(container);
		const bottomPad = parseFloat(style.paddingBottom) || 0;
		const top = node.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
		// a zoomed node (CSS zoom) is drawn `zoom` times its height: ask for the height it is drawn at
		const zoom = parseFloat(getComputedStyle(node).zoom) || 1;
		node.style.height = `${Math.max(260, container.clientHeight - top - Math.min(bottomPad, 8)) / zoom}px`;
	}
	function observe(): void {
		observer.disconnect();
		if (!container) return;
		observer.observe(container);
		for (let el = node.previousElementSibling; el; el = el.previousElementSibling) observer.observe(el);
	}
	observe();
	update();
	// siblings come and go (a lesson banner, messages): observe the new set
	const mutations = new MutationObserver(() => {
		observe();
		update();
	});
	if (container) mutations.observe(container, { childList: true });
	return {
		update(next: boolean) {
			on = next;
			update();
		},
		destroy() {
			observer.disconnect();
			mutations.disconnect();
			node.style.height = '';
		}
	};
}
