/**
 * The sync protocol (DESIGN.md "The way data travels", "Sync rules"; issue 3).
 *
 * Push: a device sends sealed envelopes, each under a client-made UUIDv7 mutation id. Inside each
 * envelope is one `Mutation` (below), sealed with `sealForOrg` from ../seal.ts to the organisation's
 * public key with associated data `syncAad(organisationId, mutationId, schemaVersion)`. The server
 * rebuilds that string itself, opens the envelope, validates the mutation with the same schema and
 * applies it exactly once, answering per item. Push authenticates with the device's token
 * (`Authorization: Bearer <token>`), not the session, so a locked app and the service worker can push.
 *
 * Pull: the signed-in device asks for what changed since its cursor, in pages, and keeps the records
 * encrypted with its device key.
 */
import { z } from 'zod';
import { ProblemSchema } from '../problem';
import type { Action, Resource } from '../permissions';
import { ClientInputSchema, ClientSchema, ClientUpdateSchema } from './client';
import {
	AttachmentSchema,
	ClientMergeInputSchema,
	ClientMergeSchema,
	ClientSensitiveSchema,
	ClientSensitiveUpdateSchema,
	ClientSetHetuSchema,
	ClientUnmergeSchema,
	ClientViewedSchema,
	ConsentInputSchema,
	ConsentSchema,
	ConsentWithdrawSchema,
	FollowUpInputSchema,
	FollowUpSchema,
	MemoInputSchema,
	MemoSchema,
	ServiceInputSchema,
	ServiceSchema,
	ServiceUpdateSchema,
	SituationInputSchema,
	SituationSchema,
	SituationUpdateSchema
} from './client-record';
import { IdSchema, TimestampSchema } from './common';
import { EsfParticipationInputSchema, EsfParticipationSchema, EsfParticipationUpdateSchema } from './esf';
import {
	AssessmentInputSchema,
	AssessmentSchema,
	AttendanceMarkSchema,
	AttendanceSetSchema,
	CoachingPeriodInputSchema,
	CoachingPeriodSchema,
	CoachingPeriodUpdateSchema,
	CoachingReportInputSchema,
	CoachingReportPrintedSchema,
	CoachingReportSchema,
	CoachingReportUpdateSchema,
	DiaryEntryInputSchema,
	DiaryEntrySchema,
	GoalInputSchema,
	GoalNoteInputSchema,
	GoalNoteSchema,
	GoalSchema,
	GoalUpdateSchema
} from './workshop';
import {
	AnonymousContactInputSchema,
	AnonymousContactSchema,
	EncounterInputSchema,
	EncounterSchema
} from './encounter';

export const SYNC_SCHEMA_VERSION = 1 as const;
export const SUPPORTED_SYNC_SCHEMA_VERSIONS: readonly number[] = [1];
/** Most items in one push; the device sends the rest in the next batch. */
export const PUSH_BATCH_MAX = 100;
export const PULL_PAGE_MAX = 1000;

/** Associated data bound into every sealed mutation. Both ends build it; never read it from the wire. */
export function syncAad(organisationId: string, mutationId: string, schemaVersion: number): string {
	return `polku-sync-v1|org:${organisationId}|mutation:${mutationId}|schema:${schemaVersion}`;
}

export const MutationIdSchema = z.uuid({ version: 'v7' });

const b64url = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]*$/);

export const SealedEnvelopeSchema = z.strictObject({
	v: z.literal(1),
	kid: z.string().min(1).max(100),
	epk: z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: b64url(64), y: b64url(64) }),
	iv: b64url(32),
	/** An encounter with a 4,000-character note is far below this. */
	ct: b64url(256 * 1024)
});

export const ConflictResolveSchema = z.strictObject({
	/** The conflict's id (SyncConflict.id). */
	id: IdSchema,
	/** Keep the server's value, or write the author's value over it. */
	keep: z.enum(['server', 'mine'])
});
export type ConflictResolve = z.infer<typeof ConflictResolveSchema>;

/** What is inside an envelope. */
export const MutationSchema = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('encounter.create'), data: EncounterInputSchema }),
	z.strictObject({ kind: z.literal('anonymous-contact.create'), data: AnonymousContactInputSchema }),
	z.strictObject({ kind: z.literal('client.create'), data: ClientInputSchema }),
	z.strictObject({ kind: z.literal('client.update'), data: ClientUpdateSchema }),
	z.strictObject({ kind: z.literal('conflict.resolve'), data: ConflictResolveSchema }),
	// Issue 4: the client record.
	z.strictObject({ kind: z.literal('client.set-hetu'), data: ClientSetHetuSchema }),
	z.strictObject({ kind: z.literal('client.viewed'), data: ClientViewedSchema }),
	z.strictObject({ kind: z.literal('client-sensitive.update'), data: ClientSensitiveUpdateSchema }),
	z.strictObject({ kind: z.literal('situation.create'), data: SituationInputSchema }),
	z.strictObject({ kind: z.literal('situation.update'), data: SituationUpdateSchema }),
	z.strictObject({ kind: z.literal('service.create'), data: ServiceInputSchema }),
	z.strictObject({ kind: z.literal('service.update'), data: ServiceUpdateSchema }),
	z.strictObject({ kind: z.literal('consent.create'), data: ConsentInputSchema }),
	z.strictObject({ kind: z.literal('consent.withdraw'), data: ConsentWithdrawSchema }),
	z.strictObject({ kind: z.literal('memo.create'), data: MemoInputSchema }),
	z.strictObject({ kind: z.literal('follow-up.create'), data: FollowUpInputSchema }),
	z.strictObject({ kind: z.literal('client.merge'), data: ClientMergeInputSchema }),
	z.strictObject({ kind: z.literal('client.unmerge'), data: ClientUnmergeSchema }),
	// Issue 5: workshop coaching.
	z.strictObject({ kind: z.literal('coaching-period.create'), data: CoachingPeriodInputSchema }),
	z.strictObject({ kind: z.literal('coaching-period.update'), data: CoachingPeriodUpdateSchema }),
	z.strictObject({ kind: z.literal('goal.create'), data: GoalInputSchema }),
	z.strictObject({ kind: z.literal('goal.update'), data: GoalUpdateSchema }),
	z.strictObject({ kind: z.literal('goal-note.create'), data: GoalNoteInputSchema }),
	z.strictObject({ kind: z.literal('attendance.set'), data: AttendanceSetSchema }),
	z.strictObject({ kind: z.literal('diary.create'), data: DiaryEntryInputSchema }),
	z.strictObject({ kind: z.literal('assessment.create'), data: AssessmentInputSchema }),
	z.strictObject({ kind: z.literal('coaching-report.create'), data: CoachingReportInputSchema }),
	z.strictObject({ kind: z.literal('coaching-report.update'), data: CoachingReportUpdateSchema }),
	z.strictObject({ kind: z.literal('coaching-report.printed'), data: CoachingReportPrintedSchema }),
	// Issue 6: ESF participation.
	z.strictObject({ kind: z.literal('esf-participation.create'), data: EsfParticipationInputSchema }),
	z.strictObject({ kind: z.literal('esf-participation.update'), data: EsfParticipationUpdateSchema })
]);
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationKind = Mutation['kind'];

/** The matrix grant each mutation needs, checked per item with the device owner's roles. */
export const MUTATION_PERMISSION: Record<MutationKind, { resource: Resource; action: Action }> = {
	'encounter.create': { resource: 'encounter', action: 'create' },
	'anonymous-contact.create': { resource: 'anonymous-contact', action: 'create' },
	'client.create': { resource: 'client', action: 'create' },
	'client.update': { resource: 'client', action: 'update' },
	'conflict.resolve': { resource: 'client', action: 'update' },
	'client.set-hetu': { resource: 'client', action: 'update' },
	'client.viewed': { resource: 'client', action: 'read' },
	'client-sensitive.update': { resource: 'client-sensitive', action: 'update' },
	'situation.create': { resource: 'client', action: 'update' },
	'situation.update': { resource: 'client', action: 'update' },
	'service.create': { resource: 'client', action: 'update' },
	'service.update': { resource: 'client', action: 'update' },
	'consent.create': { resource: 'client', action: 'update' },
	'consent.withdraw': { resource: 'client', action: 'update' },
	'memo.create': { resource: 'client', action: 'update' },
	'follow-up.create': { resource: 'client', action: 'update' },
	'client.merge': { resource: 'client', action: 'update' },
	'client.unmerge': { resource: 'client', action: 'update' },
	'coaching-period.create': { resource: 'coaching-period', action: 'create' },
	'coaching-period.update': { resource: 'coaching-period', action: 'update' },
	'goal.create': { resource: 'coaching-period', action: 'update' },
	'goal.update': { resource: 'coaching-period', action: 'update' },
	'goal-note.create': { resource: 'coaching-period', action: 'update' },
	/** A mark that already exists is a correction: the server also needs `attendance` `update`. */
	'attendance.set': { resource: 'attendance', action: 'create' },
	'diary.create': { resource: 'diary', action: 'create' },
	'assessment.create': { resource: 'assessment', action: 'create' },
	'coaching-report.create': { resource: 'coaching-period', action: 'update' },
	'coaching-report.update': { resource: 'coaching-period', action: 'update' },
	'coaching-report.printed': { resource: 'coaching-period', action: 'export' },
	/** Disadvantages (special categories) also need `client-sensitive` update, checked by the server. */
	'esf-participation.create': { resource: 'client', action: 'update' },
	'esf-participation.update': { resource: 'client', action: 'update' }
};

export const PushItemSchema = z.strictObject({
	mutationId: MutationIdSchema,
	/** Checked per item: an unsupported version rejects that item (`schema-unsupported`), not the batch. */
	schemaVersion: z.number().int().positive(),
	envelope: SealedEnvelopeSchema
});
export type PushItem = z.infer<typeof PushItemSchema>;

/** An empty `items` is a heartbeat: the answer still carries the device's status. */
export const PushRequestSchema = z.strictObject({ items: z.array(PushItemSchema).max(PUSH_BATCH_MAX) });
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const SYNC_ENTITIES = [
	'client',
	'encounter',
	'anonymous-contact',
	'conflict',
	'client-sensitive',
	'situation',
	'service',
	'consent',
	'memo',
	'follow-up',
	'attachment',
	'client-merge',
	'coaching-period',
	'goal',
	'goal-note',
	'attendance',
	'diary',
	'assessment',
	'coaching-report',
	'esf-participation'
] as const;
export const SyncEntitySchema = z.enum(SYNC_ENTITIES);
export type SyncEntity = z.infer<typeof SyncEntitySchema>;

/** A field both sides changed: the server kept its value; the author sees and resolves this. */
export const SyncConflictSchema = z.object({
	id: IdSchema,
	/** The field-merged records: the client, its special-category part, situation checks, services, the workshop's periods, goals, attendance marks and reports, and ESF participations. */
	entity: z.enum(['client', 'client-sensitive', 'situation', 'service', 'coaching-period', 'goal', 'attendance', 'coaching-report', 'esf-participation']),
	entityId: IdSchema,
	field: z.string(),
	base: z.unknown(),
	mine: z.unknown(),
	server: z.unknown(),
	/** The mutation whose value lost. */
	mutationId: MutationIdSchema,
	authorId: IdSchema,
	createdAt: TimestampSchema,
	resolvedAt: TimestampSchema.nullable(),
	resolution: z.enum(['server', 'mine']).nullable()
});
export type SyncConflict = z.infer<typeof SyncConflictSchema>;

const changeOf = <E extends SyncEntity, T extends z.ZodType>(entity: E, data: T) =>
	z.object({
		entity: z.literal(entity),
		id: IdSchema,
		version: z.number().int().positive(),
		updatedAt: TimestampSchema,
		/** A tombstone: `data` is null and the device forgets the record. */
		deletedAt: TimestampSchema.nullable(),
		data: data.nullable()
	});

export const SyncChangeSchema = z.discriminatedUnion('entity', [
	changeOf('client', ClientSchema),
	changeOf('encounter', EncounterSchema),
	changeOf('anonymous-contact', AnonymousContactSchema),
	changeOf('conflict', SyncConflictSchema),
	changeOf('client-sensitive', ClientSensitiveSchema),
	changeOf('situation', SituationSchema),
	changeOf('service', ServiceSchema),
	changeOf('consent', ConsentSchema),
	changeOf('memo', MemoSchema),
	changeOf('follow-up', FollowUpSchema),
	changeOf('attachment', AttachmentSchema),
	changeOf('client-merge', ClientMergeSchema),
	changeOf('coaching-period', CoachingPeriodSchema),
	changeOf('goal', GoalSchema),
	changeOf('goal-note', GoalNoteSchema),
	changeOf('attendance', AttendanceMarkSchema),
	changeOf('diary', DiaryEntrySchema),
	changeOf('assessment', AssessmentSchema),
	changeOf('coaching-report', CoachingReportSchema),
	changeOf('esf-participation', EsfParticipationSchema)
]);
export type SyncChange = z.infer<typeof SyncChangeSchema>;

/**
 * `wipe`: the device must erase this user's local data once its outbox is sent (a revoked device is
 * wiped at its next contact); a blocked device's items are held on the server (docs/security.md).
 */
export const DeviceStatusSchema = z.object({
	status: z.enum(['active', 'revoked', 'user-deactivated']),
	wipe: z.boolean()
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const PushResultSchema = z.discriminatedUnion('status', [
	z.object({
		mutationId: MutationIdSchema,
		status: z.literal('applied'),
		entity: SyncEntitySchema,
		id: IdSchema,
		version: z.number().int().positive()
	}),
	/** Seen before with the same content: a no-op. The device drops the item. */
	z.object({ mutationId: MutationIdSchema, status: z.literal('duplicate') }),
	/**
	 * - `field-conflict`: applied; the fields both sides changed kept the server value and are in
	 *   `conflicts`. The device drops the item and shows the conflicts.
	 * - `mutation-reused`: this mutation id was applied before with other content. Nothing changed.
	 * - `record-exists`: the record id exists with other content. Nothing changed.
	 * The last two are quarantined on the device next to `server`, the server's version.
	 */
	z.object({
		mutationId: MutationIdSchema,
		status: z.literal('conflict'),
		reason: z.enum(['field-conflict', 'mutation-reused', 'record-exists']),
		server: SyncChangeSchema.nullable(),
		conflicts: z.array(SyncConflictSchema)
	}),
	/** Not applied, never will be as it stands: quarantined on the device with this problem. */
	z.object({ mutationId: MutationIdSchema, status: z.literal('rejected'), problem: ProblemSchema }),
	/**
	 * Pushed by a blocked device (revoked, its user deactivated, or the password reset): not applied,
	 * kept on the server for an admin to accept or refuse. The device drops the item (it is being
	 * wiped); sending it again finds the same held item.
	 */
	z.object({ mutationId: MutationIdSchema, status: z.literal('held') })
]);
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.object({
	results: z.array(PushResultSchema),
	device: DeviceStatusSchema,
	serverTime: TimestampSchema
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullQuerySchema = z.object({
	/** Opaque cursor from the previous pull; absent on the first. */
	since: z.string().max(64).optional(),
	limit: z.coerce.number().int().min(1).max(PULL_PAGE_MAX).default(500)
});

export const PullResponseSchema = z.object({
	changes: z.array(SyncChangeSchema),
	cursor: z.string(),
	/** More pages wait: pull again with `cursor`. */
	more: z.boolean(),
	device: DeviceStatusSchema
});
export type PullResponse = z.infer<typeof PullResponseSchema>;
