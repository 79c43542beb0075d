/**
 * Who is signed in, as far as this tab knows. The truth is the server's (GET /api/me); the cookie
 * is HttpOnly and never read here.
 *
 * Storage rule (DESIGN.md): nothing personal is kept on the device in plain text. Only the roles
 * are remembered (localStorage `polku-roles`), so that the offline shell can still show the right
 * navigation; names, username and organisation details live in memory only, and in the user's
 * DEK-encrypted device profile (`offline.rememberMe`), which is what the app reads after an
 * offline reload and unlock (`$lib/managers/org-context`).
 */
import { RoleSchema, type Login, type Me, type Role } from '@polku/shared';
import { api, ApiError, NetworkError } from '$lib/api/client';
import { offline } from '$lib/managers/offline-manager.svelte';

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out' | 'unreachable';
/** Why the user landed on the login page, if it was not their own choice. */
export type SignedOutReason = 'ended' | null;

const ROLES_KEY = 'polku-roles';

function readCachedRoles(): Role[] {
	try {
		const raw: unknown = JSON.parse(localStorage.getItem(ROLES_KEY) ?? '[]');
		const parsed = RoleSchema.array().safeParse(raw);
		return parsed.success ? parsed.data : [];
	} catch {
		return [];
	}
}

function writeCachedRoles(roles: readonly Role[] | null) {
	try {
		if (roles === null) localStorage.removeItem(ROLES_KEY);
		else localStorage.setItem(ROLES_KEY, JSON.stringify(roles));
	} catch {
		// Storage may be unavailable (private mode, quota): the offline shell then shows less.
	}
}

export class SessionManager {
	#me = $state<Me | null>(null);
	#status = $state<SessionStatus>('unknown');
	#reason = $state<SignedOutReason>(null);
	#cachedRoles = $state<Role[]>([]);
	#refreshing: Promise<SessionStatus> | null = null;

	constructor() {
		api.setUnauthenticatedHandler(() => this.#ended());
	}

	get me(): Me | null {
		return this.#me;
	}
	get status(): SessionStatus {
		return this.#status;
	}
	get reason(): SignedOutReason {
		return this.#reason;
	}
	/** The roles the UI shows and hides by: the server's, or the remembered ones while unreachable. */
	get roles(): readonly Role[] {
		if (this.#me) return this.#me.user.roles;
		return this.#status === 'unreachable' ? this.#cachedRoles : [];
	}

	/** Asks the server who is signed in. Concurrent calls share one request. */
	refresh(): Promise<SessionStatus> {
		this.#refreshing ??= this.#load().finally(() => {
			this.#refreshing = null;
		});
		return this.#refreshing;
	}

	async #load(): Promise<SessionStatus> {
		try {
			this.#signedIn(await api.me());
		} catch (error) {
			if (error instanceof NetworkError) {
				// Keep whoever was signed in during this visit; otherwise show the offline shell.
				if (this.#status !== 'signed-in') {
					this.#cachedRoles = readCachedRoles();
					this.#status = 'unreachable';
				}
			} else if (error instanceof ApiError && error.code === 'unauthenticated') {
				// #ended() already ran through the client's handler.
			} else {
				throw error;
			}
		}
		return this.#status;
	}

	/**
	 * Throws ApiError (invalid-credentials, too-many-attempts, …) or NetworkError. `prepare` runs
	 * after the server accepted the login and before this tab counts as signed in (and so before
	 * the layout leaves the login page): the device vault is opened there.
	 */
	async login(input: Login, prepare?: (me: Me) => Promise<void>): Promise<Me> {
		const me = await api.login(input);
		if (prepare) await prepare(me);
		this.#signedIn(me);
		return me;
	}

	/** Ends the session on the server, then here. Throws NetworkError when offline. */
	async logout(): Promise<void> {
		try {
			await api.logout();
		} catch (error) {
			if (!(error instanceof ApiError && error.code === 'unauthenticated')) throw error;
		}
		this.#signedOut(null);
	}

	#signedIn(me: Me) {
		this.#me = me;
		this.#reason = null;
		this.#status = 'signed-in';
		writeCachedRoles(me.user.roles);
		// The record settings, local codes and colleagues go into the encrypted profile for offline use.
		void offline.rememberMe(me);
	}

	#ended() {
		// Only a session this tab believed in can "end"; an anonymous visitor is simply signed out.
		this.#signedOut(this.#status === 'signed-in' ? 'ended' : null);
	}

	#signedOut(reason: SignedOutReason) {
		this.#me = null;
		this.#reason = reason;
		this.#status = 'signed-out';
		writeCachedRoles(null);
	}
}

export const session = new SessionManager();
