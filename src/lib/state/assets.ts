// Where the workers fetch the app's static data from.
import { asset } from '$app/paths';

/**
 * Absolute URL of static/data/mnist.bin under the app's base path. asset() may give a relative
 * URL (paths.relative), and a worker resolves relative URLs against its own script's URL, so the
 * page makes it absolute before handing it over.
 */
export function mnistBinUrl(): string {
	return new URL(asset('/data/mnist.bin'), location.href).href;
}
