/**
 * Self-assessment mode (issue 5 point 5): singleton `kiosk`, implementing KioskApi
 * (../offline/workshop-types.ts). The coach hands the tablet to the young person; the app shows only
 * `/self-assessment` until the coach ends the mode with their password.
 *
 * Invariants:
 * - The state survives a reload: localStorage `polku-kiosk:<organisationId>:<userId>` (the user's
 *   namespace, ids only) holds `{ periodId, instrumentId, startedAt, submittedId }`: ids and a
 *   timestamp, never a name or an answer. The answers travel as a sealed `assessment.create` (mode
 *   `self`) with a DEK-encrypted local copy, like every record.
 * - `unlock(password)` checks the password against the user's vault (the same PBKDF2 + AES-GCM check
 *   as unlocking the app) and never locks or unlocks the app itself.
 * - `active` is reactive: it follows the offline manager's user and this manager's writes.
 * - `answers` (the questionnaire so far) live in memory only, for the session that is on: a language
 *   switch or the lock screen does not lose them; a reload, a new session or another user starts empty.
 */
import { instrumentById, type CoachingPeriod } from '@polku/shared';
import { isoAt } from '$lib/offline/client-record';
import { SubmitValidationError } from '$lib/offline/types';
import { helsinkiToday } from '$lib/offline/workshop';
import type { KioskApi } from '$lib/offline/workshop-types';
import { offline as defaultOffline, type OfflineManager } from './offline-manager.svelte';
import { workshop as defaultWorkshop, type WorkshopManager } from './workshop-manager.svelte';

export const KIOSK_KEY_PREFIX = 'polku-kiosk:';

interface KioskState {
	periodId: string;
	instrumentId: string;
	startedAt: string;
	/** The id of the submitted self-assessment (the thank-you screen), or null while answering. */
	submittedId: string | null;
}

export interface KioskDeps {
	offline?: OfflineManager;
	workshop?: Pick<WorkshopManager, 'addAssessment'>;
	/** localStorage, or null where there is none. */
	storage?: Storage | null;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

function parseState(raw: string | null): KioskState | null {
	if (!raw) return null;
	try {
		const v = JSON.parse(raw) as Partial<KioskState>;
		if (typeof v.periodId !== 'string' || !ID.test(v.periodId)) return null;
		if (typeof v.instrumentId !== 'string' || !ID.test(v.instrumentId)) return null;
		if (typeof v.startedAt !== 'string') return null;
		const submittedId = typeof v.submittedId === 'string' && ID.test(v.submittedId) ? v.submittedId : null;
		return { periodId: v.periodId, instrumentId: v.instrumentId, startedAt: v.startedAt, submittedId };
	} catch {
		return null;
	}
}

export class KioskManager implements KioskApi {
	readonly #deps: KioskDeps;
	/** Bumped on every write, so getters reading localStorage re-run in effects and templates. */
	#revision = $state(0);
	/**
	 * The answers given so far, in memory only (never stored), for one session of one user: they
	 * outlive the page (a language switch re-renders it, the lock screen replaces it) but not a reload.
	 */
	#draft = $state.raw<{ key: string; answers: Record<string, number | null> } | null>(null);

	constructor(deps: KioskDeps = {}) {
		this.#deps = deps;
	}

	get #offline(): OfflineManager {
		return this.#deps.offline ?? defaultOffline;
	}
	get #storage(): Storage | null {
		if (this.#deps.storage !== undefined) return this.#deps.storage;
		try {
			return typeof localStorage === 'undefined' ? null : localStorage;
		} catch {
			return null;
		}
	}
	/** The storage key of the current user (the offline manager's user key: ids only), or null. */
	#key(): string | null {
		const uk = this.#offline.userKey;
		return uk ? `${KIOSK_KEY_PREFIX}${uk}` : null;
	}

	#read(): KioskState | null {
		void this.#revision;
		const key = this.#key();
		if (!key) return null;
		try {
			return parseState(this.#storage?.getItem(key) ?? null);
		} catch {
			return null;
		}
	}

	#write(state: KioskState | null): void {
		const key = this.#key();
		if (!key) throw new SubmitValidationError([{ field: 'periodId', code: 'no-user', message: 'Nobody is signed in on this device' }]);
		const storage = this.#storage;
		if (state) storage?.setItem(key, JSON.stringify(state));
		else storage?.removeItem(key);
		this.#revision++;
	}

	/** The mode is on for this device's user (also while the app is locked: the lock screen comes first). */
	get active(): boolean {
		return this.#read() !== null;
	}

	get session(): { periodId: string; instrumentId: string; startedAt: string } | null {
		const s = this.#read();
		return s ? { periodId: s.periodId, instrumentId: s.instrumentId, startedAt: s.startedAt } : null;
	}

	/** The session's draft key: the user's and the session's start, so no answer reaches another. */
	#draftKey(): string | null {
		const state = this.#read();
		const key = this.#key();
		return state && key ? `${key}:${state.startedAt}` : null;
	}

	/** The answers so far of the session on; `{}` when off, or when the session is not the draft's. */
	get answers(): Record<string, number | null> {
		const key = this.#draftKey();
		return key !== null && this.#draft?.key === key ? this.#draft.answers : {};
	}
	set answers(answers: Record<string, number | null>) {
		const key = this.#draftKey();
		this.#draft = key === null ? null : { key, answers };
	}

	/** The answers were saved: the page shows the thank-you screen until the coach unlocks. */
	get submitted(): boolean {
		return (this.#read()?.submittedId ?? null) !== null;
	}

	/**
	 * Turns the mode on for a cached period (VaultLockedError when locked). SubmitValidationError:
	 * `periodId` (unknown-reference: not on this device), `instrumentId` (unknown-instrument).
	 */
	async start(periodId: string, instrumentId: string): Promise<void> {
		const period = await this.#offline.cachedRecord<Pick<CoachingPeriod, 'deletedAt'>>('coaching-period', periodId);
		if (!period || period.data.deletedAt !== null) {
			throw new SubmitValidationError([{ field: 'periodId', code: 'unknown-reference', message: 'The period is not on this device' }]);
		}
		if (!instrumentById(instrumentId)) {
			throw new SubmitValidationError([{ field: 'instrumentId', code: 'unknown-instrument', message: 'Unknown questionnaire' }]);
		}
		this.#draft = null;
		this.#write({ periodId, instrumentId, startedAt: isoAt(this.#offline.now()), submittedId: null });
	}

	/**
	 * Queues the answers as a `self` assessment of today (Helsinki) with the instrument's version and
	 * keeps the mode on (thank-you screen). Errors as `workshop.addAssessment` (`answers` empty …);
	 * SubmitValidationError `periodId` `not-active` when the mode is off.
	 */
	async submit(answers: Record<string, number | null>): Promise<string> {
		const state = this.#read();
		if (!state) throw new SubmitValidationError([{ field: 'periodId', code: 'not-active', message: 'Self-assessment mode is not on' }]);
		if (state.submittedId) return state.submittedId;
		const instrument = instrumentById(state.instrumentId);
		if (!instrument) throw new SubmitValidationError([{ field: 'instrumentId', code: 'unknown-instrument', message: 'Unknown questionnaire' }]);
		const id = await (this.#deps.workshop ?? defaultWorkshop).addAssessment(state.periodId, {
			instrumentId: instrument.id,
			instrumentVersion: instrument.version,
			mode: 'self',
			date: helsinkiToday(this.#offline.now()),
			answers
		});
		this.#write({ ...state, submittedId: id });
		this.#draft = null;
		return id;
	}

	/** Ends the mode when `password` opens the user's vault; false (mode kept) when it does not. */
	async unlock(password: string): Promise<boolean> {
		if (!this.#read()) return true;
		if (!(await this.#offline.verifyPassword(password))) return false;
		this.#draft = null;
		this.#write(null);
		return true;
	}
}

export const kiosk = new KioskManager();
