/**
 * The client record as the UI sees it (issue 4 contract). The record manager
 * (`$lib/managers/client-record-manager.svelte.ts`, singleton `records`) implements
 * `ClientRecordApi`; the UI codes against this interface. Everything here is read from the device's
 * DEK-encrypted cache (works offline) unless marked "online".
 *
 * Errors the methods throw (from ./types.ts and the manager): `SubmitValidationError` (field errors
 * named by the field of the input, e.g. `firstName`, `hetu`, `recipient`), `VaultLockedError`,
 * `ClientNotCachedError`, and `OnlineRequiredError` for the online-only calls.
 */
import type {
	Attachment,
	AttachmentKind,
	AnonymousContact,
	ClientFields,
	ClientHistory,
	ClientMerge,
	ClientSensitiveFields,
	Consent,
	ConsentInput,
	EsfEmploymentStatus,
	EsfParticipation,
	EsfParticipationFields,
	FollowUp,
	FollowUpInput,
	HetuReveal,
	IscedBand,
	Memo,
	Service,
	ServiceFields,
	Situation,
	SituationFields
} from '@polku/shared';

export type ClientScopeFilter = 'mine' | 'unit' | 'all';
export type ClientStatusFilter = 'active' | 'ended' | 'all';

export interface ClientFilter {
	/** Names and nickname (prefix per word, case- and accent-insensitive), a 4-digit birth year, or an exact henkilötunnus. */
	query: string;
	/** `mine`: created by me or I am responsible; `unit`: my units' clients; `all`: everything cached. */
	scope: ClientScopeFilter;
	/** `ended`: the relationship has an end date on or before today. */
	status: ClientStatusFilter;
}

export interface ClientListItem {
	id: string;
	unitId: string;
	displayName: string;
	nickname: string | null;
	birthYear: number | null;
	status: 'active' | 'ended';
	mine: boolean;
	/** Local changes not yet confirmed by the server. */
	pending: boolean;
	/** HETU_MASK when the client has a henkilötunnus, else null: nothing of the code itself. */
	hetuMasked: string | null;
	/** The query matched the henkilötunnus exactly (the list says so, never shows it). */
	matchedHetu: boolean;
}

export interface ClientRecordView {
	client: ClientFields & {
		id: string;
		unitId: string;
		hetuMasked: string | null;
		version: number;
		pending: boolean;
		createdAt: string;
		updatedAt: string;
	};
	/** null when the user's roles do not reach the special categories (the UI hides that section). */
	sensitive: (ClientSensitiveFields & { version: number; pending: boolean }) | null;
	/**
	 * May the user see/edit the special categories, and may a henkilötunnus be recorded here;
	 * `responsible`: may they change who is responsible for the client (shared client-workers.ts).
	 */
	can: { update: boolean; sensitive: boolean; hetu: boolean; merge: boolean; responsible: boolean };
	situations: (Situation & { pending: boolean })[];
	services: (Service & { pending: boolean })[];
	consents: (Consent & { pending: boolean })[];
	memos: (Memo & { pending: boolean })[];
	followUps: (FollowUp & { pending: boolean })[];
	attachments: Attachment[];
	/**
	 * ESF participations, newest start first. `participantNumber` is null until the server has given
	 * it; `disadvantages` and `disadvantageDeclined` are null when withheld (special categories).
	 */
	esf: EsfParticipationView[];
	/** What a new ESF participation starts from: the client's education and first start situation. */
	esfPrefill: { employmentStatusAtStart: EsfEmploymentStatus; educationAtStart: IscedBand };
	/** Merges into this client, newest first; `undoable` while within 30 days and not undone. */
	merges: (ClientMerge & { undoable: boolean })[];
	/** Follow-ups due (6/12/24 months after the end) while a follow-up consent is in force. */
	followUpsDue: { monthsAfter: 6 | 12 | 24; dueOn: string }[];
}

export type EsfParticipationView = Omit<EsfParticipation, 'participantNumber'> & { participantNumber: number | null; pending: boolean };

export type NewClient = Partial<ClientFields> & {
	unitId: string;
	/** Optional henkilötunnus, queued as `client.set-hetu` right after `client.create`. */
	hetu?: string | null;
};

export type TimelineKind =
	| 'relationship-start'
	| 'relationship-end'
	| 'encounter'
	| 'situation'
	| 'service-start'
	| 'service-end'
	| 'consent'
	| 'consent-withdrawn'
	| 'memo'
	| 'follow-up'
	| 'attachment'
	| 'merge';

export interface TimelineItem {
	/** Sort key: ISO date or timestamp. Items are returned in time order, oldest first. */
	at: string;
	kind: TimelineKind;
	/** The id of the record the item comes from. */
	id: string;
	/** Code-list codes or short values the UI labels (e.g. channel, service type, consent purpose). */
	detail: Record<string, string | number | null>;
	pending: boolean;
}

export interface ClientRecordApi {
	/**
	 * Names, nickname and birth year among the cached clients; an exact henkilötunnus online only
	 * (POST /api/clients/search-by-hetu, audited): OnlineRequiredError without a connection.
	 */
	find(filter: ClientFilter): Promise<ClientListItem[]>;
	/** Reads the record and queues a `client.viewed` (at most one per client per 10 minutes). */
	get(id: string): Promise<ClientRecordView | null>;
	/** Validates with ClientInputSchema and the organisation's minimum data set; returns the new id. */
	create(input: NewClient): Promise<string>;
	update(id: string, fields: Partial<ClientFields>): Promise<boolean>;
	updateSensitive(id: string, fields: Partial<ClientSensitiveFields>): Promise<boolean>;
	/** Validates with parseHetu (field `hetu`) and the unit kind; queues `client.set-hetu`. */
	setHetu(id: string, hetu: string | null): Promise<void>;
	/** Online: POST /api/clients/:id/hetu/reveal (audited). */
	revealHetu(id: string): Promise<HetuReveal>;
	addSituation(clientId: string, fields: SituationFields): Promise<string>;
	updateSituation(id: string, fields: Partial<SituationFields>): Promise<boolean>;
	addService(clientId: string, fields: ServiceFields): Promise<string>;
	updateService(id: string, fields: Partial<ServiceFields>): Promise<boolean>;
	/**
	 * One participation per client per project (`projectCode` `esf-duplicate` otherwise); disadvantages
	 * need the client's special categories (`disadvantages` `forbidden` otherwise).
	 */
	addEsfParticipation(clientId: string, fields: EsfParticipationFields): Promise<string>;
	updateEsfParticipation(id: string, fields: Partial<EsfParticipationFields>): Promise<boolean>;
	addConsent(clientId: string, input: Omit<ConsentInput, 'id' | 'clientId'>): Promise<string>;
	withdrawConsent(id: string, effectiveAt: string): Promise<void>;
	addMemo(clientId: string, input: { date: string; text: string }): Promise<string>;
	addFollowUp(clientId: string, input: Omit<FollowUpInput, 'id' | 'clientId'>): Promise<string>;
	/** Online: streams the file to POST /api/clients/:id/attachments. */
	uploadAttachment(clientId: string, file: Blob, kind: AttachmentKind, label: string | null): Promise<Attachment>;
	/** Online: the file as a Blob (GET /api/attachments/:id, audited, never cached). */
	fetchAttachment(id: string): Promise<Blob>;
	/** Merges `source` into `targetId` on the device at once (pending) and queues `client.merge`. */
	merge(targetId: string, source: { entity: 'client' | 'anonymous-contact'; id: string }): Promise<string>;
	unmerge(mergeId: string): Promise<void>;
	timeline(clientId: string): Promise<TimelineItem[]>;
	/** Online: GET /api/clients/:id/history. */
	history(clientId: string): Promise<ClientHistory>;
	/** Anonymous contacts the user can merge (cached), for the merge picker. */
	anonymousContacts(query: string): Promise<Pick<AnonymousContact, 'id' | 'nickname' | 'birthYearEstimate'>[]>;
}
