/**
 * The device vault: the device data key (DEK) that encrypts everything Polku keeps on a device.
 *
 * Invariants (DESIGN.md "Keys"; issue 3, point 1):
 * - The DEK is a random AES-256-GCM key made on the device at the user's first login there. It is
 *   stored only wrapped (AES-256-GCM) by a key-encryption key (KEK) derived from the user's password
 *   with PBKDF2-SHA256, at least PBKDF2_ITERATIONS iterations, and a random 16-byte salt made per
 *   device and user. Production code cannot lower the count; only `allowWeakForTests` can.
 * - Unwrapped, the DEK lives in memory only, as a non-extractable CryptoKey: no code path hands the
 *   caller a key whose bytes can be read. Its raw bytes never pass through JavaScript at all
 *   (generateKey -> wrapKey -> unwrapKey). The KEK is non-extractable too.
 * - The wrap's associated data binds the vault format version and the user's namespace, so a
 *   wrapped key copied into another user's row does not unwrap.
 * - A wrong password fails the AES-GCM tag check: WrongPasswordError, nothing unlocked, nothing
 *   written. A password change re-wraps the SAME DEK under a new salt, so data encrypted before
 *   stays readable.
 * - Per-user namespace: every function touches only the row of the `userKey` it is given.
 * - Records are encrypted with AAD `${userKey}|${table}|${id}`: a ciphertext cannot be moved between
 *   users, tables or rows without failing to decrypt.
 * - WebCrypto only (globalThis.crypto.subtle): a secure context in browsers, Node's webcrypto in tests.
 */
import Dexie from 'dexie';
import { withDb, type PolkuDb, type VaultRow } from './db';

/** DESIGN.md minimum (OWASP 2023 for PBKDF2-HMAC-SHA256). */
export const PBKDF2_ITERATIONS = 600_000;
/** Default idle time before the app forgets the key (the organisation may set another). */
export const DEFAULT_IDLE_MS = 15 * 60 * 1000;

const VAULT_VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;

export class WrongPasswordError extends Error {
	override name = 'WrongPasswordError';
	constructor() {
		super('The password does not open this device vault.');
	}
}

export class VaultMissingError extends Error {
	override name = 'VaultMissingError';
	constructor() {
		super('There is no vault for this user on this device.');
	}
}

/** createVault on a user that already has one would orphan every record the old DEK encrypted. */
export class VaultExistsError extends Error {
	override name = 'VaultExistsError';
	constructor() {
		super('This user already has a vault on this device.');
	}
}

/** The vault row changed between reading and writing (a second tab changed the password). */
export class VaultChangedError extends Error {
	override name = 'VaultChangedError';
	constructor() {
		super('The vault changed while it was being re-wrapped; try again.');
	}
}

/** A record did not decrypt: wrong key, wrong AAD (moved between users/tables/rows) or tampered. */
export class RecordDecryptError extends Error {
	override name = 'RecordDecryptError';
	constructor() {
		super('The record could not be decrypted.');
	}
}

export class VaultLockedError extends Error {
	override name = 'VaultLockedError';
	constructor() {
		super('The vault is locked.');
	}
}

export interface KdfOptions {
	/** Defaults to PBKDF2_ITERATIONS; lower counts are refused unless `allowWeakForTests`. */
	iterations?: number;
	/** Unit tests only: lets `iterations` go below the minimum so the suite stays fast. */
	allowWeakForTests?: boolean;
}

export interface EncryptedBox {
	iv: Uint8Array<ArrayBuffer>;
	ct: Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function subtle(): SubtleCrypto {
	const s = globalThis.crypto?.subtle;
	if (!s) throw new Error('WebCrypto is unavailable (the app needs a secure context).');
	return s;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
	return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

function resolveIterations(opts: KdfOptions | undefined): number {
	const iterations = opts?.iterations ?? PBKDF2_ITERATIONS;
	if (!Number.isSafeInteger(iterations) || iterations < 1) {
		throw new RangeError('PBKDF2 iterations must be a positive integer.');
	}
	if (iterations < PBKDF2_ITERATIONS && opts?.allowWeakForTests !== true) {
		throw new RangeError(`PBKDF2 iterations must be at least ${PBKDF2_ITERATIONS}.`);
	}
	return iterations;
}

/** AAD of the DEK wrap: format version and namespace. */
function wrapAad(userKey: string, v: number): Uint8Array<ArrayBuffer> {
	return encoder.encode(`polku-vault|v${v}|${userKey}`);
}

/** NFC so the same password typed on two keyboards ("ä" precomposed or not) derives the same key. */
async function deriveKek(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
	const s = subtle();
	const material = await s.importKey('raw', encoder.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
	return s.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		['wrapKey', 'unwrapKey']
	);
}

async function unwrapDek(
	row: VaultRow,
	kek: CryptoKey,
	extractable: boolean
): Promise<CryptoKey> {
	try {
		return await subtle().unwrapKey(
			'raw',
			row.wrappedDek,
			kek,
			{ name: 'AES-GCM', iv: row.iv, additionalData: wrapAad(row.userKey, row.v), tagLength: 128 },
			{ name: 'AES-GCM', length: 256 },
			extractable,
			['encrypt', 'decrypt']
		);
	} catch (err) {
		// AES-GCM reports a failed tag check as OperationError; with a sound row that means the password.
		if ((err as { name?: unknown }).name === 'OperationError') throw new WrongPasswordError();
		throw err;
	}
}

async function wrapDek(
	dek: CryptoKey,
	userKey: string,
	password: string,
	iterations: number
): Promise<Pick<VaultRow, 'salt' | 'iterations' | 'wrappedDek' | 'iv'>> {
	const salt = randomBytes(SALT_BYTES);
	const iv = randomBytes(IV_BYTES);
	const kek = await deriveKek(password, salt, iterations);
	const wrapped = await subtle().wrapKey('raw', dek, kek, {
		name: 'AES-GCM',
		iv,
		additionalData: wrapAad(userKey, VAULT_VERSION),
		tagLength: 128
	});
	return { salt, iterations, wrappedDek: new Uint8Array(wrapped), iv };
}

function assertRow(row: VaultRow | undefined): VaultRow {
	if (!row) throw new VaultMissingError();
	if (row.v !== VAULT_VERSION || row.kdf !== 'PBKDF2-SHA256') {
		throw new Error(`Unsupported vault format (v${String(row.v)}, ${String(row.kdf)}).`);
	}
	return row;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function hasVault(db: PolkuDb, userKey: string): Promise<boolean> {
	const row = await withDb(db, (d) => d.vaults.get(userKey));
	return row !== undefined;
}

/**
 * First login on this device: makes the user's DEK and stores it wrapped by their password.
 * Returns the DEK, non-extractable. Refuses (VaultExistsError) if the user already has a vault,
 * which would make their existing drafts unreadable; other users' rows are never touched.
 */
export async function createVault(
	db: PolkuDb,
	userKey: string,
	password: string,
	opts?: KdfOptions
): Promise<CryptoKey> {
	const iterations = resolveIterations(opts);
	if (await hasVault(db, userKey)) throw new VaultExistsError();

	// Extractable only so it can be wrapped; this handle never leaves the function.
	const transient = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
	const wrapped = await wrapDek(transient, userKey, password, iterations);
	const now = Date.now();
	const row: VaultRow = { userKey, ...wrapped, createdAt: now, updatedAt: now, kdf: 'PBKDF2-SHA256', v: VAULT_VERSION };

	// The DEK handed out is the stored one unwrapped, non-extractable: this also proves the row opens.
	const kek = await deriveKek(password, wrapped.salt, iterations);
	const dek = await unwrapDek(row, kek, false);
	try {
		// add, not put: a second tab that created the vault meanwhile wins, and we do not overwrite it.
		await withDb(db, (d) => d.vaults.add(row));
	} catch (err) {
		if ((err as { name?: unknown }).name === Dexie.errnames.Constraint) throw new VaultExistsError();
		throw err;
	}
	return dek;
}

/** Unlock, offline: the password's KEK unwraps the DEK (non-extractable), or WrongPasswordError. */
export async function unlockVault(db: PolkuDb, userKey: string, password: string): Promise<CryptoKey> {
	const row = assertRow(await withDb(db, (d) => d.vaults.get(userKey)));
	const kek = await deriveKek(password, row.salt, row.iterations);
	return unwrapDek(row, kek, false);
}

/**
 * Checks the password against the user's vault without opening anything: true when it unwraps the
 * DEK (the same check as unlock), false on WrongPasswordError. The unwrapped key is dropped at once,
 * so the caller's session is neither locked nor unlocked by it (issue 5: ending self-assessment mode).
 */
export async function verifyPassword(db: PolkuDb, userKey: string, password: string): Promise<boolean> {
	try {
		await unlockVault(db, userKey, password);
		return true;
	} catch (err) {
		if (err instanceof WrongPasswordError) return false;
		throw err;
	}
}

/**
 * Password change: the same DEK, re-wrapped under the new password with a new salt (and at least the
 * current iteration minimum). A wrong old password throws WrongPasswordError and writes nothing.
 */
export async function rewrapVault(
	db: PolkuDb,
	userKey: string,
	oldPassword: string,
	newPassword: string,
	opts?: KdfOptions
): Promise<void> {
	const iterations = resolveIterations(opts);
	const row = assertRow(await withDb(db, (d) => d.vaults.get(userKey)));
	const oldKek = await deriveKek(oldPassword, row.salt, row.iterations);
	// Extractable only for the one wrapKey below; never returned.
	const transient = await unwrapDek(row, oldKek, true);
	const wrapped = await wrapDek(transient, userKey, newPassword, iterations);
	const next: VaultRow = { ...row, ...wrapped, updatedAt: Date.now(), v: VAULT_VERSION };

	// Prove the new row opens before it replaces the old one.
	await unwrapDek(next, await deriveKek(newPassword, wrapped.salt, iterations), false);

	// Crucial: compare-and-swap in one transaction, so a re-wrap racing another tab cannot
	// replace a newer wrap with one made from a stale row.
	await withDb(db, (d) =>
		d.transaction('rw', d.vaults, async () => {
			const current = await d.vaults.get(userKey);
			if (!current || !sameBytes(current.wrappedDek, row.wrappedDek)) throw new VaultChangedError();
			await d.vaults.put(next);
		})
	);
}

/** Removes only this user's vault row; without it, their encrypted records can no longer be read. */
export async function deleteVault(db: PolkuDb, userKey: string): Promise<void> {
	await withDb(db, (d) => d.vaults.delete(userKey));
}

/** AAD for a record: `${userKey}|${table}|${id}`. `|` may not appear inside a part. */
export function recordAad(userKey: string, table: string, id: string): string {
	for (const part of [userKey, table, id]) {
		if (part === '' || part.includes('|')) throw new TypeError('recordAad: parts must be non-empty and contain no "|"');
	}
	return `${userKey}|${table}|${id}`;
}

/** Encrypts a JSON-serialisable value with the DEK (AES-256-GCM, random 96-bit IV). */
export async function encryptRecord(dek: CryptoKey, aad: string, value: unknown): Promise<EncryptedBox> {
	const json = JSON.stringify(value);
	if (json === undefined) throw new TypeError('encryptRecord: value is not JSON-serialisable');
	const iv = randomBytes(IV_BYTES);
	const ct = await subtle().encrypt(
		{ name: 'AES-GCM', iv, additionalData: encoder.encode(aad), tagLength: 128 },
		dek,
		encoder.encode(json)
	);
	return { iv, ct: new Uint8Array(ct) };
}

/** Decrypts what encryptRecord made with the same DEK and AAD, or throws RecordDecryptError. */
export async function decryptRecord<T>(dek: CryptoKey, aad: string, box: EncryptedBox): Promise<T> {
	let plain: ArrayBuffer;
	try {
		plain = await subtle().decrypt(
			{ name: 'AES-GCM', iv: box.iv, additionalData: encoder.encode(aad), tagLength: 128 },
			dek,
			box.ct
		);
	} catch {
		throw new RecordDecryptError();
	}
	return JSON.parse(decoder.decode(plain)) as T;
}

export interface TimerFns {
	setTimeout: (fn: () => void, ms: number) => unknown;
	clearTimeout: (handle: unknown) => void;
}

export type LockReason = 'idle' | 'manual';

export interface VaultSessionOptions {
	/** Lock after this long without `touch()`; default 15 minutes. */
	idleMs?: number;
	/** Test seam; defaults to the global timers. */
	timers?: TimerFns;
	onLock?: (reason: LockReason) => void;
}

/**
 * Holds one user's unlocked DEK in memory and forgets it after `idleMs` without `touch()`, or on
 * `lock()` (the app calls it on `pagehide` and logout). Plain TS so it can be tested without Svelte.
 */
export class VaultSession {
	#dek: CryptoKey | null = null;
	#userKey: string | null = null;
	#handle: unknown = null;
	readonly #idleMs: number;
	readonly #timers: TimerFns;
	readonly #onLock: ((reason: LockReason) => void) | undefined;

	constructor(opts: VaultSessionOptions = {}) {
		const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
		if (!(idleMs > 0)) throw new RangeError('idleMs must be positive');
		this.#idleMs = idleMs;
		this.#timers = opts.timers ?? {
			setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
			clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>)
		};
		this.#onLock = opts.onLock;
	}

	get isUnlocked(): boolean {
		return this.#dek !== null;
	}

	/** The namespace of the unlocked user, or null when locked. */
	get userKey(): string | null {
		return this.#userKey;
	}

	/** Holds `dek` (from createVault/unlockVault) for `userKey`, replacing any previous user's key. */
	unlock(userKey: string, dek: CryptoKey): void {
		if (dek.extractable) throw new TypeError('VaultSession holds non-extractable keys only');
		this.#clearTimer();
		this.#userKey = userKey;
		this.#dek = dek;
		this.#arm();
	}

	/** The DEK for `userKey`; throws VaultLockedError when locked or unlocked for another user. */
	dekFor(userKey: string): CryptoKey {
		if (this.#dek === null || this.#userKey !== userKey) throw new VaultLockedError();
		return this.#dek;
	}

	/** User activity: restarts the idle countdown. No-op when locked. */
	touch(): void {
		if (this.#dek === null) return;
		this.#clearTimer();
		this.#arm();
	}

	lock(): void {
		this.#lock('manual');
	}

	#lock(reason: LockReason): void {
		this.#clearTimer();
		const was = this.#dek !== null;
		this.#dek = null;
		this.#userKey = null;
		if (was) this.#onLock?.(reason);
	}

	#arm(): void {
		this.#handle = this.#timers.setTimeout(() => {
			this.#handle = null;
			this.#lock('idle');
		}, this.#idleMs);
	}

	#clearTimer(): void {
		if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
		this.#handle = null;
	}
}
