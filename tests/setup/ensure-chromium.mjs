// Makes sure a Chromium exists for the browser tests (Playwright cannot download its own here).
// Order: $CHROMIUM_PATH, /usr/bin/chromium, then — as root on Debian — `apt-get install chromium`,
// otherwise `npx playwright install chromium`; if all fail, stop with the exact command to run.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(wanted)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') || /debian/i.test(safeRead('/etc/os-release'));
function safeRead(p) {
	try {
		return readFileSync(p, 'utf8');
	} catch {
		return '';
	}
}
function run(cmd, args) {
	console.log(`ensure-chromium: ${cmd} ${args.join(' ')}`);
	return spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
}

if (isRoot && isDebian) {
	if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']) && existsSync('/usr/bin/chromium')) {
		process.exit(0);
	}
} else if (!process.env.CHROMIUM_PATH) {
	// Playwright's own Chromium; when it works, point the tests at it.
	// Playwright's own Chromium; playwright.config.ts uses it when /usr/bin/chromium is absent.
	if (run('npx', ['playwright', 'install', 'chromium'])) process.exit(0);
}
console.error(
	`ensure-chromium: no Chromium at ${wanted}. Install one with\n` +
		(isDebian ? '  sudo apt-get update && sudo apt-get install -y chromium\n' : '  npx playwright install chromium\n') +
		'or point CHROMIUM_PATH at an existing Chromium executable, then run `npm test` again.'
);
process.exit(1);
