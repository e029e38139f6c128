// Saving a file from the page: an <a download> clicked from script, the one way that works in every
// browser without a dialog API, and that Playwright sees as a `download` event. File names are
// built by a pure function from a Date passed in, so tests can check them.

const PREFIX = 'optimizer-playground';

function two(n: number): string {
	return String(n).padStart(2, '0');
}

/** local date and time as yyyymmdd-hhmm, e.g. 2024-03-07 09:05 → "20240307-0905" */
export function fileTimestamp(date: Date): string {
	return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
}

/**
 * A file-name-safe part: lower case ASCII letters, digits and dots, everything else a single '-',
 * at most 40 characters ("Adam (lr=0.001)" → "adam-lr-0.001"). Empty input gives "file".
 */
export function fileSlug(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "é" → "e"
		.toLowerCase()
		.replace(/[^a-z0-9.]+/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '')
		.slice(0, 40)
		.replace(/[-.]+$/, '');
	return slug === '' ? 'file' : slug;
}

/** optimizer-playground-<what>-<yyyymmdd-hhmm>.<ext> */
export function exportFilename(what: string, ext: string, date: Date): string {
	return `${PREFIX}-${fileSlug(what)}-${fileTimestamp(date)}.${ext}`;
}

export const MIME = {
	csv: 'text/csv;charset=utf-8',
	json: 'application/json;charset=utf-8',
	svg: 'image/svg+xml;charset=utf-8',
	png: 'image/png'
} as const;

/** Starts a download of `data` named `filename`. Browser only. */
export function downloadFile(data: Blob | string, filename: string, type: string = MIME.json): void {
	const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	a.style.display = 'none';
	document.body.append(a);
	try {
		a.click();
	} finally {
		a.remove();
		// Revoking at once can cancel the download in some browsers; the Blob is freed a bit later.
		setTimeout(() => URL.revokeObjectURL(url), 30_000);
	}
}
