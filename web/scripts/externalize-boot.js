/* eslint-disable no-console -- a build script reports to the terminal */
/**
 * Post-build step (run after `vite build`): makes build/ fit the API's Content-Security-Policy
 * (`script-src 'self'; style-src 'self'`, no 'unsafe-inline').
 *
 * 1. SvelteKit writes its bootstrap as an inline <script> into every HTML page. Each one is moved
 *    into build/_app/immutable/boot.<hash>.js and replaced with <script src="…">. It stays a
 *    classic, synchronous script, so `document.currentScript.parentElement` in the bootstrap still
 *    finds the element the app mounts into.
 * 2. Any other inline script, inline event handler or style attribute fails the build.
 * 3. The service worker learns the final index.html and boot script (see src/service-worker.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = fileURLToPath(new URL('../build/', import.meta.url));
const bootDir = join(buildDir, '_app', 'immutable');

const hash = (text) => createHash('sha256').update(text).digest('hex');

function htmlFiles(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return htmlFiles(path);
		return entry.name.endsWith('.html') ? [path] : [];
	});
}

/** @type {{ url: string, revision: string | null }[]} */
const shell = [];
const pages = htmlFiles(buildDir);
if (!pages.some((p) => relative(buildDir, p) === 'index.html')) {
	throw new Error('externalize-boot: build/index.html is missing (is adapter-static fallback set?)');
}

for (const page of pages) {
	let html = readFileSync(page, 'utf8');
	let moved = 0;
	html = html.replace(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g, (whole, attrs = '', body) => {
		if (/\ssrc\s*=/.test(attrs)) return whole;
		if (/type\s*=\s*["']?module/.test(attrs)) {
			throw new Error(`externalize-boot: inline module script in ${page}; only classic bootstraps are expected`);
		}
		const code = body.trim();
		const name = `boot.${hash(code).slice(0, 12)}.js`;
		writeFileSync(join(bootDir, name), `${code}\n`);
		moved += 1;
		const url = `/_app/immutable/${name}`;
		if (!shell.some((e) => e.url === url)) shell.push({ url, revision: null });
		return `<script src="${url}"></script>`;
	});
	if (/\sstyle\s*=/.test(html)) throw new Error(`externalize-boot: inline style attribute in ${page}`);
	if (/<style[\s>]/.test(html)) throw new Error(`externalize-boot: inline <style> in ${page}`);
	if (/\son[a-z]+\s*=/.test(html)) throw new Error(`externalize-boot: inline event handler in ${page}`);
	if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html)) throw new Error(`externalize-boot: inline script left in ${page}`);
	writeFileSync(page, html);
	const url = `/${relative(buildDir, page).split('\\').join('/')}`;
	shell.push({ url, revision: hash(html).slice(0, 16) });
	console.log(`externalize-boot: ${url}: moved ${moved} inline script(s)`);
}

const swPath = join(buildDir, 'service-worker.js');
const sw = readFileSync(swPath, 'utf8');
if (sw.includes('self.__POLKU_SHELL=')) throw new Error('externalize-boot: service worker already patched');
writeFileSync(swPath, `self.__POLKU_SHELL=${JSON.stringify(shell)};\n${sw}`);
console.log(`externalize-boot: service worker precaches ${shell.length} extra shell file(s)`);
