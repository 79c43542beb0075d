/* eslint-disable no-console -- a benchmark reports progress */
/**
 * Draft save latency (issue 3, point 8) in Debian's Chromium, phone profile (360×740, touch,
 * DPR 2) with the CPU throttled 4× over CDP: the web app's real `putDraft` (DEK from the real
 * vault code) against a raw IndexedDB put of the same bytes, 200 saves of a 1–2 KB encounter draft.
 * The page is bundled with esbuild from web/src/lib/offline and served from localhost (a secure
 * context, so WebCrypto and IndexedDB behave as in the app).
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { latency, type Latency } from './stats';

export type DraftBenchResult = {
	browser: string;
	cpuThrottle: number;
	viewport: string;
	draftBytes: number;
	vaultCreateMs: number;
	putDraft: Latency;
	rawIndexedDbPut: Latency;
};

export async function runDraftBenchmark(opts: { runs?: number; warmup?: number; cpuThrottle?: number } = {}): Promise<DraftBenchResult> {
	const runs = opts.runs ?? 200;
	const warmup = opts.warmup ?? 10;
	const rate = opts.cpuThrottle ?? 4;
	const bundle = await build({
		entryPoints: [fileURLToPath(new URL('./draft-page/entry.ts', import.meta.url))],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		minify: true,
		write: false,
		logLevel: 'silent'
	});
	const js = bundle.outputFiles[0]?.text ?? '';
	const html = '<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><script type="module" src="/bench.js"></script></body></html>';
	const server = createServer((req, res) => {
		if (req.url === '/bench.js') {
			res.writeHead(200, { 'content-type': 'text/javascript' });
			res.end(js);
		} else {
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(html);
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as AddressInfo).port;
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
	});
	try {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
		const page = await context.newPage();
		await page.goto(`http://localhost:${port}/`);
		await page.waitForFunction(() => document.title === 'ready');
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		console.log(`draft: ${runs} saves in Chromium ${browser.version()}, CPU ×${rate}…`);
		const r = await page.evaluate(
			(o) => (globalThis as unknown as { runDraftBench: (x: typeof o) => Promise<{ draftMs: number[]; rawMs: number[]; draftBytes: number; vaultMs: number }> }).runDraftBench(o),
			{ runs, warmup }
		);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		return {
			browser: `Chromium ${browser.version()}`,
			cpuThrottle: rate,
			viewport: '360×740',
			draftBytes: r.draftBytes,
			vaultCreateMs: Math.round(r.vaultMs),
			putDraft: latency(r.draftMs),
			rawIndexedDbPut: latency(r.rawMs)
		};
	} finally {
		await browser.close();
		await new Promise<void>((r) => server.close(() => r()));
	}
}
