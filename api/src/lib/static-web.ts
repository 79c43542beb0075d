/**
 * Serves the built web app (SvelteKit adapter-static) outside /api (STACK.md G12):
 * - `/_app/immutable/*` is content-hashed: cached for a year, immutable;
 * - everything else revalidates (`no-cache` + ETag), above all index.html, the manifest and the
 *   service worker, so a deploy reaches every device;
 * - `/x` tries `x`, then `x.html` (prerendered pages), then `x/index.html`; a path without a file
 *   extension falls back to index.html (the SPA shell); a missing asset is a 404, never HTML;
 * - /api/* never falls back (the API's own 404 answers);
 * - HTML answers name the sha256 of their inline scripts (SvelteKit's bootstrap) so the CSP can
 *   allow exactly those and nothing else inline.
 * Without a build directory, non-API paths get a 503 problem instead of a crash.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { problemResponse } from '../middlewares/on-error';
import { SCRIPT_HASHES_HEADER } from '../middlewares/security-headers';
import type { AppEnv } from './app-types';

type Loaded = { body: Buffer; etag: string; mtimeMs: number; scriptHashes: string[] };

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

export function inlineScriptHashes(html: string): string[] {
	return [...html.matchAll(INLINE_SCRIPT)]
		.map((m) => m[1] ?? '')
		.filter((s) => s.trim() !== '')
		.map((s) => `sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}`);
}

/** Content-hashed files are immutable; everything else (shell, manifest, worker) revalidates. */
function cacheControl(urlPath: string): string {
	return urlPath.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function staticWeb(webDir: string | null): MiddlewareHandler<AppEnv> {
	const root = webDir ? resolve(webDir) : null;
	const cache = new Map<string, Loaded>();

	async function load(file: string): Promise<Loaded | null> {
		const info = await stat(file).catch(() => null);
		if (!info?.isFile()) return null;
		const cached = cache.get(file);
		if (cached && cached.mtimeMs === info.mtimeMs) return cached;
		const body = await readFile(file);
		const loaded: Loaded = {
			body,
			etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
			mtimeMs: info.mtimeMs,
			scriptHashes: file.endsWith('.html') ? inlineScriptHashes(body.toString('utf8')) : []
		};
		if (body.length < 2_000_000) cache.set(file, loaded);
		return loaded;
	}

	function inside(rel: string): string | null {
		if (!root) return null;
		const full = resolve(root, `.${rel}`);
		return full === root || full.startsWith(root + sep) ? full : null;
	}

	async function serve(c: Context<AppEnv>, urlPath: string, file: string): Promise<Response | null> {
		const loaded = await load(file);
		if (!loaded) return null;
		c.header('Cache-Control', cacheControl(urlPath));
		c.header('ETag', loaded.etag);
		if (loaded.scriptHashes.length > 0) c.header(SCRIPT_HASHES_HEADER, loaded.scriptHashes.join(' '));
		if (c.req.header('if-none-match') === loaded.etag) return c.body(null, 304);
		c.header('Content-Type', getMimeType(file) ?? 'application/octet-stream');
		return c.body(new Uint8Array(loaded.body), 200);
	}

	return async (c) => {
		const path = c.req.path;
		if (path === '/api' || path.startsWith('/api/')) return c.notFound();
		if (!root || !existsSync(root)) {
			return problemResponse(c, 503, 'internal', {
				detail: 'The web app is not built. Run `npm run build` (or `npm start`) at the repository root.'
			});
		}
		let rel: string;
		try {
			rel = decodeURIComponent(path);
		} catch {
			return c.notFound();
		}
		if (rel.includes('\0')) return c.notFound();
		const candidates = rel.endsWith('/') ? [`${rel}index.html`] : [rel, `${rel}.html`, `${rel}/index.html`];
		for (const candidate of candidates) {
			const file = inside(candidate);
			const res = file ? await serve(c, path, file) : null;
			if (res) return res;
		}
		const lastSegment = rel.split('/').pop() ?? '';
		if (lastSegment.includes('.')) return c.notFound();
		const shell = inside('/index.html');
		return (shell && (await serve(c, '/index.html', shell))) || c.notFound();
	};
}
