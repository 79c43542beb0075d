/**
 * Types the offline layer hands to the UI (issue 3 contract, "Offline manager"). Owned by web-offline;
 * the UI imports them from here. Wire shapes come from @polku/shared; these are device-side views.
 */
import type { FieldError, Mutation, MutationKind, Problem, SyncChange } from '@polku/shared';

export type VaultState = 'none' | 'locked' | 'unlocked';

/** `device-expired`: the device token needs a sign-in to be renewed; the queue waits on the device. */
export type SyncError = 'offline' | 'unauthenticated' | 'device-expired' | 'server';

export interface OfflineCounts {
	/** Drafts not yet submitted. */
	drafts: number;
	/** Sealed items waiting to be sent. */
	queued: number;
	/** Quarantined items: rejected by the server, or a `mutation-reused` / `record-exists` conflict. */
	rejected: number;
	/** Open field conflicts (a client's field changed on both sides) for the user to resolve. */
	conflicts: number;
}

/** What the encounter form edits; every field may be empty until submit. */
export interface EncounterDraft {
	/** ISO timestamp; a `datetime-local` value ("2025-05-01T14:30", local time) is accepted too. */
	occurredAt: string;
	channel: string | null;
	subject:
		| { kind: 'client'; clientId: string }
		| { kind: 'anonymous-existing'; anonymousContactId: string }
		| { kind: 'anonymous-new'; nickname: string; birthYearEstimate: number | null; gender: string; municipality: string }
		| null;
	topics: string[];
	actions: string[];
	durationMinutes: number | null;
	note: string;
	/** ISO date (YYYY-MM-DD). */
	followUpDate: string | null;
	/** null: the user's only unit is used; with several units the form must choose. */
	unitId: string | null;
}

export interface ClientSummary {
	id: string;
	/** "First Last", or the nickname when there is no full name. */
	displayName: string;
	nickname: string | null;
	birthYear: number | null;
}

export interface AnonymousContactSummary {
	id: string;
	nickname: string;
	birthYearEstimate: number | null;
}

export type OutboxState = 'queued' | 'rejected' | 'conflict';

/** One of the user's own encounters as the device knows it (pulled, or submitted and not yet pulled back). */
export interface EncounterView {
	id: string;
	unitId: string;
	occurredAt: string;
	channel: string;
	subject:
		| { kind: 'client'; clientId: string; displayName: string | null }
		| { kind: 'anonymous'; anonymousContactId: string; nickname: string | null };
	topics: string[];
	actions: string[];
	durationMinutes: number | null;
	note: string;
	followUpDate: string | null;
	/** Submitted on this device and not yet seen back from the server ("odottaa lähetystä"). */
	pending: boolean;
	/** The state of its submission in the outbox, or null when nothing about it is left there. */
	outboxState: OutboxState | null;
}

/** A quarantined outbox item (rejected, or a conflict that changed nothing on the server). */
export interface QuarantineItem {
	mutationId: string;
	kind: MutationKind;
	recordId: string;
	state: 'rejected' | 'conflict';
	/** Conflict reason (`mutation-reused`, `record-exists`), or null for a rejected item. */
	reason: string | null;
	/** The server's problem for a rejected item (`code`, `errors[].field` inside `data.`). */
	problem: Problem | null;
	createdAt: number;
	/** The decrypted local copy of what was sent; null if it could not be read. */
	payload: Mutation | null;
	/** The server's version for a `record-exists` conflict, when the page received it. */
	server: SyncChange | null;
}

/**
 * Submit refused before anything was queued. `field` names a draft field: `occurredAt`, `channel`,
 * `subject`, `subject.nickname`, `subject.birthYearEstimate`, `subject.gender`,
 * `subject.municipality`, `topics`, `actions`, `durationMinutes`, `note`, `followUpDate`, `unitId`.
 */
export class SubmitValidationError extends Error {
	override name = 'SubmitValidationError';
	constructor(readonly errors: FieldError[]) {
		super('The encounter is not complete.');
	}
}

/** The organisation's public key is not on this device yet (sign in online once). */
export class NoPublicKeyError extends Error {
	override name = 'NoPublicKeyError';
	constructor() {
		super('The organisation key is not on this device yet.');
	}
}

/** Summary of one pushOutbox run. */
export interface PushSummary {
	sent: number;
	applied: number;
	duplicate: number;
	rejected: number;
	conflicts: number;
	/** Kept by the server for an admin (the device was blocked); gone from the outbox. */
	held: number;
	device: import('@polku/shared').DeviceStatus | null;
	/** null, or a short code: 'network', 'http-503', 'device-unknown', 'device-expired', 'no-device', 'bad-response'. */
	error: string | null;
}

/**
 * An online-only call (henkilötunnus reveal, attachment upload/download, history) was made without a
 * connection to the server. Nothing was sent or stored; the UI says "needs a connection".
 */
export class OnlineRequiredError extends Error {
	override name = 'OnlineRequiredError';
	readonly code = 'online-required';
	constructor() {
		super('This needs a connection to the server.');
	}
}
