/**
 * The parts of a client record that are records of their own (issue 4), each synced like encounters:
 * written on a device as sealed mutations (./sync.ts), pulled back DEK-encrypted, scoped by the
 * client they belong to (whoever may read the client may read these, except `client-sensitive`).
 *
 * - `client-sensitive`: special categories (health, substance use; GDPR art. 9). Encrypted at rest,
 *   pulled and written only by roles the matrix grants `client-sensitive` (shared/permissions.ts).
 *   Its id is the client's id; field-merged like the client.
 * - `situation`: the client's situation at start and at each dated later check (field-merged).
 * - `service`: services and methods (toimenpiteet) with status (field-merged).
 * - `consent`: the consent ledger. Immutable once recorded; a withdrawal is recorded with its
 *   effective time and stops what depended on it (follow-ups, disclosure).
 * - `memo`: memos agreed with the client. Immutable; text encrypted at rest.
 * - `follow-up`: placement 6, 12 or 24 months after the end, only with a follow-up consent in force.
 * - `attachment`: metadata only; the file is uploaded and read over HTTP (never synced, never cached
 *   by the service worker) and stored encrypted on the server.
 * - `client-merge`: a merge of a pseudonymous contact or a duplicate client into a client; undoable
 *   for `MERGE_UNDO_DAYS`.
 */
import { z } from 'zod';
import {
	ARRIVAL_BASES,
	AttachmentKindSchema,
	ConsentMethodSchema,
	ConsentPurposeSchema,
	FOLLOW_UP_MONTHS,
	HOUSING_TYPES,
	MAIN_ACTIVITIES,
	MarketingChannelSchema,
	MEANS_OF_LIVING,
	PLACEMENTS,
	SERVICE_TYPES,
	ServiceStatusSchema
} from '../codes/client-codes';
import { codeOrLocal } from '../codes/local-codes';
import { RoleSchema, UnitKindSchema } from '../roles';
import { changesSchema, ClientSchema, RequirableClientFieldSchema, updateSchema } from './client';
import { IdSchema, TimestampSchema } from './common';
import { IsoDateSchema, SyncedMetaSchema } from './encounter';

const text = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------------------------------------------
// Special categories

export const SENSITIVE_TEXT_MAX = 4000;
export const ClientSensitiveFieldsSchema = z.strictObject({
	health: text(SENSITIVE_TEXT_MAX).nullable(),
	substanceUse: text(SENSITIVE_TEXT_MAX).nullable()
});
export type ClientSensitiveFields = z.infer<typeof ClientSensitiveFieldsSchema>;
/** `id` is the client's id; `baseVersion` 0 when the device has not seen the record (it starts empty). */
export const ClientSensitiveUpdateSchema = updateSchema(changesSchema(ClientSensitiveFieldsSchema.shape));
export type ClientSensitiveUpdate = z.infer<typeof ClientSensitiveUpdateSchema>;
export const ClientSensitiveSchema = z.object({
	id: IdSchema,
	unitId: IdSchema,
	...ClientSensitiveFieldsSchema.shape,
	...SyncedMetaSchema.shape
});
export type ClientSensitive = z.infer<typeof ClientSensitiveSchema>;

// ---------------------------------------------------------------------------------------------------
// Henkilötunnus and reads

/**
 * Sets or clears the henkilötunnus. Checked on the server: the client's unit kind must be one the
 * organisation allows (`settings.hetuUnitKinds`), the code valid (../hetu.ts, temporary 900–999
 * accepted and flagged), and no other client may hold it (blind index).
 */
export const ClientSetHetuSchema = z.strictObject({
	clientId: IdSchema,
	hetu: z.string().trim().max(20).nullable()
});
export type ClientSetHetu = z.infer<typeof ClientSetHetuSchema>;

/** A device opened a client's record (online or offline): the server writes the read's audit row. */
export const ClientViewedSchema = z.strictObject({
	clientId: IdSchema,
	viewedAt: TimestampSchema
});
export type ClientViewed = z.infer<typeof ClientViewedSchema>;

/** `POST /api/clients/:id/hetu/reveal` answers this (audited; `Cache-Control: no-store`). */
export const HetuRevealSchema = z.object({ hetu: z.string(), temporary: z.boolean() });
export type HetuReveal = z.infer<typeof HetuRevealSchema>;

/**
 * `POST /api/clients/search-by-hetu`: exact search by henkilötunnus, online only. The code travels in
 * the JSON body (never in the address) and the server matches it against its blind index; the device
 * holds nothing that could do the same.
 */
export const ClientHetuSearchSchema = z.strictObject({ hetu: z.string().trim().min(1).max(20) });
export type ClientHetuSearch = z.infer<typeof ClientHetuSearchSchema>;

/** The clients with that code that the caller may read (in practice one or none). */
export const ClientHetuSearchResultSchema = z.object({ clients: z.array(ClientSchema) });
export type ClientHetuSearchResult = z.infer<typeof ClientHetuSearchResultSchema>;

// ---------------------------------------------------------------------------------------------------
// Situation

export const SITUATION_PHASES = ['start', 'check', 'end'] as const;
export const SituationFieldsSchema = z.strictObject({
	date: IsoDateSchema,
	phase: z.enum(SITUATION_PHASES),
	mainActivity: codeOrLocal(MAIN_ACTIVITIES).nullable(),
	meansOfLiving: codeOrLocal(MEANS_OF_LIVING).nullable(),
	housing: codeOrLocal(HOUSING_TYPES).nullable(),
	/** Integration clients only (unit kind `integration`); null elsewhere. */
	arrivalBasis: codeOrLocal(ARRIVAL_BASES).nullable()
});
export type SituationFields = z.infer<typeof SituationFieldsSchema>;
export const SituationInputSchema = z.strictObject({ id: IdSchema, clientId: IdSchema, ...SituationFieldsSchema.shape });
export type SituationInput = z.infer<typeof SituationInputSchema>;
export const SituationUpdateSchema = updateSchema(changesSchema(SituationFieldsSchema.shape));
export type SituationUpdate = z.infer<typeof SituationUpdateSchema>;
export const SituationSchema = z.object({ ...SituationInputSchema.shape, unitId: IdSchema, ...SyncedMetaSchema.shape });
export type Situation = z.infer<typeof SituationSchema>;

// ---------------------------------------------------------------------------------------------------
// Services and methods (toimenpiteet)

export const ServiceFieldsSchema = z.strictObject({
	type: codeOrLocal(SERVICE_TYPES),
	status: ServiceStatusSchema,
	startDate: IsoDateSchema,
	endDate: IsoDateSchema.nullable()
});
export type ServiceFields = z.infer<typeof ServiceFieldsSchema>;
/** The service's dates are in order (checked on input and by the server after a merge). */
export const serviceDatesValid = (v: Pick<ServiceFields, 'startDate' | 'endDate'>): boolean => v.endDate === null || v.endDate >= v.startDate;
export const ServiceInputSchema = z
	.strictObject({ id: IdSchema, clientId: IdSchema, ...ServiceFieldsSchema.shape })
	.refine(serviceDatesValid, { path: ['endDate'], message: 'The end date is before the start date', params: { code: 'before-start' } });
export type ServiceInput = z.infer<typeof ServiceInputSchema>;
/** The server checks the dates again after the merge. */
export const ServiceUpdateSchema = updateSchema(changesSchema(ServiceFieldsSchema.shape));
export type ServiceUpdate = z.infer<typeof ServiceUpdateSchema>;
export const ServiceSchema = z.object({ id: IdSchema, clientId: IdSchema, ...ServiceFieldsSchema.shape, unitId: IdSchema, ...SyncedMetaSchema.shape });
export type Service = z.infer<typeof ServiceSchema>;

// ---------------------------------------------------------------------------------------------------
// Consent ledger

export const ConsentInputSchema = z
	.strictObject({
		id: IdSchema,
		clientId: IdSchema,
		purpose: ConsentPurposeSchema,
		/** The named party data may be disclosed to (required for `disclosure`, else null). */
		recipient: text(200).nullable(),
		/** The channel of a marketing consent (required for `marketing`, else null). */
		channel: MarketingChannelSchema.nullable(),
		/** The version of the consent text the client agreed to, e.g. "2026-1". */
		textVersion: text(40),
		method: ConsentMethodSchema,
		/** The photo of the signed form, when `method` is `photo` (an attachment of this client). */
		attachmentId: IdSchema.nullable(),
		givenAt: TimestampSchema
	})
	.superRefine((v, ctx) => {
		const issue = (path: string, code: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [path], message, params: { code } });
		if (v.purpose === 'disclosure' && v.recipient === null) issue('recipient', 'required', 'Name the party data may be disclosed to');
		if (v.purpose !== 'disclosure' && v.recipient !== null) issue('recipient', 'not-allowed', 'Only a disclosure names a recipient');
		if (v.purpose === 'marketing' && v.channel === null) issue('channel', 'required', 'Choose the channel');
		if (v.purpose !== 'marketing' && v.channel !== null) issue('channel', 'not-allowed', 'Only a marketing consent has a channel');
		if (v.method === 'photo' && v.attachmentId === null) issue('attachmentId', 'required', 'Attach the photo of the signed form');
	});
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

export const ConsentWithdrawSchema = z.strictObject({
	id: IdSchema,
	/** When the withdrawal takes effect (it may be recorded later than it was said). */
	effectiveAt: TimestampSchema
});
export type ConsentWithdraw = z.infer<typeof ConsentWithdrawSchema>;

export const ConsentSchema = z.object({
	...z.object(ConsentInputSchema.shape).shape,
	unitId: IdSchema,
	withdrawnAt: TimestampSchema.nullable(),
	withdrawnBy: IdSchema.nullable(),
	withdrawalRecordedAt: TimestampSchema.nullable(),
	...SyncedMetaSchema.shape
});
export type Consent = z.infer<typeof ConsentSchema>;

/** A consent is in force at `at` when given by then and not withdrawn by then. */
export function consentInForce(c: Pick<Consent, 'givenAt' | 'withdrawnAt'>, at: string): boolean {
	return c.givenAt <= at && (c.withdrawnAt === null || c.withdrawnAt > at);
}

// ---------------------------------------------------------------------------------------------------
// Memos and follow-ups

export const MEMO_TEXT_MAX = 4000;
export const MemoInputSchema = z.strictObject({
	id: IdSchema,
	clientId: IdSchema,
	date: IsoDateSchema,
	/** Encrypted at rest on the server. */
	text: text(MEMO_TEXT_MAX)
});
export type MemoInput = z.infer<typeof MemoInputSchema>;
export const MemoSchema = z.object({ ...MemoInputSchema.shape, unitId: IdSchema, ...SyncedMetaSchema.shape });
export type Memo = z.infer<typeof MemoSchema>;

export const FollowUpInputSchema = z.strictObject({
	id: IdSchema,
	clientId: IdSchema,
	monthsAfter: z.union([z.literal(FOLLOW_UP_MONTHS[0]), z.literal(FOLLOW_UP_MONTHS[1]), z.literal(FOLLOW_UP_MONTHS[2])]),
	checkedOn: IsoDateSchema,
	placement: codeOrLocal(PLACEMENTS)
});
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;
export const FollowUpSchema = z.object({ ...FollowUpInputSchema.shape, unitId: IdSchema, ...SyncedMetaSchema.shape });
export type FollowUp = z.infer<typeof FollowUpSchema>;

// ---------------------------------------------------------------------------------------------------
// Attachments

export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const AttachmentContentTypeSchema = z.enum(ATTACHMENT_CONTENT_TYPES);
export type AttachmentContentType = z.infer<typeof AttachmentContentTypeSchema>;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Upload: `POST /api/clients/:id/attachments` with the file as the raw body (`Content-Type` one of
 * `ATTACHMENT_CONTENT_TYPES`, checked against the file's magic bytes), streamed and encrypted to disk.
 * Metadata in headers: `X-Attachment-Id` (client-made UUID, makes a retried upload idempotent),
 * `X-Attachment-Kind`, and optionally `X-Attachment-Label` (URI-encoded; encrypted at rest).
 * Download: `GET /api/attachments/:id` (audited, `Cache-Control: no-store`). Delete: tombstone.
 */
export const AttachmentUploadHeadersSchema = z.object({
	'x-attachment-id': IdSchema,
	'x-attachment-kind': AttachmentKindSchema,
	'x-attachment-label': z.string().max(600).optional()
});
export const ATTACHMENT_LABEL_MAX = 200;

export const AttachmentSchema = z.object({
	id: IdSchema,
	clientId: IdSchema,
	unitId: IdSchema,
	kind: AttachmentKindSchema,
	contentType: AttachmentContentTypeSchema,
	size: z.number().int().nonnegative(),
	label: z.string().nullable(),
	...SyncedMetaSchema.shape
});
export type Attachment = z.infer<typeof AttachmentSchema>;

// ---------------------------------------------------------------------------------------------------
// Merge

export const MERGE_UNDO_DAYS = 30;

/**
 * Merge `source` into the client `targetId`: the source's encounters (and, for a client, every record
 * of it) move to the target, empty fields of the target are filled from the source, and the source
 * becomes a tombstone. `id` is the merge's id (client-made), the handle of its undo.
 */
export const ClientMergeInputSchema = z
	.strictObject({
		id: IdSchema,
		targetId: IdSchema,
		source: z.strictObject({ entity: z.enum(['client', 'anonymous-contact']), id: IdSchema })
	})
	.refine((v) => v.source.id !== v.targetId, { path: ['source', 'id'], message: 'A record cannot merge into itself', params: { code: 'same-record' } });
export type ClientMergeInput = z.infer<typeof ClientMergeInputSchema>;

/** Undo a merge within `MERGE_UNDO_DAYS` (server time). */
export const ClientUnmergeSchema = z.strictObject({ id: IdSchema });
export type ClientUnmerge = z.infer<typeof ClientUnmergeSchema>;

export const ClientMergeSchema = z.object({
	id: IdSchema,
	targetId: IdSchema,
	sourceEntity: z.enum(['client', 'anonymous-contact']),
	sourceId: IdSchema,
	/** What the merge moved: ids per entity (`encounter`, `service`, …). */
	moved: z.record(z.string(), z.array(IdSchema)),
	/** Target fields the merge filled from the source. */
	filledFields: z.array(z.string()),
	undoUntil: TimestampSchema,
	undoneAt: TimestampSchema.nullable(),
	undoneBy: IdSchema.nullable(),
	unitId: IdSchema,
	...SyncedMetaSchema.shape
});
export type ClientMerge = z.infer<typeof ClientMergeSchema>;

// ---------------------------------------------------------------------------------------------------
// History (GET /api/clients/:id/history)

export const FieldHistoryEntrySchema = z.object({
	at: TimestampSchema,
	actorId: IdSchema,
	actorName: z.string(),
	/** `client`, `client-sensitive`, `situation`, `service`, `consent`, `hetu`, `merge`. */
	entity: z.string(),
	entityId: IdSchema,
	field: z.string(),
	from: z.unknown(),
	to: z.unknown(),
	/** The values are withheld (henkilötunnus always; special categories from roles without the grant). */
	hidden: z.boolean()
});
export type FieldHistoryEntry = z.infer<typeof FieldHistoryEntrySchema>;

/** "Who has seen my data": every read of the client's record, newest first. */
export const ClientReadEntrySchema = z.object({
	at: TimestampSchema,
	actorId: IdSchema.nullable(),
	actorName: z.string(),
	/** The audit action, e.g. `client.read`, `client.hetu-reveal`, `attachment.read`. */
	action: z.string()
});
export type ClientReadEntry = z.infer<typeof ClientReadEntrySchema>;

export const ClientHistorySchema = z.object({
	changes: z.array(FieldHistoryEntrySchema),
	reads: z.array(ClientReadEntrySchema)
});
export type ClientHistory = z.infer<typeof ClientHistorySchema>;

// ---------------------------------------------------------------------------------------------------
// Organisation settings of the client record (handed to devices in /api/me)

export const ClientRecordSettingsSchema = z.object({
	/** Unit kinds whose clients may have a henkilötunnus recorded (PARent: not outreach by default). */
	hetuUnitKinds: z.array(UnitKindSchema),
	/** The organisation's minimum data set: required on create, never cleared. */
	requiredClientFields: z.array(RequirableClientFieldSchema)
});
export type ClientRecordSettings = z.infer<typeof ClientRecordSettingsSchema>;
export const DEFAULT_HETU_UNIT_KINDS = ['workshop', 'rehabilitative', 'employment', 'integration'] as const;

/**
 * A colleague (an active user sharing a unit). Their roles tell whom the app offers as a client's
 * responsible worker (../client-workers.ts). The API always sends them; an older offline profile
 * may lack them, and then nobody is offered until the next /api/me.
 */
export const ColleagueSchema = z.object({ id: IdSchema, displayName: z.string(), unitIds: z.array(IdSchema), roles: z.array(RoleSchema).optional() });
export type Colleague = z.infer<typeof ColleagueSchema>;
