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
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { MutationKind, OrganisationPublicKey, Problem, SealedEnvelope, SyncEntity } from '@polku/shared';
import type { EncryptedBox } from './vault';

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

/** This device's registration for one user. The token is a push credential, not personal data. */
export interface DeviceRow {
	userKey: string;
	deviceId: string;
	/** null: the server no longer knows the token (`device-unknown`); re-register at the next login. */
	token: string | null;
	registeredAt: number;
}

/** An encounter draft: only its id, owner and time are outside the DEK-encrypted box. */
export interface DraftRow {
	id: string;
	userKey: string;
	kind: 'encounter';
	updatedAt: number;
	box: EncryptedBox;
}

export type OutboxRowState = 'queued' | 'rejected' | 'conflict';

/**
 * A sealed mutation waiting for (or quarantined by) the server. The envelope is opaque to the
 * device: only the organisation's private key opens it. Sending order = mutationId (UUIDv7) order.
 */
export interface OutboxRow {
	mutationId: string;
	userKey: string;
	kind: MutationKind;
	/** The id of the record the mutation creates or changes (a UUID, not personal). */
	recordId: string;
	schemaVersion: number;
	envelope: SealedEnvelope;
	state: OutboxRowState;
	attempts: number;
	lastAttemptAt: number | null;
	/** A short code of the last failed attempt: 'network', 'http-503', 'device-unknown', … */
	lastError: string | null;
	/** The server's problem for a rejected item (codes and field paths only, never values). */
	problem: Problem | null;
	/** Conflict reason: 'mutation-reused' | 'record-exists'. */
	reason: string | null;
	createdAt: number;
}

/**
 * Entities kept in `records`: pulled records (every SyncEntity: `client`, `encounter`,
 * `anonymous-contact`, `conflict`, and since issue 4 `client-sensitive`, `situation`, `service`,
 * `consent`, `memo`, `follow-up`, `attachment` (metadata only, never the file), `client-merge`, and
 * since issue 5 `coaching-period`, `goal`, `goal-note`, `attendance`, `diary`, `assessment`,
 * `coaching-report`, tombstones removing them like the others),
 * the user's local copies (pending until pulled back), `mutation` (the plaintext of an outbox item,
 * id = mutationId, for quarantine and resend) and `quarantine-server` (the server's version in a
 * conflict answer, id = mutationId). No index changes, so no schema bump: only the values of
 * `entity` grew.
 */
export type RecordEntity = SyncEntity | 'mutation' | 'quarantine-server';

export interface RecordRow {
	userKey: string;
	entity: RecordEntity;
	id: string;
	/** Server version; 0 for a local copy the server has not confirmed. */
	version: number;
	/** Epoch ms. */
	updatedAt: number;
	deletedAt: number | null;
	pending: boolean;
	/** `{ data }`, DEK-encrypted with AAD recordAad(userKey, `records.${entity}`, id). */
	box: EncryptedBox;
}

/** NON-personal values only, plus `profile` as an EncryptedBox. */
export interface MetaValues {
	cursor: string;
	lastSyncAt: number;
	lastPushAt: number;
	publicKey: OrganisationPublicKey;
	profile: EncryptedBox;
	/** Set by a remote wipe so the page can say so after the service worker did it (epoch ms). */
	wiped: number;
}
export type MetaKey = keyof MetaValues;

export interface MetaRow<K extends MetaKey = MetaKey> {
	userKey: string;
	key: K;
	value: MetaValues[K];
}

export class PolkuDb extends Dexie {
	vaults!: EntityTable<VaultRow, 'userKey'>;
	devices!: EntityTable<DeviceRow, 'userKey'>;
	drafts!: EntityTable<DraftRow, 'id'>;
	outbox!: EntityTable<OutboxRow, 'mutationId'>;
	records!: Table<RecordRow, [string, string, string]>;
	meta!: Table<MetaRow, [string, string]>;

	constructor(options?: DexieOptions) {
		super(DB_NAME, options);
		this.version(1).stores({
			vaults: 'userKey'
		});
		// v2 (issue 3) only adds tables: vaults are kept as they are.
		this.version(2).stores({
			vaults: 'userKey',
			devices: 'userKey',
			drafts: 'id, userKey',
			outbox: 'mutationId, userKey, [userKey+state]',
			records: '[userKey+entity+id], [userKey+entity]',
			meta: '[userKey+key]'
		});
		// v3 changes no table: it deletes the henkilötunnus search key older versions kept in `meta`.
		// With it and the keyed tags of pulled clients, about a thousand guesses gave a client's full
		// code back on the device with no audit row; exact search by code is online now.
		this.version(3)
			.stores({})
			.upgrade((tx) =>
				tx
					.table<MetaRow, [string, string]>('meta')
					.filter((row) => (row.key as string) === RETIRED_META_SEARCH_KEY)
					.delete()
			);
	}
}

/** The `meta` key of the retired henkilötunnus search key (deleted by the v3 upgrade). */
const RETIRED_META_SEARCH_KEY = 'searchKey';

/** The user's tables, for a wipe: every row carries `userKey`. */
export const USER_TABLES = ['devices', 'drafts', 'outbox', 'records', 'meta'] as const;

export async function getMeta<K extends MetaKey>(db: PolkuDb, userKey: string, key: K): Promise<MetaValues[K] | undefined> {
	const row = await withDb(db, (d) => d.meta.get([userKey, key]));
	return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(db: PolkuDb, userKey: string, key: K, value: MetaValues[K]): Promise<void> {
	await withDb(db, (d) => d.meta.put({ userKey, key, value } as MetaRow));
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
