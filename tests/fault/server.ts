/**
 * Starts the real API server (`node --import tsx api/src/index.ts`) as a child process on a free
 * loopback port, with a fresh temporary data directory, a random master key and a known demo
 * password, and stops it again by its own pid (STACK.md G13). Used by the fault test and the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const testsDir = fileURLToPath(new URL('..', import.meta.url));
const apiEntry = fileURLToPath(new URL('../../api/src/index.ts', import.meta.url));

export type RunningServer = {
	baseUrl: string;
	port: number;
	pid: number;
	dataDir: string;
	demoPassword: string;
	/** Everything the server wrote to stderr (warnings and errors only, log level warn). */
	stderr(): string;
	/** SIGTERM, then SIGKILL after 5 s; removes the data directory unless `keepData`. */
	stop(opts?: { keepData?: boolean }): Promise<void>;
};

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startServer(
	opts: { demoPassword?: string; startTimeoutMs?: number; /** Extra node flags, e.g. ['--cpu-prof']. */ nodeArgs?: string[] } = {}
): Promise<RunningServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'polku-fault-'));
	const webDir = mkdtempSync(join(tmpdir(), 'polku-fault-web-'));
	const demoPassword = opts.demoPassword ?? 'fault-bench-demo-passphrase';
	const port = await freePort();
	const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', apiEntry], {
		cwd: testsDir,
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			PORT: String(port),
			HOST: '127.0.0.1',
			POLKU_DATA_DIR: dataDir,
			POLKU_MASTER_KEY: randomBytes(32).toString('base64'),
			POLKU_DEMO_PASSWORD: demoPassword,
			POLKU_WEB_DIR: webDir,
			POLKU_LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-20_000);
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const stop = async (stopOpts: { keepData?: boolean } = {}) => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited(child);
			clearTimeout(timer);
		}
		rmSync(webDir, { recursive: true, force: true });
		if (!stopOpts.keepData) rmSync(dataDir, { recursive: true, force: true });
	};

	const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
	for (;;) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`API server exited with ${child.exitCode} before it was ready:\n${stderr}`);
		}
		try {
			const res = await fetch(`${baseUrl}/api/health`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`API server did not answer /api/health in time:\n${stderr}`);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	if (child.pid === undefined) throw new Error('API server has no pid');
	return { baseUrl, port, pid: child.pid, dataDir, demoPassword, stderr: () => stderr, stop };
}
