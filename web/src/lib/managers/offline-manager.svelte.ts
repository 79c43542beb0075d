/**
 * The device side of issue 3 for the UI: vault lock state, encrypted drafts, sealed submit, sync,
 * offline lookup, quarantine and conflicts. One runes class, singleton `offline`.
 *
 * Invariants (DESIGN.md "The way data travels", "Keys", "Lessons"):
 * - Nothing personal is stored outside a DEK-encrypted box; the DEK lives only in a VaultSession
 *   (memory, non-extractable) that forgets it after `deviceLockSeconds` idle, on `pagehide`, on lock().
 * - Everything is per user (`userKey`): another user's login never reads, changes or clears rows of
 *   the first. localStorage `polku-last-user` holds ids and the lock time only.
 * - Pushing needs no DEK (sealed envelopes + device token): a locked app still syncs its outbox.
 *   Pulling needs the session and the DEK.
 * - Submit writes outbox rows, local copies and the draft's removal in ONE Dexie transaction.
 */
import {
	CLIENT_FIELD_DEFAULTS,
	CLIENT_MERGE_FIELDS,
	ClientFieldsSchema,
	DEFAULT_HETU_UNIT_KINDS,
	DEFAULT_REQUIRED_CLIENT_FIELDS,
	sameValue,
	type ClientRecordSettings,
	type CodeOverrides,
	type Colleague,
	type MutationKind,
	type Role,
	type ClientChanges,
	type ClientFields,
	type FieldError,
	type Me,
	type Mutation,
	type OrganisationPublicKey,
	type Problem,
	type SyncChange,
	type SyncConflict,
	type Unit
} from '@polku/shared';
import { v7 as uuidv7 } from 'uuid';
import { ZodError } from 'zod';
import { api as defaultApi, ApiError, NetworkError, type ApiClient } from '$lib/api/client';
import { SYNC_DONE_MESSAGE, SYNC_TAG } from '$lib/offline/background-sync';
import { getMeta, openPolkuDb, setMeta, userKeyOf, withDb, type OutboxRow, type PolkuDb, type RecordEntity, type RecordRow } from '$lib/offline/db';
import { countDrafts, deleteDraft, getDraft, listDrafts as listDraftRows, putDraft } from '$lib/offline/drafts';
import { outboxCounts, recordIdOf, sealMutation, type SealTarget } from '$lib/offline/outbox';
import { pullChanges } from '$lib/offline/pull';
import { pushOutbox, recordBox } from '$lib/offline/push';
import {
	NoPublicKeyError,
	SubmitValidationError,
	type AnonymousContactSummary,
	type ClientSummary,
	type EncounterDraft,
	type EncounterView,
	type OfflineCounts,
	type QuarantineItem,
	type SyncError,
	type VaultState
} from '$lib/offline/types';
import {
	VaultChangedError,
	VaultExistsError,
	VaultLockedError,
	VaultSession,
	WrongPasswordError,
	createVault,
	decryptRecord,
	encryptRecord,
	hasVault,
	recordAad,
	rewrapVault,
	unlockVault,
	verifyPassword,
	type KdfOptions,
	type TimerFns
} from '$lib/offline/vault';
import { wipeUser } from '$lib/offline/wipe';
import { forgetLocalEffect, undoRefusedMerges } from '$lib/offline/local-undo';
import {
	ENTITY_OF_KIND,
	buildEncounterMutations,
	clientDisplayName,
	deviceLabel,
	fieldErrors,
	matches,
	quarantineExport,
	toEncounterViews,
	type AnonymousData,
	type ClientData,
	type EncounterData
} from '$lib/offline/encounters';

export { deviceLabel, foldForSearch } from '$lib/offline/encounters';

export { SubmitValidationError, NoPublicKeyError, VaultChangedError, VaultLockedError, WrongPasswordError };
export type {
	AnonymousContactSummary,
	ClientSummary,
	EncounterDraft,
	EncounterView,
	OfflineCounts,
	QuarantineItem,
	SyncError,
	VaultState
};

export const LAST_USER_KEY = 'polku-last-user';

/** A client as this device holds it (decrypted in memory only): the basic fields and the version seen. */
export interface CachedClient extends ClientFields {
	id: string;
	unitId: string;
	/** The server version the fields came from (the base of the next edit). */
	version: number;
	/** Edited on this device and not yet pulled back from the server. */
	pending: boolean;
}

/** The client is not on this device (not pulled yet, or not visible to the user). */
export class ClientNotCachedError extends Error {
	override name = 'ClientNotCachedError';
	constructor() {
		super('The client is not on this device.');
	}
}

/** localStorage pointer to the last user of this device: ids and the lock time only. */
export interface LastUser {
	organisationId: string;
	userId: string;
	deviceLockSeconds: number;
}

/** What the device remembers about its user, DEK-encrypted in meta `profile`. */
export interface Profile {
	organisationId: string;
	organisationSlug: string;
	organisationName: string;
	userId: string;
	displayName: string;
	unitIds: string[];
	units: Unit[];
	deviceLockSeconds: number;
	/** Issue 4 (absent in a profile stored by an issue-3 device: see `withRecordDefaults`). */
	roles: Role[];
	settings: ClientRecordSettings;
	codeOverrides: CodeOverrides;
	colleagues: Colleague[];
}

/**
 * What the client record's UI and the record manager read about the organisation and the user, from
 * the encrypted profile while the vault is open (so it survives an offline reload and unlock).
 * `$lib/managers/org-context` combines it with `session.me`.
 */
export type OrgContext = Pick<Profile, 'userId' | 'displayName' | 'unitIds' | 'units' | 'roles' | 'settings' | 'codeOverrides' | 'colleagues'>;

/** The profile /api/me describes (the device lock time as the server says it). */
function profileOf(me: Me): Profile {
	return {
		organisationId: me.organisation.id,
		organisationSlug: me.organisation.slug,
		organisationName: me.organisation.name,
		userId: me.user.id,
		displayName: me.user.displayName,
		unitIds: me.user.unitIds,
		units: me.units,
		deviceLockSeconds: me.session.deviceLockSeconds,
		roles: me.user.roles,
		settings: me.settings,
		codeOverrides: me.codeOverrides,
		colleagues: me.colleagues
	};
}

/** A profile stored before issue 4 lacks the record settings: the organisation defaults stand in. */
function withRecordDefaults(p: Partial<Profile> & Omit<Profile, 'roles' | 'settings' | 'codeOverrides' | 'colleagues'>): Profile {
	return {
		...p,
		roles: p.roles ?? [],
		settings: p.settings ?? { hetuUnitKinds: [...DEFAULT_HETU_UNIT_KINDS], requiredClientFields: [...DEFAULT_REQUIRED_CLIENT_FIELDS] },
		codeOverrides: p.codeOverrides ?? ({} as CodeOverrides),
		colleagues: p.colleagues ?? []
	};
}

/** What `queueMutations` writes to `records` next to the sealed mutations (DEK-encrypted). */
export interface LocalWrite {
	entity: RecordEntity;
	id: string;
	/** The record's new local content; null removes the device's copy. */
	data: unknown;
	/** Default: the existing row's version (the base of the next edit), or 0 for a new record. */
	version?: number;
	/** Default true: not yet confirmed by the server. */
	pending?: boolean;
}

/** A cached record, decrypted in memory. */
export interface CachedRecord<T> {
	id: string;
	version: number;
	pending: boolean;
	updatedAt: number;
	data: T;
}

export type OfflineApi = Pick<ApiClient, 'registerDevice' | 'organisationPublicKey' | 'push' | 'pull'>;

export interface OfflineDeps {
	db?: () => PolkuDb;
	api?: OfflineApi;
	/** localStorage, or null where there is none. */
	storage?: Storage | null;
	/** Tests only: faster PBKDF2. */
	kdf?: KdfOptions;
	/** Attach window listeners and read the last user (default: when there is a window). */
	autoStart?: boolean;
	/** navigator.storage.persist(); default the browser's. */
	persist?: () => Promise<boolean | null>;
	/** Asks the service worker for a Background Sync; default the browser's. */
	registerSync?: () => Promise<void>;
	now?: () => number;
	/** Tests only: the vault's idle timer (default the global setTimeout/clearTimeout). */
	timers?: TimerFns;
}

type Stored<T> = { data: T };

export class OfflineManager {
	#state = $state<VaultState>('none');
	#userKey = $state<string | null>(null);
	#counts = $state<OfflineCounts>({ drafts: 0, queued: 0, rejected: 0, conflicts: 0 });
	#lastSyncAt = $state<number | null>(null);
	#syncing = $state(false);
	#lastSyncError = $state<SyncError | null>(null);
	#persisted = $state<boolean | null>(null);
	#wiped = $state(false);
	#revision = $state(0);

	readonly #deps: OfflineDeps;
	#dbHandle: PolkuDb | null = null;
	#vault: VaultSession | null = null;
	/** Reactive: the UI reads the organisation context from it (`orgContext`). Replaced whole, never mutated. */
	#profile = $state.raw<Profile | null>(null);
	/** The latest /api/me of this tab (memory only), stored in the profile when its vault is open. */
	#latestMe: { uk: string; me: Me } | null = null;
	#syncRun: Promise<void> | null = null;
	#syncAgain = false;
	#started = false;
	#clients: ClientData[] | null = null;
	#anonymous: AnonymousData[] | null = null;

	constructor(deps: OfflineDeps = {}) {
		this.#deps = deps;
		if (deps.autoStart ?? typeof window !== 'undefined') this.start();
	}

	get state(): VaultState {
		return this.#state;
	}
	get userKey(): string | null {
		return this.#userKey;
	}
	get counts(): OfflineCounts {
		return this.#counts;
	}
	get lastSyncAt(): number | null {
		return this.#lastSyncAt;
	}
	get syncing(): boolean {
		return this.#syncing;
	}
	get lastSyncError(): SyncError | null {
		return this.#lastSyncError;
	}
	get persisted(): boolean | null {
		return this.#persisted;
	}
	get wiped(): boolean {
		return this.#wiped;
	}
	/** Bumped whenever cached records may have changed (queue, pull, lock): re-read views on change. */
	get revision(): number {
		return this.#revision;
	}

	get #api(): OfflineApi {
		return this.#deps.api ?? defaultApi;
	}
	get #db(): PolkuDb {
		this.#dbHandle ??= this.#deps.db ? this.#deps.db() : openPolkuDb();
		return this.#dbHandle;
	}
	#now(): number {
		return this.#deps.now ? this.#deps.now() : Date.now();
	}
	get #storage(): Storage | null {
		if (this.#deps.storage !== undefined) return this.#deps.storage;
		try {
			return typeof localStorage === 'undefined' ? null : localStorage;
		} catch {
			return null;
		}
	}

	// ---- start, pointer, listeners -------------------------------------------------------------

	/** Reads the last user, listens for sync triggers and pushes. Idempotent; returns when ready. */
	start(): Promise<void> {
		if (this.#started) return Promise.resolve();
		this.#started = true;
		const last = this.readLastUser();
		if (last) {
			try {
				this.#userKey = userKeyOf(last.organisationId, last.userId);
				this.#state = 'locked';
			} catch {
				this.#writeLastUser(null);
			}
		}
		if (typeof window !== 'undefined' && this.#deps.autoStart !== false) this.#listen();
		return this.#afterStart().catch((err: unknown) => this.#report('start', err));
	}

	async #afterStart(): Promise<void> {
		const uk = this.#userKey;
		if (!uk) return;
		if (await this.#handleWipedMarker(uk)) return;
		if (!(await hasVault(this.#db, uk))) {
			if (this.#userKey === uk && this.#state === 'locked') {
				this.#state = 'none';
				this.#userKey = null;
				this.#writeLastUser(null);
			}
			return;
		}
		this.#lastSyncAt = (await getMeta(this.#db, uk, 'lastSyncAt')) ?? null;
		await this.refreshCounts();
		void this.syncNow();
	}

	#listen(): void {
		window.addEventListener('online', () => void this.syncNow());
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.syncNow();
		});
		// Closing, switching away on iOS, bfcache: forget the key (issue 3, point 1: "locks when closed").
		window.addEventListener('pagehide', () => this.lock());
		if ('serviceWorker' in navigator) {
			navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
				const data = event.data as { type?: unknown } | null;
				if (data?.type === SYNC_DONE_MESSAGE) void this.#afterWorkerSync();
			});
		}
	}

	async #afterWorkerSync(): Promise<void> {
		const uk = this.#userKey;
		if (!uk) return;
		if (await this.#handleWipedMarker(uk)) return;
		this.#invalidate();
		await this.refreshCounts();
	}

	/** The service worker wiped this user: forget them here too and say so. */
	async #handleWipedMarker(uk: string): Promise<boolean> {
		const marker = await getMeta(this.#db, uk, 'wiped');
		if (marker === undefined || (await hasVault(this.#db, uk))) return false;
		this.#afterWipe(uk);
		return true;
	}

	readLastUser(): LastUser | null {
		try {
			const raw = this.#storage?.getItem(LAST_USER_KEY);
			if (!raw) return null;
			const v = JSON.parse(raw) as Partial<LastUser>;
			if (typeof v.organisationId !== 'string' || typeof v.userId !== 'string') return null;
			const secs = typeof v.deviceLockSeconds === 'number' && v.deviceLockSeconds > 0 ? v.deviceLockSeconds : 15 * 60;
			return { organisationId: v.organisationId, userId: v.userId, deviceLockSeconds: secs };
		} catch {
			return null;
		}
	}

	#writeLastUser(value: LastUser | null): void {
		try {
			if (value) this.#storage?.setItem(LAST_USER_KEY, JSON.stringify(value));
			else this.#storage?.removeItem(LAST_USER_KEY);
		} catch {
			// No storage (private mode, quota): an offline reload then cannot offer unlock.
		}
	}

	// ---- vault ----------------------------------------------------------------------------------

	/**
	 * After a successful online login, with the typed password: creates the vault (first login here)
	 * or unlocks it, registers the device if needed, stores profile and public key, asks for
	 * persistent storage and starts a sync. Network failures after the unlock do not fail the login.
	 * Throws VaultChangedError when the password no longer opens this user's vault (changed elsewhere;
	 * `recoverVault(oldPassword, newPassword)` re-wraps it).
	 */
	async afterLogin(me: Me, password: string): Promise<void> {
		const uk = userKeyOf(me.organisation.id, me.user.id);
		const db = this.#db;
		let dek: CryptoKey;
		if (await hasVault(db, uk)) {
			dek = await this.#unlockOrChanged(uk, password);
		} else {
			try {
				dek = await createVault(db, uk, password, this.#deps.kdf);
			} catch (err) {
				if (!(err instanceof VaultExistsError)) throw err;
				dek = await this.#unlockOrChanged(uk, password);
			}
		}
		await withDb(db, (d) => d.meta.delete([uk, 'wiped']));
		const profile = profileOf(me);
		if (this.#latestMe?.uk === uk) this.#latestMe = null;
		this.#openSession(uk, dek, profile);
		this.#wiped = false;
		this.#writeLastUser({ organisationId: me.organisation.id, userId: me.user.id, deviceLockSeconds: me.session.deviceLockSeconds });
		await setMeta(db, uk, 'profile', await encryptValue(dek, uk, 'meta', 'profile', profile));
		this.#lastSyncAt = (await getMeta(db, uk, 'lastSyncAt')) ?? null;

		try {
			await setMeta(db, uk, 'publicKey', await this.#api.organisationPublicKey());
		} catch (err) {
			this.#report('public key', err);
		}
		try {
			// Every sign-in renews the device token (it expires `deviceTokenDays` after the last one).
			await this.#ensureDevice(uk, true);
		} catch (err) {
			this.#report('device registration', err);
		}
		void this.#requestPersistence();
		await this.refreshCounts();
		void this.syncNow();
	}

	async #unlockOrChanged(uk: string, password: string): Promise<CryptoKey> {
		try {
			return await unlockVault(this.#db, uk, password);
		} catch (err) {
			if (err instanceof WrongPasswordError) throw new VaultChangedError();
			throw err;
		}
	}

	/**
	 * The password was changed elsewhere: re-wraps the same DEK (so drafts stay readable) from the
	 * old password to the new one. Call afterLogin(me, newPassword) after it. WrongPasswordError if
	 * `oldPassword` does not open the vault either.
	 */
	async recoverVault(me: Me, oldPassword: string, newPassword: string): Promise<void> {
		const uk = userKeyOf(me.organisation.id, me.user.id);
		await rewrapVault(this.#db, uk, oldPassword, newPassword, this.#deps.kdf);
	}

	/** Offline unlock of the last user (polku-last-user). Throws WrongPasswordError. */
	async unlock(password: string): Promise<void> {
		const last = this.readLastUser();
		if (!last) throw new VaultLockedError();
		const uk = userKeyOf(last.organisationId, last.userId);
		const dek = await unlockVault(this.#db, uk, password);
		const box = await getMeta(this.#db, uk, 'profile');
		let profile: Profile;
		if (box) profile = withRecordDefaults(await decryptRecord<Profile>(dek, recordAad(uk, 'meta', 'profile'), box));
		else
			profile = withRecordDefaults({
				organisationId: last.organisationId,
				organisationSlug: '',
				organisationName: '',
				userId: last.userId,
				displayName: '',
				unitIds: [],
				units: [],
				deviceLockSeconds: last.deviceLockSeconds
			});
		this.#openSession(uk, dek, { ...profile, deviceLockSeconds: last.deviceLockSeconds });
		// /api/me arrived while the vault was locked (an online reload): keep its settings now.
		await this.#storeLatestMe(uk).catch((err: unknown) => this.#report('profile', err));
		this.#lastSyncAt = (await getMeta(this.#db, uk, 'lastSyncAt')) ?? null;
		await this.refreshCounts();
		void this.syncNow();
	}

	/**
	 * Checks the current user's password against their vault (the same check as unlock) without
	 * locking or unlocking anything: the self-assessment mode ends with it (issue 5). False for a wrong
	 * password or when there is no user on this device.
	 */
	async verifyPassword(password: string): Promise<boolean> {
		const uk = this.#userKey;
		if (!uk || !(await hasVault(this.#db, uk))) return false;
		return verifyPassword(this.#db, uk, password);
	}

	/**
	 * Every /api/me this tab gets (session manager): the settings, local codes, colleagues and units
	 * go into the user's encrypted profile, so that an offline reload and unlock still has them. While
	 * the vault is locked the answer waits in memory for the next unlock. Never throws.
	 */
	async rememberMe(me: Me): Promise<void> {
		let uk: string;
		try {
			uk = userKeyOf(me.organisation.id, me.user.id);
		} catch {
			return;
		}
		this.#latestMe = { uk, me };
		try {
			await this.#storeLatestMe(uk);
		} catch (err) {
			this.#report('profile', err);
		}
	}

	/** Writes the waiting /api/me into the open vault's profile (when it is this user's and changed). */
	async #storeLatestMe(uk: string): Promise<void> {
		const latest = this.#latestMe;
		const current = this.#profile;
		if (!latest || latest.uk !== uk || this.#userKey !== uk || !current) return;
		const dek = this.#dekOrUndefined(uk);
		if (!dek) return;
		this.#latestMe = null;
		const next = profileOf(latest.me);
		if (JSON.stringify(next) === JSON.stringify({ ...current, deviceLockSeconds: next.deviceLockSeconds })) return;
		const box = await encryptValue(dek, uk, 'meta', 'profile', next);
		// Locked or another user meanwhile: the write would be of a profile nobody has open.
		if (this.#profile !== current) return;
		await setMeta(this.#db, uk, 'profile', box);
		// The running idle timer keeps the lock time it was opened with (the pointer has it too).
		this.#profile = { ...next, deviceLockSeconds: current.deviceLockSeconds };
		this.#invalidate();
	}

	#openSession(uk: string, dek: CryptoKey, profile: Profile): void {
		const previous = this.#vault;
		this.#vault = null;
		previous?.lock();
		const session = new VaultSession({
			idleMs: Math.max(1, profile.deviceLockSeconds) * 1000,
			...(this.#deps.timers ? { timers: this.#deps.timers } : {}),
			onLock: () => {
				if (this.#vault === session) this.#onLocked();
			}
		});
		session.unlock(uk, dek);
		this.#vault = session;
		this.#profile = profile;
		this.#userKey = uk;
		this.#state = 'unlocked';
		this.#invalidate();
	}

	#onLocked(): void {
		this.#vault = null;
		this.#profile = null;
		this.#invalidate();
		this.#state = this.#userKey ? 'locked' : 'none';
	}

	lock(): void {
		if (this.#vault) this.#vault.lock();
		else if (this.#state === 'unlocked') this.#onLocked();
	}

	touch(): void {
		this.#vault?.touch();
	}

	/** The public profile bits the UI may show while unlocked (units to choose from). */
	get units(): readonly Unit[] {
		return this.#profile?.units ?? [];
	}

	#unlocked(): { uk: string; dek: CryptoKey; profile: Profile } {
		const uk = this.#userKey;
		if (!uk || !this.#vault || !this.#profile) throw new VaultLockedError();
		return { uk, dek: this.#vault.dekFor(uk), profile: this.#profile };
	}

	#dekOrUndefined(uk: string): CryptoKey | undefined {
		try {
			return this.#vault?.dekFor(uk);
		} catch {
			return undefined;
		}
	}

	/**
	 * Registers this device for `uk`, or with `renew` (a sign-in) registers its id again, which rotates
	 * and renews the token. A revoked id keeps its old token: the next push hands the queue over (the
	 * server holds it for an admin) and hears `wipe`; after the wipe the next sign-in makes a new id.
	 */
	async #ensureDevice(uk: string, renew = false): Promise<void> {
		const row = await withDb(this.#db, (d) => d.devices.get(uk));
		if (row?.token && !renew) return;
		let id = row?.deviceId ?? uuidv7();
		const label = deviceLabel(typeof navigator === 'undefined' ? '' : navigator.userAgent);
		for (let attempt = 0; attempt < 2; attempt++) {
			try {
				const registered = await this.#api.registerDevice({ id, label });
				await withDb(this.#db, (d) =>
					d.devices.put({ userKey: uk, deviceId: registered.id, token: registered.token, registeredAt: this.#now() })
				);
				return;
			} catch (err) {
				if (err instanceof ApiError && err.code === 'device-revoked' && row?.token) return;
				// 409: the id was revoked (a wiped device makes a new one) or belongs to someone else.
				if (err instanceof ApiError && err.status === 409 && attempt === 0) {
					id = uuidv7();
					continue;
				}
				throw err;
			}
		}
	}

	async #requestPersistence(): Promise<void> {
		try {
			if (this.#deps.persist) {
				this.#persisted = await this.#deps.persist();
				return;
			}
			const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
			if (!storage?.persist) return;
			this.#persisted = (await storage.persisted?.()) || (await storage.persist());
		} catch {
			this.#persisted = false;
		}
	}

	// ---- sync -----------------------------------------------------------------------------------

	/** Push (always possible, no DEK needed) then pull (needs session + unlocked). Never throws. */
	syncNow(): Promise<void> {
		if (this.#syncRun) {
			this.#syncAgain = true;
			return this.#syncRun;
		}
		this.#syncRun = (async () => {
			do {
				this.#syncAgain = false;
				try {
					await this.#syncOnce();
				} catch (err) {
					this.#report('sync', err);
					this.#lastSyncError = 'server';
				}
			} while (this.#syncAgain);
		})().finally(() => {
			this.#syncRun = null;
			this.#syncing = false;
		});
		return this.#syncRun;
	}

	async #syncOnce(): Promise<void> {
		const uk = this.#userKey;
		if (!uk) return;
		const db = this.#db;
		this.#syncing = true;
		const dek = this.#dekOrUndefined(uk);
		const push = await pushOutbox(db, uk, { transport: this.#api.push, dek, heartbeat: true });
		let error: SyncError | null =
			push.error === null
				? null
				: push.error === 'network'
					? 'offline'
					: push.error === 'device-expired'
						? 'device-expired'
						: push.error === 'device-unknown' || push.error === 'no-device'
							? 'unauthenticated'
							: 'server';
		let wipe = push.device?.wipe === true;
		let pulled = false;
		// A merge the server refused is undone on the device before the pull restores what it moved.
		if (push.rejected > 0 || push.conflicts > 0) await undoRefusedMerges(db, uk);
		if (error === null && dek && !wipe) {
			const token = (await withDb(db, (d) => d.devices.get(uk)))?.token;
			if (token) {
				try {
					const pull = await pullChanges(db, dek, uk, (since) => this.#api.pull(token, since));
					wipe = pull.device?.wipe === true;
					pulled = true;
				} catch (err) {
					error = err instanceof NetworkError ? 'offline' : err instanceof ApiError && (err.status === 401 || err.status === 403) ? 'unauthenticated' : 'server';
				}
			}
		}
		if (wipe && this.#userKey === uk) {
			// Hand everything over first (a blocked device's items are held on the server for an admin), then wipe.
			if ((await outboxCounts(db, uk)).queued > 0) await pushOutbox(db, uk, { transport: this.#api.push, dek });
			if ((await outboxCounts(db, uk)).queued === 0) {
				await wipeUser(db, uk, this.#now());
				this.#afterWipe(uk);
				return;
			}
		}
		if (this.#userKey !== uk) return;
		this.#lastSyncError = error;
		if (pulled && error === null) {
			const at = this.#now();
			this.#lastSyncAt = at;
			await setMeta(db, uk, 'lastSyncAt', at);
		}
		this.#invalidate();
		await this.refreshCounts();
	}

	#afterWipe(uk: string): void {
		const last = this.readLastUser();
		if (last) {
			try {
				if (userKeyOf(last.organisationId, last.userId) === uk) this.#writeLastUser(null);
			} catch {
				this.#writeLastUser(null);
			}
		}
		if (this.#userKey === uk) {
			const vault = this.#vault;
			this.#vault = null;
			vault?.lock();
			this.#profile = null;
			this.#userKey = null;
			this.#state = 'none';
			this.#counts = { drafts: 0, queued: 0, rejected: 0, conflicts: 0 };
			this.#lastSyncAt = null;
			this.#invalidate();
		}
		this.#wiped = true;
	}

	/** Re-reads the counts (no DEK needed). */
	async refreshCounts(): Promise<void> {
		const uk = this.#userKey;
		if (!uk) return;
		const db = this.#db;
		const [drafts, outbox, conflicts] = await Promise.all([
			countDrafts(db, uk),
			outboxCounts(db, uk),
			withDb(db, (d) => d.records.where('[userKey+entity]').equals([uk, 'conflict']).count())
		]);
		if (this.#userKey !== uk) return;
		this.#counts = { drafts, queued: outbox.queued, rejected: outbox.rejected + outbox.conflict, conflicts };
	}

	/** On logout: the number of unsent (queued + rejected + conflict) items. They are kept. */
	async unsentCount(): Promise<number> {
		const uk = this.#userKey;
		if (!uk) return 0;
		const c = await outboxCounts(this.#db, uk);
		return c.queued + c.rejected + c.conflict;
	}

	#registerBackgroundSync(): void {
		const register =
			this.#deps.registerSync ??
			(async () => {
				if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
				const registration = await navigator.serviceWorker.getRegistration();
				const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
				await sync?.register(SYNC_TAG);
			});
		register().catch(() => {
			// No Background Sync (Safari, Firefox): the page pushes on start, online and visibility.
		});
	}

	#report(what: string, err: unknown): void {
		// Names only: an error message could carry a value.
		console.warn(`polku: offline ${what} failed`, (err as { name?: unknown } | null)?.name ?? typeof err);
	}

	#invalidate(): void {
		this.#clients = null;
		this.#anonymous = null;
		this.#revision++;
	}

	// ---- drafts ---------------------------------------------------------------------------------

	newEncounterId(): string {
		return uuidv7();
	}

	/** One encrypted put, at once. Throws VaultLockedError when locked. */
	async saveDraft(id: string, value: EncounterDraft): Promise<void> {
		const { uk, dek } = this.#unlocked();
		await putDraft(this.#db, dek, uk, id, value, this.#now());
		await this.refreshCounts();
	}

	async loadDraft(id: string): Promise<EncounterDraft | null> {
		const { uk, dek } = this.#unlocked();
		return getDraft<EncounterDraft>(this.#db, dek, uk, id);
	}

	async listDrafts(): Promise<{ id: string; updatedAt: number; value: EncounterDraft }[]> {
		const { uk, dek } = this.#unlocked();
		return listDraftRows<EncounterDraft>(this.#db, dek, uk);
	}

	async discardDraft(id: string): Promise<void> {
		const { uk } = this.#unlocked();
		await deleteDraft(this.#db, uk, id);
		await this.refreshCounts();
	}

	// ---- submit ---------------------------------------------------------------------------------

	async #sealTarget(uk: string, profile: Profile): Promise<SealTarget> {
		const publicKey: OrganisationPublicKey | undefined = await getMeta(this.#db, uk, 'publicKey');
		if (!publicKey) throw new NoPublicKeyError();
		return { userKey: uk, organisationId: profile.organisationId, publicKey };
	}

	/**
	 * Validates with the shared schemas, seals and queues (an anonymous-contact.create before its
	 * encounter.create), deletes the draft and keeps DEK-encrypted local copies, in one transaction.
	 * Then syncs in the background. Idempotent per draft id on the server: the encounter id is the
	 * draft id, so a double submit becomes a duplicate or a `record-exists` conflict, never two rows.
	 */
	async submitEncounter(id: string, draft: EncounterDraft): Promise<void> {
		const { uk, dek, profile } = this.#unlocked();
		const mutations = buildEncounterMutations(id, draft, profile.unitIds);
		const target = await this.#sealTarget(uk, profile);
		const now = this.#now();
		const rows: OutboxRow[] = [];
		for (const m of mutations) rows.push(await sealMutation(target, m, undefined, now));
		const records: RecordRow[] = [];
		for (let i = 0; i < mutations.length; i++) {
			const m = mutations[i]!;
			const row = rows[i]!;
			records.push(await this.#recordRow(dek, uk, 'mutation', row.mutationId, m, now));
			const local = await this.#localCopy(dek, uk, m, profile, now);
			if (local) records.push(local);
		}
		await withDb(this.#db, (d) =>
			d.transaction('rw', [d.outbox, d.records, d.drafts], async () => {
				await d.outbox.bulkPut(rows);
				await d.records.bulkPut(records);
				const existing = await d.drafts.get(id);
				if (existing?.userKey === uk) await d.drafts.delete(id);
			})
		);
		this.#afterQueue();
	}

	#afterQueue(): void {
		this.#invalidate();
		void this.refreshCounts();
		this.#registerBackgroundSync();
		void this.syncNow();
	}

	async #recordRow(dek: CryptoKey, uk: string, entity: RecordEntity, id: string, data: unknown, now: number): Promise<RecordRow> {
		return { userKey: uk, entity, id, version: 0, updatedAt: now, deletedAt: null, pending: true, box: await recordBox(dek, uk, entity, id, data) };
	}

	/** The DEK-encrypted copy of what a create mutation makes, pending until pulled back. */
	async #localCopy(dek: CryptoKey, uk: string, m: Mutation, profile: Profile, now: number): Promise<RecordRow | null> {
		const entity = ENTITY_OF_KIND[m.kind];
		if (!entity) return null;
		const data = m.kind === 'encounter.create' ? { ...m.data, createdBy: profile.userId } : m.data;
		return this.#recordRow(dek, uk, entity, recordIdOf(m), data, now);
	}

	// ---- cached data ----------------------------------------------------------------------------

	async #decryptAll<T>(uk: string, dek: CryptoKey, entity: RecordEntity): Promise<{ row: RecordRow; data: T }[]> {
		const rows = await withDb(this.#db, (d) => d.records.where('[userKey+entity]').equals([uk, entity]).toArray());
		const out: { row: RecordRow; data: T }[] = [];
		for (const row of rows) {
			try {
				const { data } = await decryptRecord<Stored<T>>(dek, recordAad(uk, `records.${entity}`, row.id), row.box);
				out.push({ row, data });
			} catch (err) {
				this.#report('record decrypt', err);
			}
		}
		return out;
	}

	async #clientList(uk: string, dek: CryptoKey): Promise<ClientData[]> {
		this.#clients ??= (await this.#decryptAll<ClientData>(uk, dek, 'client')).map((r) => r.data);
		return this.#clients;
	}

	async #anonymousList(uk: string, dek: CryptoKey): Promise<AnonymousData[]> {
		this.#anonymous ??= (await this.#decryptAll<AnonymousData>(uk, dek, 'anonymous-contact')).map((r) => r.data);
		return this.#anonymous;
	}

	/** Cached clients by name or nickname, case- and accent-insensitive; at most 50. */
	async searchClients(query: string): Promise<ClientSummary[]> {
		const { uk, dek } = this.#unlocked();
		const list = await this.#clientList(uk, dek);
		return list
			.filter((c) => !mergedHere(c) && matches(query, c.firstName, c.lastName, c.nickname))
			.map((c) => ({ id: c.id, displayName: clientDisplayName(c), nickname: c.nickname, birthYear: c.birthYear }))
			.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fi'))
			.slice(0, 50);
	}

	async searchAnonymousContacts(query: string): Promise<AnonymousContactSummary[]> {
		const { uk, dek } = this.#unlocked();
		const list = await this.#anonymousList(uk, dek);
		return list
			.filter((a) => !mergedHere(a) && matches(query, a.nickname))
			.map((a) => ({ id: a.id, nickname: a.nickname, birthYearEstimate: a.birthYearEstimate }))
			.sort((a, b) => a.nickname.localeCompare(b.nickname, 'fi'))
			.slice(0, 50);
	}

	/** The user's own encounters, newest first, including those not yet pulled back. */
	async listEncounters(): Promise<EncounterView[]> {
		const { uk, dek, profile } = this.#unlocked();
		const [encounters, clients, anonymous, outbox] = await Promise.all([
			this.#decryptAll<EncounterData>(uk, dek, 'encounter'),
			this.#clientList(uk, dek),
			this.#anonymousList(uk, dek),
			withDb(this.#db, (d) => d.outbox.where('userKey').equals(uk).toArray())
		]);
		return toEncounterViews(encounters, clients, anonymous, outbox, profile.userId);
	}

	// ---- client edits (issue 3, point 5) ---------------------------------------------------------

	/** The cached client (decrypted), or null when this device does not hold it. */
	async getClient(id: string): Promise<CachedClient | null> {
		const { uk, dek } = this.#unlocked();
		const row = await withDb(this.#db, (d) => d.records.get([uk, 'client', id]));
		if (!row) return null;
		const data = await this.#readRecord<Partial<CachedClient> & ClientFields>(uk, dek, 'client', id);
		if (!data) return null;
		return {
			...CLIENT_FIELD_DEFAULTS,
			...pickClientFields(data),
			id,
			unitId: data.unitId ?? '',
			firstName: data.firstName ?? null,
			lastName: data.lastName ?? null,
			nickname: data.nickname ?? null,
			birthYear: data.birthYear ?? null,
			gender: data.gender ?? 'unknown',
			municipality: data.municipality ?? 'unknown',
			version: row.version,
			pending: row.pending
		};
	}

	/**
	 * Queues a `client.update` against the cached copy: baseVersion = the cached version, and per
	 * changed field {from: cached value, to: new value}. The local copy shows the new values at once
	 * (pending until pulled back). The server merges field by field; a field someone else changed
	 * meanwhile keeps their value and comes back as a conflict for this user to resolve.
	 * Returns false when nothing changed. Throws SubmitValidationError naming client fields
	 * (firstName, lastName, nickname, birthYear, gender, municipality), ClientNotCachedError.
	 */
	async updateClient(id: string, fields: Partial<ClientFields>): Promise<boolean> {
		const { uk, dek, profile } = this.#unlocked();
		const row = await withDb(this.#db, (d) => d.records.get([uk, 'client', id]));
		const current = await this.#readRecord<Record<string, unknown>>(uk, dek, 'client', id);
		if (!row || !current || row.version < 1) throw new ClientNotCachedError();
		const normalised: Partial<ClientFields> = { ...fields };
		for (const key of ['firstName', 'lastName', 'nickname'] as const) {
			const v = normalised[key];
			if (typeof v === 'string') normalised[key] = v.trim() === '' ? null : v.trim();
		}
		const next = { ...current, ...normalised } as Record<string, unknown>;
		const defaults = CLIENT_FIELD_DEFAULTS as Record<string, unknown>;
		const candidate = Object.fromEntries(CLIENT_MERGE_FIELDS.map((f) => [f, next[f] ?? defaults[f] ?? null]));
		const errors: FieldError[] = [];
		const parsed = ClientFieldsSchema.safeParse(candidate);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const field = String(issue.path[0] ?? '');
				if (!errors.some((e) => e.field === field)) errors.push({ field, code: issue.code, message: issue.message });
			}
		} else if (parsed.data.nickname === null && (parsed.data.firstName === null || parsed.data.lastName === null)) {
			errors.push({ field: 'nickname', code: 'name-required', message: 'Give a first and last name, or a nickname' });
		}
		if (errors.length > 0) throw new SubmitValidationError(errors);
		const changes: Record<string, { from: unknown; to: unknown }> = {};
		for (const field of CLIENT_MERGE_FIELDS) {
			if (!(field in normalised)) continue;
			const from = current[field] ?? defaults[field] ?? null;
			const to = candidate[field];
			if (!sameValue(from, to)) changes[field] = { from, to };
		}
		if (Object.keys(changes).length === 0) return false;
		const mutation: Mutation = { kind: 'client.update', data: { id, baseVersion: row.version, changes: changes as ClientChanges } };
		const target = await this.#sealTarget(uk, profile);
		const now = this.#now();
		const outboxRow = await sealMutation(target, mutation, undefined, now);
		const copy = await this.#recordRow(dek, uk, 'mutation', outboxRow.mutationId, mutation, now);
		const local: RecordRow = {
			...row,
			updatedAt: now,
			pending: true,
			box: await recordBox(dek, uk, 'client', id, { ...current, ...candidate })
		};
		await withDb(this.#db, (d) =>
			d.transaction('rw', d.outbox, d.records, async () => {
				await d.outbox.put(outboxRow);
				await d.records.bulkPut([copy, local]);
			})
		);
		this.#afterQueue();
		return true;
	}

	// ---- primitives of the client record (issue 4; the record manager builds on these) ------------

	/**
	 * Seals `mutations` in order (validated with MutationSchema first), puts them in the outbox with
	 * their DEK-encrypted plaintext copies for quarantine and resend (except kinds in `noCopy`, e.g. a
	 * henkilötunnus that should not rest on the device even encrypted), and applies `writes` to the
	 * cached records (DEK-encrypted; `data: null` removes a copy), all in ONE transaction. Then syncs
	 * in the background. Returns the mutation ids. Throws SubmitValidationError with fields
	 * `data.<path>` for a mutation the schema refuses (callers validate first and name their fields),
	 * NoPublicKeyError, VaultLockedError.
	 */
	async queueMutations(mutations: Mutation[], writes: LocalWrite[] = [], opts: { noCopy?: readonly MutationKind[] } = {}): Promise<string[]> {
		const { uk, dek, profile } = this.#unlocked();
		const target = mutations.length > 0 ? await this.#sealTarget(uk, profile) : null;
		const now = this.#now();
		const rows: OutboxRow[] = [];
		const records: RecordRow[] = [];
		for (const m of mutations) {
			let row: OutboxRow;
			try {
				row = await sealMutation(target!, m, undefined, now);
			} catch (err) {
				if (err instanceof ZodError) throw new SubmitValidationError(fieldErrors(err, null));
				throw err;
			}
			rows.push(row);
			if (!opts.noCopy?.includes(m.kind)) records.push(await this.#recordRow(dek, uk, 'mutation', row.mutationId, m, now));
		}
		const deletes: [string, string, string][] = [];
		const existing = await withDb(this.#db, (d) => d.records.bulkGet(writes.map((w) => [uk, w.entity, w.id] as [string, string, string])));
		for (const [i, w] of writes.entries()) {
			if (w.data === null) {
				deletes.push([uk, w.entity, w.id]);
				continue;
			}
			const row = await this.#recordRow(dek, uk, w.entity, w.id, w.data, now);
			row.version = w.version ?? existing[i]?.version ?? 0;
			row.pending = w.pending ?? true;
			records.push(row);
		}
		await withDb(this.#db, (d) =>
			d.transaction('rw', d.outbox, d.records, async () => {
				if (rows.length > 0) await d.outbox.bulkPut(rows);
				if (deletes.length > 0) await d.records.bulkDelete(deletes);
				if (records.length > 0) await d.records.bulkPut(records);
			})
		);
		if (rows.length > 0) this.#afterQueue();
		else this.#invalidate();
		return rows.map((r) => r.mutationId);
	}

	/** Every cached record of `entity` (pulled and pending local copies), decrypted in memory. */
	async cachedRecords<T>(entity: RecordEntity): Promise<CachedRecord<T>[]> {
		const { uk, dek } = this.#unlocked();
		return (await this.#decryptAll<T>(uk, dek, entity)).map(({ row, data }) => ({
			id: row.id,
			version: row.version,
			pending: row.pending,
			updatedAt: row.updatedAt,
			data
		}));
	}

	/** One cached record, or null when this device does not hold it. */
	async cachedRecord<T>(entity: RecordEntity, id: string): Promise<CachedRecord<T> | null> {
		const { uk, dek } = this.#unlocked();
		const row = await withDb(this.#db, (d) => d.records.get([uk, entity, id]));
		if (!row) return null;
		const data = await this.#readRecord<T>(uk, dek, entity, id);
		if (data === null) return null;
		return { id, version: row.version, pending: row.pending, updatedAt: row.updatedAt, data };
	}

	/** The user's outbox (ids, kinds and states only; never content). */
	async outboxItems(): Promise<Pick<OutboxRow, 'mutationId' | 'kind' | 'recordId' | 'state' | 'createdAt'>[]> {
		const { uk } = this.#unlocked();
		const rows = await withDb(this.#db, (d) => d.outbox.where('userKey').equals(uk).toArray());
		return rows.map(({ mutationId, kind, recordId, state, createdAt }) => ({ mutationId, kind, recordId, state, createdAt }));
	}

	/** Who the unlocked user is and what the organisation set (from the encrypted profile). VaultLockedError. */
	recordContext(): OrgContext {
		return contextOf(this.#unlocked().profile);
	}

	/**
	 * Reactive: the unlocked user's organisation context from the encrypted profile (settings,
	 * local codes, colleagues, units), or null while locked. Kept fresh by `rememberMe`.
	 */
	get orgContext(): OrgContext | null {
		const profile = this.#profile;
		return profile ? contextOf(profile) : null;
	}

	/** The clock of the manager (tests inject it). */
	now(): number {
		return this.#now();
	}

	// ---- quarantine and conflicts ---------------------------------------------------------------

	async listQuarantine(): Promise<QuarantineItem[]> {
		const { uk, dek } = this.#unlocked();
		const rows = (await withDb(this.#db, (d) => d.outbox.where('userKey').equals(uk).toArray())).filter((r) => r.state !== 'queued');
		const items: QuarantineItem[] = [];
		for (const row of rows) {
			items.push({
				mutationId: row.mutationId,
				kind: row.kind,
				recordId: row.recordId,
				state: row.state as 'rejected' | 'conflict',
				reason: row.reason,
				problem: row.problem as Problem | null,
				createdAt: row.createdAt,
				payload: await this.#readRecord<Mutation>(uk, dek, 'mutation', row.mutationId),
				server: await this.#readRecord<SyncChange>(uk, dek, 'quarantine-server', row.mutationId)
			});
		}
		return items;
	}

	async #readRecord<T>(uk: string, dek: CryptoKey, entity: RecordEntity, id: string): Promise<T | null> {
		const row = await withDb(this.#db, (d) => d.records.get([uk, entity, id]));
		if (!row) return null;
		try {
			return (await decryptRecord<Stored<T>>(dek, recordAad(uk, `records.${entity}`, id), row.box)).data;
		} catch {
			return null;
		}
	}

	/**
	 * Seals the item again (or its corrected version) under a NEW mutation id and queues it in place
	 * of the quarantined one. Throws SubmitValidationError for an invalid correction.
	 */
	async resendQuarantined(mutationId: string, corrected?: Mutation): Promise<void> {
		const { uk, dek, profile } = this.#unlocked();
		const old = await withDb(this.#db, (d) => d.outbox.get(mutationId));
		if (!old || old.userKey !== uk || old.state === 'queued') return;
		const mutation = corrected ?? (await this.#readRecord<Mutation>(uk, dek, 'mutation', mutationId));
		if (!mutation) throw new Error('The quarantined item cannot be read on this device.');
		const target = await this.#sealTarget(uk, profile);
		const now = this.#now();
		let row;
		try {
			row = await sealMutation(target, mutation, undefined, now);
		} catch (err) {
			if (err instanceof ZodError) throw new SubmitValidationError(fieldErrors(err, mutation.kind));
			throw err;
		}
		const records = [await this.#recordRow(dek, uk, 'mutation', row.mutationId, mutation, now)];
		const local = await this.#localCopy(dek, uk, mutation, profile, now);
		if (local) records.push(local);
		await withDb(this.#db, (d) =>
			d.transaction('rw', d.outbox, d.records, async () => {
				await d.outbox.delete(mutationId);
				await d.records.bulkDelete([
					[uk, 'mutation', mutationId],
					[uk, 'quarantine-server', mutationId]
				]);
				await d.outbox.put(row);
				await d.records.bulkPut(records);
			})
		);
		this.#afterQueue();
	}

	/** Drops a quarantined item and the local copy it made (if nothing else refers to it). */
	async discardQuarantined(mutationId: string): Promise<void> {
		const { uk } = this.#unlocked();
		await withDb(this.#db, (d) =>
			d.transaction('rw', d.outbox, d.records, d.meta, async () => {
				const row = await d.outbox.get(mutationId);
				if (!row || row.userKey !== uk || row.state === 'queued') return;
				await d.outbox.delete(mutationId);
				await d.records.bulkDelete([
					[uk, 'mutation', mutationId],
					[uk, 'quarantine-server', mutationId]
				]);
				if (await forgetLocalEffect(d, uk, row.kind, row.recordId)) return;
				if (row.kind === 'client.update') {
					// The local copy holds the discarded edit. Forget it and pull from the start, so the
					// server's version comes back (a rare, whole re-pull rather than a wrong record).
					const others = await d.outbox.where('userKey').equals(uk).filter((r) => r.recordId === row.recordId).count();
					if (others === 0) {
						await d.records.delete([uk, 'client', row.recordId]);
						await d.meta.delete([uk, 'cursor']);
					}
					return;
				}
				const entity = ENTITY_OF_KIND[row.kind];
				if (!entity) return;
				const others = await d.outbox.where('userKey').equals(uk).filter((r) => r.recordId === row.recordId).count();
				const local = await d.records.get([uk, entity, row.recordId]);
				if (others === 0 && local?.pending) await d.records.delete([uk, entity, row.recordId]);
			})
		);
		this.#invalidate();
		await this.refreshCounts();
	}

	/** JSON of the decrypted quarantined items, for the worker to save elsewhere. */
	async exportQuarantined(): Promise<Blob> {
		const items = await this.listQuarantine();
		return quarantineExport(items, this.#now());
	}

	/** Open field conflicts of the user's edits. */
	async listConflicts(): Promise<SyncConflict[]> {
		const { uk, dek } = this.#unlocked();
		return (await this.#decryptAll<SyncConflict>(uk, dek, 'conflict'))
			.map((r) => r.data)
			.filter((c) => c.resolvedAt === null)
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	}

	/** Queues conflict.resolve; the conflict leaves the list at once (the server confirms on push). */
	async resolveConflict(id: string, keep: 'server' | 'mine'): Promise<void> {
		const { uk, dek, profile } = this.#unlocked();
		const mutation: Mutation = { kind: 'conflict.resolve', data: { id, keep } };
		const target = await this.#sealTarget(uk, profile);
		const now = this.#now();
		const row = await sealMutation(target, mutation, undefined, now);
		const copy = await this.#recordRow(dek, uk, 'mutation', row.mutationId, mutation, now);
		await withDb(this.#db, (d) =>
			d.transaction('rw', d.outbox, d.records, async () => {
				await d.outbox.put(row);
				await d.records.put(copy);
				await d.records.delete([uk, 'conflict', id]);
			})
		);
		this.#afterQueue();
	}
}

/** Merged into another record on this device (issue 4; pending until the pull removes it). */
function mergedHere(data: object): boolean {
	return (data as { localMergeId?: unknown }).localMergeId !== undefined;
}

function contextOf(profile: Profile): OrgContext {
	return {
		userId: profile.userId,
		displayName: profile.displayName,
		unitIds: profile.unitIds,
		units: profile.units,
		roles: profile.roles,
		settings: profile.settings,
		codeOverrides: profile.codeOverrides,
		colleagues: profile.colleagues
	};
}

function pickClientFields(data: Record<string, unknown>): Partial<ClientFields> {
	return Object.fromEntries(CLIENT_MERGE_FIELDS.filter((f) => data[f] !== undefined).map((f) => [f, data[f]])) as Partial<ClientFields>;
}

function encryptValue(dek: CryptoKey, uk: string, table: string, id: string, value: unknown) {
	return encryptRecord(dek, recordAad(uk, table, id), value);
}

export const offline = new OfflineManager();
