import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BASE_PATH=/playground npm run build  → a site that works under a sub-path.
const base = process.env.BASE_PATH ?? '';
// the sub-path build of the browser tests goes to its own folder
const out = process.env.BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: out, assets: out, fallback: undefined, strict: true }),
		paths: { base, relative: true },
		prerender: { handleHttpError: 'fail' }
	}
};

export default config;
