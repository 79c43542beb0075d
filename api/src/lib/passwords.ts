/**
 * Password hashing with argon2id (OWASP's second recommended profile: 19 MiB, 2 passes, 1 lane).
 * Tests lower the cost through `AppOptions.passwordHashing`; production never does.
 *
 * `verifyOrDummy` keeps unknown users in the same timing class as wrong passwords: when there is no
 * hash to check, it checks against a hash of a random password made with the same parameters.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

export type PasswordHashing = { memoryCost: number; timeCost: number; parallelism: number };

export const DEFAULT_PASSWORD_HASHING: PasswordHashing = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// `Algorithm` is an ambient const enum, which isolatedModules cannot read; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export class PasswordHasher {
	#dummy: Promise<string> | undefined;

	constructor(readonly params: PasswordHashing = DEFAULT_PASSWORD_HASHING) {}

	/** Makes the dummy hash now, so the first unknown user is not slower than the rest. */
	async prepare(): Promise<void> {
		await this.verifyOrDummy(null, '');
	}

	hash(password: string): Promise<string> {
		return hash(password, { ...this.params, algorithm: ARGON2ID });
	}

	/** Verifies `password` against `passwordHash`, or against a dummy hash when there is none. */
	async verifyOrDummy(passwordHash: string | null, password: string): Promise<boolean> {
		if (passwordHash === null) {
			this.#dummy ??= this.hash(randomBytes(24).toString('base64url'));
			await verify(await this.#dummy, password).catch(() => false);
			return false;
		}
		return verify(passwordHash, password).catch(() => false);
	}
}
