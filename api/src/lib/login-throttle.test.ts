import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openControlDb } from '../db';
import { loginThrottle } from '../db/control-schema';
import { LoginThrottle, type ThrottleOptions } from './login-throttle';

const MIN = 60_000;
const cleanups: (() => void)[] = [];
afterEach(() => {
	for (const c of cleanups.splice(0)) c();
});

/** A throttle on a real control database in a temporary directory; `reopen` is a restarted process. */
function setup(options: Partial<ThrottleOptions> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'polku-throttle-'));
	const secret = randomBytes(32);
	const opened: ReturnType<typeof openControlDb>[] = [];
	let now = 1_000_000;
	const clock = () => now;
	const open = () => {
		const control = openControlDb(join(dir, 'control.sqlite'));
		opened.push(control);
		return { control, sut: new LoginThrottle(control.db, secret, clock, options) };
	};
	cleanups.push(() => {
		for (const c of opened) if (c.sqlite.open) c.sqlite.close();
		rmSync(dir, { recursive: true, force: true });
	});
	const first = open();
	return { ...first, reopen: open, advance: (ms: number) => (now += ms) };
}

describe(LoginThrottle.name, () => {
	it('locks an account for the address that failed at its fifth failure, and for nobody else', () => {
		const { sut } = setup();
		for (let i = 0; i < 4; i++) {
			expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(0);
			sut.fail('demo:admin', '10.0.0.1');
		}
		expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(0);
		sut.fail('demo:admin', '10.0.0.1');
		expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(60);
		// The same account from another address, and another account from the same address, go through.
		expect(sut.retryAfter('demo:admin', '192.0.2.7')).toBe(0);
		expect(sut.retryAfter('demo:coach', '10.0.0.1')).toBe(0);
	});

	it('doubles the lock with every further failure, up to the maximum', () => {
		const { sut, advance } = setup();
		for (let i = 0; i < 5; i++) sut.fail('a', '10.0.0.1');
		const locks: number[] = [];
		for (let i = 0; i < 6; i++) {
			const wait = sut.retryAfter('a', '10.0.0.1');
			locks.push(wait);
			advance(wait * 1000);
			expect(sut.retryAfter('a', '10.0.0.1')).toBe(0);
			sut.fail('a', '10.0.0.1');
		}
		expect(locks).toEqual([60, 120, 240, 480, 900, 900]);
	});

	it('forgets a pair after a success, or a quiet window after its lock ended', () => {
		const { sut, advance } = setup();
		for (let i = 0; i < 5; i++) sut.fail('a', '10.0.0.1');
		sut.succeed('a', '10.0.0.1');
		expect(sut.retryAfter('a', '10.0.0.1')).toBe(0);
		for (let i = 0; i < 4; i++) sut.fail('b', '10.0.0.1');
		advance(15 * MIN + 1);
		sut.fail('b', '10.0.0.1');
		expect(sut.retryAfter('b', '10.0.0.1')).toBe(0);
		// A locked pair needs the lock AND a quiet window to pass before it is forgotten.
		for (let i = 0; i < 5; i++) sut.fail('c', '10.0.0.1');
		advance(60_000 + 15 * MIN - 1);
		sut.fail('c', '10.0.0.1');
		expect(sut.retryAfter('c', '10.0.0.1')).toBe(120);
	});

	it('keeps its state over a restart and shares it between processes', () => {
		const { sut, reopen } = setup();
		for (let i = 0; i < 5; i++) sut.fail('demo:admin', '10.0.0.1');
		const other = reopen().sut;
		expect(other.retryAfter('demo:admin', '10.0.0.1')).toBe(60);
		other.fail('demo:admin', '10.0.0.1');
		expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(120);
	});

	it('slows down guessing at one account from many addresses, but lets an address with no failures through', () => {
		const { sut } = setup({ accountLimit: 25, accountStepMs: 30_000 });
		for (let i = 0; i < 25; i++) sut.fail('demo:admin', `198.51.100.${i}`);
		// Each of those addresses failed once only: the pair lock would let it try again at once.
		expect(sut.retryAfter('demo:admin', '198.51.100.3')).toBe(30);
		sut.fail('demo:admin', '198.51.100.30');
		expect(sut.retryAfter('demo:admin', '198.51.100.30')).toBe(60);
		// The owner at the office, which has no failures on the account, signs in as usual.
		expect(sut.retryAfter('demo:admin', '203.0.113.50')).toBe(0);
	});

	it('slows down one address trying many accounts, but not those who have signed in from it', () => {
		const { sut, advance } = setup({ addressLimit: 30, addressStepMs: 20_000 });
		const office = '203.0.113.10';
		sut.succeed('demo:worker-1', office);
		for (let i = 0; i < 30; i++) {
			expect(sut.retryAfter(`demo:user-${i}`, office)).toBe(0);
			sut.fail(`demo:user-${i}`, office);
			advance(1000);
		}
		// 30 accounts failed from the address: a 20 s wait after the last, growing with every account.
		expect(sut.retryAfter('demo:someone-new', office)).toBe(19);
		advance(19_000);
		sut.fail('demo:someone-new', office);
		expect(sut.retryAfter('demo:another', office)).toBe(40);
		// Elsewhere, and for a user who has signed in from the office before, nothing changes.
		expect(sut.retryAfter('demo:someone-new', '203.0.113.11')).toBe(0);
		expect(sut.retryAfter('demo:worker-1', office)).toBe(0);
	});

	it("counts an address's repeated guesses at one account once: one person's typos do not slow the office", () => {
		const { sut, advance } = setup({ addressLimit: 3 });
		const office = '203.0.113.10';
		const colleagueWaits: number[] = [];
		for (let round = 0; round < 20; round++) {
			advance(sut.retryAfter('demo:victim', office) * 1000);
			sut.fail('demo:victim', office);
			colleagueWaits.push(sut.retryAfter('demo:colleague', office));
		}
		expect(sut.retryAfter('demo:victim', office)).toBeGreaterThan(0);
		expect(colleagueWaits.every((w) => w === 0)).toBe(true);
	});

	it('forgets expired rows and stores no account name or address', () => {
		const { sut, control, advance } = setup();
		for (let i = 0; i < 10; i++) sut.fail(`demo:user-${i}`, `10.0.0.${i}`);
		sut.succeed('demo:user-0', '10.0.0.0');
		const stored = JSON.stringify(control.db.select().from(loginThrottle).all());
		expect(stored).not.toContain('user-');
		expect(stored).not.toContain('10.0.0');
		expect(sut.size).toBeGreaterThan(10);
		advance(16 * MIN);
		sut.fail('demo:late', '10.0.0.99');
		// The known pair of the success stays (30 days); the failures of 16 minutes ago are gone.
		expect(sut.size).toBe(1 + 3);
		advance(31 * 24 * 60 * MIN);
		sut.fail('demo:later', '10.0.0.98');
		expect(sut.size).toBe(3);
	});
});
