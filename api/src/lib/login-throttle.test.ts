import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

const MIN = 60_000;

function setup(options = {}) {
	let now = 1_000_000;
	const sut = new LoginThrottle(() => now, options);
	return { sut, advance: (ms: number) => (now += ms) };
}

describe(LoginThrottle.name, () => {
	it('allows the first four failures of an account and locks it at the fifth', () => {
		const { sut } = setup();
		for (let i = 0; i < 4; i++) {
			expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(0);
			sut.fail('demo:admin', '10.0.0.1');
		}
		expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(0);
		sut.fail('demo:admin', '10.0.0.1');
		expect(sut.retryAfter('demo:admin', '10.0.0.1')).toBe(60);
		// Another account from the same address is not locked.
		expect(sut.retryAfter('demo:coach', '10.0.0.1')).toBe(0);
	});

	it('doubles the lock with every further failure, up to the maximum', () => {
		const { sut, advance } = setup();
		for (let i = 0; i < 5; i++) sut.fail('a', null);
		const locks: number[] = [];
		for (let i = 0; i < 6; i++) {
			const wait = sut.retryAfter('a', null);
			locks.push(wait);
			advance(wait * 1000);
			expect(sut.retryAfter('a', null)).toBe(0);
			sut.fail('a', null);
		}
		expect(locks).toEqual([60, 120, 240, 480, 900, 900]);
	});

	it('forgets an account after a success or after a quiet window', () => {
		const { sut, advance } = setup();
		for (let i = 0; i < 5; i++) sut.fail('a', null);
		sut.succeed('a');
		expect(sut.retryAfter('a', null)).toBe(0);
		for (let i = 0; i < 4; i++) sut.fail('a', null);
		advance(15 * MIN + 1);
		sut.fail('a', null);
		expect(sut.retryAfter('a', null)).toBe(0);
	});

	it('limits an address to twenty failures in a sliding fifteen minutes', () => {
		const { sut, advance } = setup();
		for (let i = 0; i < 20; i++) {
			expect(sut.retryAfter(`user-${i}`, '10.0.0.9')).toBe(0);
			sut.fail(`user-${i}`, '10.0.0.9');
			advance(10_000);
		}
		// The oldest failure was 200 s ago: 900 - 200 = 700 s to wait.
		expect(sut.retryAfter('someone-new', '10.0.0.9')).toBe(700);
		expect(sut.retryAfter('someone-new', '10.0.0.10')).toBe(0);
		advance(700_000);
		expect(sut.retryAfter('someone-new', '10.0.0.9')).toBe(0);
	});

	it('keeps its memory bounded', () => {
		const { sut } = setup({ maxKeys: 100 });
		for (let i = 0; i < 1000; i++) sut.fail(`user-${i}`, `10.0.${i >> 8}.${i & 255}`);
		expect(sut.size).toBeLessThanOrEqual(200);
	});
});
