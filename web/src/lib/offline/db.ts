/**
 * The device database (IndexedDB through Dexie 4), one per browser profile, named 'polku'.
 *
 * Invariants (DESIGN.md "The way data travels", "Keys", "Lessons"):
 * - Nothing personal is stored in plain text. Only ids, timestamps, record kinds and key material
 *   that is useless without the user's password (salt, wrapped key, IV) stay outside ciphertext.
 * - Everything is namespaced per user by `userKey` = `${organisationId}:${userId}` (ids only,
 *   never usernames or emails), so one user's login never reads, changes or clears another's rows.
 * - Safari can close a connection under memory pressure: every access goes through `withDb`,
 *   which reopens and retries once instead of losing the write.
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';

export const DB_NAME = 'polku';

/** One per user per device: the device data key (DEK), wrapped by a key derived from the password. */
export interface VaultRow {
	/** `${organisationId}:${userId}` — see `userKeyOf`. */
	userKey: string;
	/** 16 random bytes, made on this device for this user (new on every re-wrap). */
	salt: Uint8Array<ArrayBuffer>;
	/** PBKDF2 iteration count used to derive the key-encryption key. */
	iterations: number;
	/** The DEK, AES-GCM-wrapped (ciphertext + 16-byte tag). */
	wrappedDek: Uint8Array<ArrayBuffer>;
	/** 12-byte AES-GCM IV of the wrap. */
	iv: Uint8Array<ArrayBuffer>;
	/** Epoch milliseconds. */
	createdAt: number;
	updatedAt: number;
	kdf: 'PBKDF2-SHA256';
	v: 1;
}

export class PolkuDb extends Dexie {
	vaults!: EntityTable<VaultRow, 'userKey'>;

	constructor(options?: DexieOptions) {
		super(DB_NAME, options);
		this.version(1).stores({
			vaults: 'userKey'
		});
	}
}

/** Test seams: pass a fresh fake-indexeddb factory to isolate a test. Browsers use the globals. */
export interface OpenDbOptions {
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
}

/** Makes the device database handle. Dexie opens it lazily on first use. */
export function openPolkuDb(options: OpenDbOptions = {}): PolkuDb {
	const dexieOptions: DexieOptions = {};
	if (options.indexedDB) dexieOptions.indexedDB = options.indexedDB;
	if (options.IDBKeyRange) dexieOptions.IDBKeyRange = options.IDBKeyRange;
	return new PolkuDb(dexieOptions);
}

const ID_PART = /^[A-Za-z0-9_-]+$/;

/**
 * The per-user namespace key. Ids only (UUIDs in practice): a username or email here would put
 * personal data in plain-text IndexedDB. `:` separates the parts and `|` separates AAD fields,
 * so neither may appear inside an id.
 */
export function userKeyOf(organisationId: string, userId: string): string {
	if (!ID_PART.test(organisationId) || !ID_PART.test(userId)) {
		throw new TypeError('userKeyOf: organisation and user ids must be non-empty [A-Za-z0-9_-]');
	}
	return `${organisationId}:${userId}`;
}

/** Dexie reports a connection the browser closed under it as one of these. */
function isClosedConnection(err: unknown): boolean {
	if (err instanceof Dexie.DatabaseClosedError) return true;
	const name = (err as { name?: unknown } | null)?.name;
	const inner = (err as { inner?: { name?: unknown } } | null)?.inner?.name;
	return name === 'DatabaseClosedError' || name === 'InvalidStateError' || inner === 'InvalidStateError';
}

/**
 * Runs `fn` against the database; if the connection was closed under us (Safari under memory
 * pressure, or a `versionchange` from another tab), reopens and retries exactly once. `fn` must
 * therefore be safe to run twice: use it for single reads and idempotent writes or whole
 * transactions, which IndexedDB rolls back as a unit when the connection dies.
 */
export async function withDb<T>(db: PolkuDb, fn: (db: PolkuDb) => Promise<T>): Promise<T> {
	try {
		return await fn(db);
	} catch (err) {
		if (!isClosedConnection(err)) throw err;
		if (!db.isOpen()) await db.open();
		return fn(db);
	}
}
