import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BASE_PATH=/playground npm run build  → a site that works under a sub-path.
const base = process.env.BASE_PATH ?? '';
// the sub-path build of the browser tests goes to its own folder, and keeps its intermediate output
// apart too: `vite preview` serves .svelte-kit/output, so a sub-path build run after `npm run build`
// must not overwrite it (the root site would then load the sub-path build's files)
const out = process.env.BUILD_DIR ?? 'build';
const outDir = process.env.BUILD_DIR ? `.svelte-kit-${out}` : '.svelte-kit';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: out, assets: out, fallback: undefined, strict: true }),
		outDir,
		paths: { base, relative: true },
		prerender: { handleHttpError: 'fail' }
	}
};

export default config;
