import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const port = Number(process.env.E2E_PORT ?? 4173);
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// Browser tests run against the production build (`vite build` + `vite preview`), the same files
// a user gets. Debian's Chromium is used because Playwright cannot download its own browsers here.
export default defineConfig({
	testDir: 'tests/e2e',
	workers: 1,
	timeout: 120_000,
	expect: { timeout: 30_000 },
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	outputDir: 'test-results',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		viewport: { width: 1280, height: 720 },
		launchOptions: {
			executablePath: chromium, // undefined → Playwright's own Chromium, if installed
			args: [
				'--disable-gpu',
				'--disable-quic',
				'--disable-sync',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run'
			]
		}
	},
	webServer: [
		{
			command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
			// Node's default 16 KiB header limit answers HTTP 431 to links near the documented 20,000 characters
			env: { NODE_OPTIONS: '--max-http-header-size=65536' },
			url: `http://127.0.0.1:${port}`,
			reuseExistingServer: !process.env.CI,
			timeout: 60_000
		},
		{
			// the same site built with BASE_PATH=/playground (npm run build:subpath), mounted in a sub-folder
			command: `node --max-http-header-size=65536 tests/setup/serve-subpath.mjs ${port + 1}`,
			url: `http://127.0.0.1:${port + 1}/playground/`,
			reuseExistingServer: !process.env.CI,
			timeout: 60_000
		}
	]
});
