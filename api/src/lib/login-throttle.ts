/**
 * Throttling of failed sign-ins, in memory (one process serves an installation; a restart forgets,
 * which only helps whoever restarts the server).
 *
 * - Per account (organisation + username): from the `accountLimit`-th consecutive failure on, the
 *   account is locked for `baseLockMs`, doubling with every further failure up to `maxLockMs`.
 *   The count is forgotten after a success or after `windowMs` without failures.
 * - Per address: at most `addressLimit` failures in any sliding `windowMs`.
 *
 * Applied whether or not the account exists, so the answer reveals nothing about who has one.
 */
export type ThrottleOptions = {
	windowMs: number;
	accountLimit: number;
	addressLimit: number;
	baseLockMs: number;
	maxLockMs: number;
	/** Upper bound on remembered keys (memory); the oldest are forgotten first. */
	maxKeys: number;
};

export const DEFAULT_THROTTLE: ThrottleOptions = {
	windowMs: 15 * 60_000,
	accountLimit: 5,
	addressLimit: 20,
	baseLockMs: 60_000,
	maxLockMs: 15 * 60_000,
	maxKeys: 50_000
};

type AccountState = { failures: number; lastFailureAt: number };

export class LoginThrottle {
	readonly options: ThrottleOptions;
	#accounts = new Map<string, AccountState>();
	#addresses = new Map<string, number[]>();

	constructor(
		private readonly now: () => number = Date.now,
		options: Partial<ThrottleOptions> = {}
	) {
		this.options = { ...DEFAULT_THROTTLE, ...options };
	}

	/** Seconds to wait before another attempt may be made, or 0 when one may be made now. */
	retryAfter(account: string, address: string | null): number {
		const now = this.now();
		const waits = [this.#accountWait(account, now), address === null ? 0 : this.#addressWait(address, now)];
		return Math.ceil(Math.max(...waits) / 1000);
	}

	fail(account: string, address: string | null): void {
		const now = this.now();
		const state = this.#liveAccount(account, now);
		this.#accounts.delete(account); // re-insert: Map order is then least recently failed first
		this.#accounts.set(account, { failures: (state?.failures ?? 0) + 1, lastFailureAt: now });
		if (address !== null) {
			const times = this.#liveAddress(address, now);
			times.push(now);
			this.#addresses.delete(address);
			this.#addresses.set(address, times.slice(-this.options.addressLimit));
		}
		this.#bound(this.#accounts);
		this.#bound(this.#addresses);
	}

	succeed(account: string): void {
		this.#accounts.delete(account);
	}

	/** Number of remembered keys (for tests of the memory bound). */
	get size(): number {
		return this.#accounts.size + this.#addresses.size;
	}

	#liveAccount(account: string, now: number): AccountState | undefined {
		const state = this.#accounts.get(account);
		if (state && now - state.lastFailureAt > this.options.windowMs) {
			this.#accounts.delete(account);
			return undefined;
		}
		return state;
	}

	#liveAddress(address: string, now: number): number[] {
		const times = (this.#addresses.get(address) ?? []).filter((t) => now - t < this.options.windowMs);
		if (times.length === 0) this.#addresses.delete(address);
		return times;
	}

	#accountWait(account: string, now: number): number {
		const state = this.#liveAccount(account, now);
		const { accountLimit, baseLockMs, maxLockMs } = this.options;
		if (!state || state.failures < accountLimit) return 0;
		const lock = Math.min(maxLockMs, baseLockMs * 2 ** (state.failures - accountLimit));
		return Math.max(0, state.lastFailureAt + lock - now);
	}

	#addressWait(address: string, now: number): number {
		const times = this.#liveAddress(address, now);
		if (times.length < this.options.addressLimit) return 0;
		const oldest = times[times.length - this.options.addressLimit] ?? now;
		return Math.max(0, oldest + this.options.windowMs - now);
	}

	#bound(map: Map<string, unknown>): void {
		while (map.size > this.options.maxKeys) {
			const oldest = map.keys().next().value;
			if (oldest === undefined) break;
			map.delete(oldest);
		}
	}
}
