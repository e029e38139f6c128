// A chart on screen → a standalone SVG file (and a PNG of it).
//
// The charts are styled by component CSS and CSS variables, which a saved .svg does not carry. So
// the chart is cloned and each element gets, as an inline style, the COMPUTED value of the
// properties that decide how it looks (paint, strokes, opacity, fonts). The file then renders the
// same in a browser, Inkscape or a slide deck. The clone sits in an outer <svg> with a white
// background, and optionally a title above and a legend below (the page's legend is HTML, outside
// the chart's <svg>, and would otherwise be lost). A <canvas> inside a <foreignObject> (a dense
// raster drawn inside a chart) becomes an <image> with its pixels, since few SVG viewers render
// HTML. Browser only.

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** inherited properties: written on every element, so nothing depends on the page's stylesheet */
const PAINT = [
	'fill',
	'fill-opacity',
	'fill-rule',
	'stroke',
	'stroke-width',
	'stroke-dasharray',
	'stroke-dashoffset',
	'stroke-opacity',
	'stroke-linecap',
	'stroke-linejoin',
	'paint-order',
	'visibility'
] as const;
/** written on text only */
const FONT = ['font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing'] as const;
const TEXT_TAGS = new Set(['text', 'tspan', 'textPath']);

export interface SvgLegendItem {
	label: string;
	/** a CSS colour, e.g. runColor(i) */
	color: string;
	/** an SVG stroke-dasharray; '' or absent = solid */
	dash?: string;
}

export interface SvgExportOptions {
	/** drawn above the chart, e.g. the chart's caption */
	title?: string;
	/** drawn below the chart, one swatch per entry */
	legend?: readonly SvgLegendItem[];
	/** page colour behind everything (default white, so the file reads on dark viewers too) */
	background?: string;
}

export interface SerializedSvg {
	/** the whole file, XML declaration included */
	text: string;
	/** CSS pixels */
	width: number;
	height: number;
}

const TITLE_H = 28;
const LEGEND_ROW = 20;
const LEGEND_COL = 220;
const PAD = 8;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
	const e = document.createElementNS(SVG_NS, tag);
	for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
	return e;
}

/** Copies the computed look of `source` onto `target`, then does the same for their children (below `root`, the chart). */
function inlineStyles(source: Element, target: Element, root: Element): void {
	if (source instanceof SVGElement) {
		const cs = getComputedStyle(source);
		if (cs.display === 'none') {
			target.remove();
			return;
		}
		const parts: string[] = [];
		const write = (prop: string): void => {
			const v = cs.getPropertyValue(prop);
			if (v !== '') parts.push(`${prop}:${v}`);
		};
		// Paint is inherited: a value equal to the parent's arrives by inheritance, unless a
		// presentation attribute on the element (overridden on screen by the CSS) would win.
		const parent = source.parentElement instanceof SVGElement && source !== root ? getComputedStyle(source.parentElement) : null;
		for (const prop of PAINT) if (!parent || source.hasAttribute(prop) || parent.getPropertyValue(prop) !== cs.getPropertyValue(prop)) write(prop);
		if (TEXT_TAGS.has(source.tagName)) FONT.forEach(write);
		// not inherited: only when it does something
		if (cs.opacity !== '1') parts.push(`opacity:${cs.opacity}`);
		if (parts.length > 0) target.setAttribute('style', parts.join(';'));
		else target.removeAttribute('style');
		if (source.tagName === 'foreignObject') {
			rasterizeCanvas(source, target);
			return;
		}
	}
	const from = Array.from(source.children);
	const to = Array.from(target.children);
	for (let i = 0; i < from.length && i < to.length; i++) inlineStyles(from[i], to[i], root);
}

/** A <foreignObject> holding a <canvas> → an <image> of the canvas pixels, placed the same. */
function rasterizeCanvas(source: Element, target: Element): void {
	const canvas = source.querySelector('canvas');
	if (!canvas) return;
	let href: string;
	try {
		href = canvas.toDataURL('image/png');
	} catch {
		return; // a tainted canvas cannot be read; the HTML stays, browsers still render it
	}
	const image = el('image', { preserveAspectRatio: 'none', href });
	for (const a of ['x', 'y', 'width', 'height', 'transform']) {
		const v = source.getAttribute(a);
		if (v !== null) image.setAttribute(a, v);
	}
	target.replaceWith(image);
}

/** the chart's size in CSS pixels and its viewBox (the rendered size when it has none) */
function measure(svg: SVGSVGElement): { width: number; height: number; viewBox: string } {
	const rect = svg.getBoundingClientRect();
	const vb = svg.viewBox?.baseVal;
	const hasViewBox = !!vb && vb.width > 0 && vb.height > 0;
	const attr = (name: string): number => parseFloat(svg.getAttribute(name) ?? '') || 0;
	const width = rect.width || attr('width') || (hasViewBox ? vb.width : 0) || 300;
	const height = rect.height || attr('height') || (hasViewBox ? vb.height : 0) || 150;
	return { width, height, viewBox: hasViewBox ? `${vb.x} ${vb.y} ${vb.width} ${vb.height}` : `0 0 ${width} ${height}` };
}

function truncate(s: string, max: number): string {
	const chars = Array.from(s);
	return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

function legendGroup(items: readonly SvgLegendItem[], width: number, top: number, font: string): { g: SVGGElement; height: number } {
	const cols = Math.max(1, Math.floor((width - 2 * PAD) / LEGEND_COL));
	const g = el('g', { transform: `translate(${PAD},${top})`, 'font-family': font, 'font-size': 13, fill: '#222' });
	items.forEach((item, i) => {
		const x = (i % cols) * LEGEND_COL;
		const y = Math.floor(i / cols) * LEGEND_ROW + LEGEND_ROW / 2;
		const line = el('line', { x1: x, x2: x + 24, y1: y, y2: y, stroke: item.color, 'stroke-width': 3, 'stroke-linecap': 'round' });
		if (item.dash) line.setAttribute('stroke-dasharray', item.dash);
		const text = el('text', { x: x + 30, y, 'dominant-baseline': 'central' });
		text.textContent = truncate(item.label, 26);
		g.append(line, text);
	});
	return { g, height: Math.ceil(items.length / cols) * LEGEND_ROW + PAD };
}

/**
 * The chart as a standalone SVG document: computed styles inlined, xmlns, width/height/viewBox
 * in CSS pixels, a background rect, and the optional title and legend.
 */
export function serializeSvg(svg: SVGSVGElement, options: SvgExportOptions = {}): SerializedSvg {
	const { width, height, viewBox } = measure(svg);
	const font = getComputedStyle(svg).fontFamily || 'sans-serif';
	const chart = svg.cloneNode(true) as SVGSVGElement;
	inlineStyles(svg, chart, svg);
	const titleH = options.title ? TITLE_H : 0;
	chart.setAttribute('x', '0');
	chart.setAttribute('y', String(titleH));
	chart.setAttribute('width', String(width));
	chart.setAttribute('height', String(height));
	chart.setAttribute('viewBox', viewBox);

	const root = el('svg', { version: '1.1' });
	root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
	const bg = el('rect', { x: 0, y: 0, width, height: 0, fill: options.background ?? '#ffffff' });
	root.append(bg);
	if (options.title) {
		const t = el('text', { x: PAD, y: TITLE_H - 9, 'font-family': font, 'font-size': 16, 'font-weight': 600, fill: '#1a1a2e' });
		t.textContent = options.title;
		root.append(t);
	}
	root.append(chart);
	let total = titleH + height;
	if (options.legend && options.legend.length > 0) {
		const { g, height: h } = legendGroup(options.legend, width, total + 4, font);
		root.append(g);
		total += h + 4;
	}
	total = Math.ceil(total);
	bg.setAttribute('height', String(total));
	root.setAttribute('width', String(width));
	root.setAttribute('height', String(total));
	root.setAttribute('viewBox', `0 0 ${width} ${total}`);
	const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
	return { text, width, height: total };
}

/** the largest canvas side Chromium draws reliably */
const MAX_CANVAS_SIDE = 16384;

/** Renders a serialized SVG to a PNG at `scale`× (default 2, sharp on projectors and in print). */
export async function svgToPng(svg: SerializedSvg, scale = 2): Promise<Blob> {
	const s = Math.min(scale, MAX_CANVAS_SIDE / svg.width, MAX_CANVAS_SIDE / svg.height);
	const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const img = new Image();
		await new Promise<void>((resolve, reject) => {
			img.onload = () => resolve();
			img.onerror = () => reject(new Error('the browser could not draw the SVG'));
			img.src = url;
		});
		const canvas = document.createElement('canvas');
		canvas.width = Math.max(1, Math.round(svg.width * s));
		canvas.height = Math.max(1, Math.round(svg.height * s));
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('no 2-D canvas available');
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png')
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}
