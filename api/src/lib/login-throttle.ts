/**
 * Throttling of failed sign-ins, kept in the control database (table `login_throttle`) so that it
 * survives a restart and holds for every process serving the data directory.
 *
 * Nobody can lock anybody else out. Locks are keyed on the account (organisation + username) AND the
 * address the attempts come from; what is counted more widely only slows down, and never holds a
 * correct password typed from an address with a clean record:
 *
 * - Pair (account, address): from the `pairLimit`-th consecutive failure on, that account is locked
 *   for that address for `baseLockMs`, doubling with every further failure up to `maxLockMs`. Other
 *   addresses are not affected; a success clears it.
 * - Account (from anywhere): from `accountLimit` failures on, an address that has failures of its
 *   own on the account waits `accountStepMs` longer per further failure (up to `maxLockMs`). This
 *   slows down guessing spread over many addresses; an address without failures goes through.
 * - Address (on any account): counts the accounts failed from the address. From `addressLimit`
 *   on, each further one adds `addressStepMs` of wait (up to `maxLockMs`) for accounts that have not
 *   signed in from there: one address trying many accounts is slowed down, while the people who work
 *   behind it (an office NAT) and have signed in from it within `knownMs` are held by their own
 *   pair lock only. Repeated guesses at one account count once here, so one person's typos or an
 *   attacker guessing at one account do not slow the office down.
 *
 * A counter is forgotten `windowMs` after its last failure's wait has ended. Applied whether or not
 * the account exists, so the answer reveals nothing about who has one. Rows hold a keyed hash of the
 * account and address (key derived from the master key), never the name or the address.
 */
import { createHmac, type KeyObject } from 'node:crypto';
import { count, inArray, lte } from 'drizzle-orm';
import type { ControlDb } from '../db';
import { loginThrottle } from '../db/control-schema';

export type ThrottleOptions = {
	windowMs: number;
	pairLimit: number;
	baseLockMs: number;
	maxLockMs: number;
	accountLimit: number;
	accountStepMs: number;
	addressLimit: number;
	addressStepMs: number;
	knownMs: number;
};

export const DEFAULT_THROTTLE: ThrottleOptions = {
	windowMs: 15 * 60_000,
	pairLimit: 5,
	baseLockMs: 60_000,
	maxLockMs: 15 * 60_000,
	accountLimit: 25,
	accountStepMs: 30_000,
	addressLimit: 30,
	addressStepMs: 20_000,
	knownMs: 30 * 24 * 60 * 60_000
};

/** Expired rows are deleted at most this often (reads ignore them anyway). */
const SWEEP_EVERY_MS = 60_000;

type Scope = 'pair' | 'account' | 'address' | 'known';
type Row = { failures: number; lastAt: number; expiresAt: number };

export class LoginThrottle {
	readonly options: ThrottleOptions;
	#lastSweep = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly db: ControlDb,
		private readonly secret: KeyObject | Buffer,
		private readonly now: () => number = Date.now,
		options: Partial<ThrottleOptions> = {}
	) {
		this.options = { ...DEFAULT_THROTTLE, ...options };
	}

	/** Seconds to wait before another attempt may be made, or 0 when one may be made now. */
	retryAfter(account: string, address: string | null): number {
		const now = this.now();
		const keys = this.#keys(account, address);
		const rows = this.#read(present(keys), now);
		const pair = rows.get(keys.pair);
		const waits = [this.#wait(pair, this.#pairDelay, now)];
		if (!rows.has(keys.known)) {
			if (pair) waits.push(this.#wait(rows.get(keys.account), this.#accountDelay, now));
			if (keys.address) waits.push(this.#wait(rows.get(keys.address), this.#addressDelay, now));
		}
		return Math.ceil(Math.max(...waits) / 1000);
	}

	fail(account: string, address: string | null): void {
		const now = this.now();
		const keys = this.#keys(account, address);
		this.db.transaction(
			(tx) => {
				const rows = this.#read(present(keys), now, tx);
				const pair = rows.get(keys.pair);
				this.#count(tx, keys.pair, 'pair', pair, this.#pairDelay, now);
				this.#count(tx, keys.account, 'account', rows.get(keys.account), this.#accountDelay, now);
				// The address counts accounts, not attempts: a new failing pair adds one.
				if (keys.address && !pair) this.#count(tx, keys.address, 'address', rows.get(keys.address), this.#addressDelay, now);
			},
			{ behavior: 'immediate' }
		);
		this.#sweep(now);
	}

	/** Clears the pair's failures and remembers the pair as known. The wider counters keep counting. */
	succeed(account: string, address: string | null): void {
		const now = this.now();
		const keys = this.#keys(account, address);
		const known = { key: keys.known, scope: 'known' as const, failures: 0, lastAt: now, expiresAt: now + this.options.knownMs };
		this.db.transaction(
			(tx) => {
				tx.delete(loginThrottle).where(inArray(loginThrottle.key, [keys.pair])).run();
				tx.insert(loginThrottle)
					.values(known)
					.onConflictDoUpdate({ target: loginThrottle.key, set: { lastAt: known.lastAt, expiresAt: known.expiresAt } })
					.run();
			},
			{ behavior: 'immediate' }
		);
		this.#sweep(now);
	}

	/** Number of rows kept (for tests of expiry). */
	get size(): number {
		return this.db.select({ n: count() }).from(loginThrottle).get()?.n ?? 0;
	}

	#pairDelay = (failures: number): number => {
		const { pairLimit, baseLockMs, maxLockMs } = this.options;
		return failures < pairLimit ? 0 : Math.min(maxLockMs, baseLockMs * 2 ** (failures - pairLimit));
	};

	#accountDelay = (failures: number): number => {
		const { accountLimit, accountStepMs, maxLockMs } = this.options;
		return failures < accountLimit ? 0 : Math.min(maxLockMs, accountStepMs * (failures - accountLimit + 1));
	};

	#addressDelay = (failures: number): number => {
		const { addressLimit, addressStepMs, maxLockMs } = this.options;
		return failures < addressLimit ? 0 : Math.min(maxLockMs, addressStepMs * (failures - addressLimit + 1));
	};

	#wait(row: Row | undefined, delay: (failures: number) => number, now: number): number {
		return row ? Math.max(0, row.lastAt + delay(row.failures) - now) : 0;
	}

	#count(tx: Tx, key: string, scope: Scope, row: Row | undefined, delay: (failures: number) => number, now: number): void {
		const failures = (row?.failures ?? 0) + 1;
		const expiresAt = now + delay(failures) + this.options.windowMs;
		tx.insert(loginThrottle)
			.values({ key, scope, failures, lastAt: now, expiresAt })
			.onConflictDoUpdate({ target: loginThrottle.key, set: { failures, lastAt: now, expiresAt } })
			.run();
	}

	/** The live rows among `keys` (an expired row counts as absent, whether or not swept yet). */
	#read(keys: string[], now: number, db: Tx | ControlDb = this.db): Map<string, Row> {
		const rows = db
			.select({ key: loginThrottle.key, failures: loginThrottle.failures, lastAt: loginThrottle.lastAt, expiresAt: loginThrottle.expiresAt })
			.from(loginThrottle)
			.where(inArray(loginThrottle.key, keys))
			.all();
		return new Map(rows.filter((r) => r.expiresAt > now).map((r) => [r.key, r]));
	}

	#keys(account: string, address: string | null) {
		const hash = (...parts: string[]) => createHmac('sha256', this.secret).update(parts.join('\0'), 'utf8').digest('base64url');
		const where = address ?? '';
		return {
			pair: hash('pair', account, where),
			known: hash('known', account, where),
			account: hash('account', account),
			// Without an address (no socket: tests, in-process calls) there is nothing to count per address.
			address: address === null ? null : hash('address', address)
		} as const;
	}

	#sweep(now: number): void {
		if (now - this.#lastSweep < SWEEP_EVERY_MS) return;
		this.#lastSweep = now;
		this.db.delete(loginThrottle).where(lte(loginThrottle.expiresAt, now)).run();
	}
}

function present(keys: Record<string, string | null>): string[] {
	return Object.values(keys).filter((k): k is string => k !== null);
}

type Tx = Parameters<Parameters<ControlDb['transaction']>[0]>[0];
