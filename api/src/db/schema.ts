/**
 * Tables of one organisation's file (`<dataDir>/orgs/<organisation-id>.sqlite`). Every table a
 * device will sync has a client-made `id`, `updatedAt` and `deletedAt` (tombstone). Timestamps are
 * ISO 8601 strings in UTC, as on the wire.
 *
 * To change: edit here, then `npm run db:generate --workspace @polku/api -- --name <what>`; never
 * edit a migration that has been applied.
 */
import type { EncounterAction, EncounterChannel, EncounterTopic, Gender, Locale, Municipality, Role, UnitKind } from '@polku/shared';
import type { DeviceRevokeReason, HeldReason, HeldStatus } from '@polku/shared';
import type { ReportId, StatisticsReport, WindowSpec } from '@polku/shared';
import type {
	AbsenceReason,
	AssessmentMode,
	AttendanceStatus,
	CoachingReportKind,
	DiaryKind,
	GoalStatus,
	PeriodType,
	PriceUnit
} from '@polku/shared';
import type {
	AttachmentContentType,
	AttachmentKind,
	ConsentMethod,
	ConsentPurpose,
	ContactChannel,
	MarketingChannel,
	ServiceStatus
} from '@polku/shared';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

export const units = sqliteTable('units', {
	id: text().primaryKey(),
	name: text().notNull(),
	kind: text().$type<UnitKind>().notNull(),
	createdAt: text().notNull(),
	updatedAt: text().notNull(),
	deletedAt: text()
});

export const users = sqliteTable('users', {
	id: text().primaryKey(),
	username: text().notNull().unique(),
	displayName: text().notNull(),
	email: text(),
	passwordHash: text().notNull(),
	roles: text({ mode: 'json' }).$type<Role[]>().notNull(),
	locale: text().$type<Locale>().notNull().default('fi'),
	active: integer({ mode: 'boolean' }).notNull().default(true),
	createdAt: text().notNull(),
	updatedAt: text().notNull(),
	deactivatedAt: text(),
	deletedAt: text()
});

export const userUnits = sqliteTable(
	'user_units',
	{
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		unitId: text()
			.notNull()
			.references(() => units.id),
		createdAt: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.unitId] }), index('user_units_unit_idx').on(t.unitId)]
);

/**
 * Sessions: only the SHA-256 of the token is stored, so a copy of the file cannot be used to sign in.
 * No address or user agent is kept: nothing needs them.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text().primaryKey(),
		tokenHash: text().notNull().unique(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: text().notNull(),
		lastSeenAt: text().notNull(),
		/** Absolute expiry; the idle expiry is `lastSeenAt` + the organisation's idle timeout. */
		expiresAt: text().notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One row: the organisation's keys, wrapped by the master key (lib/crypto WrappedOrgKeys). */
export const orgKeys = sqliteTable('org_keys', {
	id: integer().primaryKey(),
	wrapped: text({ mode: 'json' }).$type<unknown>().notNull(),
	createdAt: text().notNull()
});

/**
 * Append-only, hash-chained audit trail (services/audit.service.ts). Triggers in the migration
 * `audit_append_only` refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		seq: integer().primaryKey({ autoIncrement: true }),
		id: text().notNull().unique(),
		at: text().notNull(),
		actorId: text(),
		action: text().notNull(),
		entity: text(),
		entityId: text(),
		address: text(),
		detail: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		prevHash: text().notNull(),
		hash: text().notNull()
	},
	(t) => [index('audit_log_entity_idx').on(t.entity, t.entityId), index('audit_log_actor_idx').on(t.actorId)]
);

/**
 * The organisation's change counter (one row, id 1). Every write to a synced table takes the next
 * value in the same transaction and stores it in the row's `changeSeq`; pull cursors are positions
 * in this sequence. Writes are serialised (IMMEDIATE transactions), so a committed row never gets a
 * sequence number below one a device has already pulled past.
 */
export const syncCounter = sqliteTable('sync_counter', {
	id: integer().primaryKey(),
	seq: integer().notNull()
});

/**
 * The bookkeeping every synced record carries (DESIGN.md "Sync rules"): the record's own `version`
 * (the base of field merges), its author, times, tombstone, and `changeSeq` from `sync_counter`,
 * which orders pulls. A function, so each table gets its own column builders.
 */
const syncedColumns = () => ({
	version: integer().notNull(),
	createdBy: text()
		.notNull()
		.references(() => users.id),
	createdAt: text().notNull(),
	updatedAt: text().notNull(),
	deletedAt: text(),
	changeSeq: integer().notNull()
});

/**
 * Clients: the shared, field-merged record (shared/schemas/client.ts). Code fields hold a national
 * code, a `local:` code or null (unanswered). Encrypted with the organisation's keyring (field tokens,
 * context `client.<field>:<id>`): the background texts (CLIENT_ENCRYPTED_FIELDS) and `hetu`
 * (context `client.hetu:<id>`). `hetuIndex` is the HMAC blind index of the henkilötunnus, the only way
 * it is ever looked up. A merged-away client keeps its content with `deletedAt` and `mergedInto` set
 * while the merge can be undone; devices only see a tombstone.
 */
export const clients = sqliteTable(
	'clients',
	{
		id: text().primaryKey(),
		unitId: text()
			.notNull()
			.references(() => units.id),
		firstName: text(),
		lastName: text(),
		nickname: text(),
		birthYear: integer(),
		gender: text().$type<Gender>().notNull(),
		municipality: text().$type<Municipality>().notNull(),
		birthDate: text(),
		birthDateEstimated: integer({ mode: 'boolean' }).notNull().default(false),
		motherTongue: text(),
		motherTongueOther: text(),
		phone: text(),
		email: text(),
		streetAddress: text(),
		postalCode: text(),
		postOffice: text(),
		preferredContact: text().$type<ContactChannel>(),
		/** Also in `client_workers`, which scope queries join. */
		responsibleWorkerIds: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
		educationLevel: text(),
		workExperience: text(),
		specialSkills: text(),
		strengths: text(),
		goals: text(),
		family: text(),
		otherBackground: text(),
		referralSource: text(),
		referralOrganisation: text(),
		referralContact: text(),
		startDate: text(),
		endDate: text(),
		endReason: text(),
		placementAtEnd: text(),
		hetu: text(),
		hetuIndex: text(),
		mergedInto: text(),
		...syncedColumns()
	},
	(t) => [
		index('clients_change_seq_idx').on(t.changeSeq),
		index('clients_unit_idx').on(t.unitId),
		// Statistics (issue 6): the counted clients of a unit and window, read from this index alone.
		index('clients_statistics_idx')
			.on(t.unitId, t.startDate, t.endDate, t.gender, t.birthDate, t.birthYear, t.motherTongue, t.referralSource, t.placementAtEnd, t.id)
			.where(sql`deleted_at IS NULL AND start_date IS NOT NULL`),
		uniqueIndex('clients_hetu_index_uq').on(t.hetuIndex).where(sql`hetu_index IS NOT NULL AND deleted_at IS NULL`)
	]
);

/** Who is responsible for which client: `own` scope reaches these clients too (permissions.ts). */
export const clientWorkers = sqliteTable(
	'client_workers',
	{
		clientId: text()
			.notNull()
			.references(() => clients.id),
		userId: text()
			.notNull()
			.references(() => users.id)
	},
	(t) => [primaryKey({ columns: [t.clientId, t.userId] }), index('client_workers_user_idx').on(t.userId)]
);

/** Pseudonymous first contacts of outreach work (nickname, estimated birth year). */
export const anonymousContacts = sqliteTable(
	'anonymous_contacts',
	{
		id: text().primaryKey(),
		unitId: text()
			.notNull()
			.references(() => units.id),
		nickname: text().notNull(),
		birthYearEstimate: integer(),
		gender: text().$type<Gender>().notNull(),
		municipality: text().$type<Municipality>().notNull(),
		/** Set when merged into a client (the row stays, tombstoned, while the merge can be undone). */
		mergedInto: text(),
		...syncedColumns()
	},
	(t) => [index('anonymous_contacts_change_seq_idx').on(t.changeSeq), index('anonymous_contacts_unit_idx').on(t.unitId)]
);

/**
 * Encounters (kohtaamiset): one author, append-only. `note` is a field token of the organisation's
 * keyring (context `encounter.note:<id>`), never plain text; topics and actions are code arrays.
 */
export const encounters = sqliteTable(
	'encounters',
	{
		id: text().primaryKey(),
		unitId: text()
			.notNull()
			.references(() => units.id),
		occurredAt: text().notNull(),
		channel: text().$type<EncounterChannel>().notNull(),
		clientId: text().references(() => clients.id),
		anonymousContactId: text().references(() => anonymousContacts.id),
		topics: text({ mode: 'json' }).$type<EncounterTopic[]>().notNull(),
		actions: text({ mode: 'json' }).$type<EncounterAction[]>().notNull(),
		durationMinutes: integer(),
		note: text().notNull(),
		followUpDate: text(),
		...syncedColumns()
	},
	(t) => [
		index('encounters_change_seq_idx').on(t.changeSeq),
		index('encounters_unit_idx').on(t.unitId),
		index('encounters_client_idx').on(t.clientId),
		index('encounters_anonymous_contact_idx').on(t.anonymousContactId),
		// Statistics (issue 6): counts per unit, channel and window read this index alone, never the
		// rows (services/statistics-facts.ts). The time is normalised to UTC (`occurredAt` may carry an
		// offset), so a window is one range per unit and channel, and the counts come out grouped.
		index('encounters_statistics_idx')
			.on(t.unitId, t.channel, sql`strftime('%Y-%m-%dT%H:%M:%fZ', occurred_at)`, t.clientId, t.anonymousContactId)
			.where(sql`deleted_at IS NULL`),
		// Statistics: whether an anonymous contact has an encounter in a window, in one seek per contact.
		index('encounters_anonymous_time_idx')
			.on(t.anonymousContactId, sql`strftime('%Y-%m-%dT%H:%M:%fZ', occurred_at)`, t.unitId)
			.where(sql`deleted_at IS NULL AND anonymous_contact_id IS NOT NULL`)
	]
);

/**
 * Every mutation id the server has applied (or answered as a duplicate of an existing record),
 * written in the same transaction as the change: the exactly-once guarantee of push. `contentHash`
 * is the keyed digest (OrgKeyring.keyedDigest: `k1:` + HMAC) of the SHA-256 of the canonical JSON of
 * the opened envelope, never a plain hash (docs/security.md); `result` the status answered.
 */
export const syncMutations = sqliteTable(
	'sync_mutations',
	{
		mutationId: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id),
		deviceId: text().notNull(),
		kind: text().notNull(),
		contentHash: text().notNull(),
		result: text().notNull(),
		at: text().notNull()
	},
	(t) => [index('sync_mutations_device_idx').on(t.deviceId)]
);

/**
 * A field both sides changed (shared/merge.ts): the server kept its value; the author's value waits
 * here for them to resolve. base/mine/server are JSON values of the field.
 */
export const syncConflicts = sqliteTable(
	'sync_conflicts',
	{
		id: text().primaryKey(),
		entity: text().$type<'client' | 'client-sensitive' | 'situation' | 'service' | 'coaching-period' | 'goal' | 'attendance' | 'coaching-report' | 'esf-participation'>().notNull(),
		entityId: text().notNull(),
		field: text().notNull(),
		base: text({ mode: 'json' }).$type<unknown>(),
		mine: text({ mode: 'json' }).$type<unknown>(),
		server: text({ mode: 'json' }).$type<unknown>(),
		mutationId: text().notNull(),
		authorId: text()
			.notNull()
			.references(() => users.id),
		version: integer().notNull(),
		createdAt: text().notNull(),
		updatedAt: text().notNull(),
		resolvedAt: text(),
		resolution: text().$type<'server' | 'mine'>(),
		changeSeq: integer().notNull()
	},
	(t) => [index('sync_conflicts_change_seq_idx').on(t.changeSeq), index('sync_conflicts_author_idx').on(t.authorId)]
);

/**
 * Registered devices. The token (`pd1.<id>.<secret>`) authenticates sealed pushes; only its SHA-256
 * is stored. A revoked device keeps its row (the id can never be registered again). All times are
 * the server's: `createdAt` is the registration, `tokenIssuedAt` the last sign-in that issued or
 * rotated the token (null on rows older than that column: `createdAt` stands in), from which the
 * token expires after the organisation's `deviceTokenDays`.
 */
export const devices = sqliteTable(
	'devices',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id),
		label: text().notNull(),
		tokenHash: text().notNull().unique(),
		createdAt: text().notNull(),
		lastSeenAt: text(),
		revokedAt: text(),
		revokedReason: text().$type<DeviceRevokeReason>(),
		tokenIssuedAt: text()
	},
	(t) => [index('devices_user_idx').on(t.userId)]
);

/**
 * Items a device pushed after it was blocked (revoked, its user deactivated, or the password reset),
 * kept for an admin to accept or refuse; never applied on arrival. `envelope` is the sealed envelope
 * as received (encrypted to the organisation key), so no personal data is stored in the clear;
 * `kind` was read by opening it. One row per mutation id: a resend finds the same row.
 */
export const heldMutations = sqliteTable(
	'held_mutations',
	{
		id: text().primaryKey(),
		mutationId: text().notNull().unique(),
		userId: text()
			.notNull()
			.references(() => users.id),
		deviceId: text().notNull(),
		kind: text().notNull(),
		schemaVersion: integer().notNull(),
		envelope: text().notNull(),
		/** Why the device was blocked when the item arrived. */
		reason: text().$type<HeldReason>().notNull(),
		receivedAt: text().notNull(),
		status: text().$type<HeldStatus>().notNull(),
		decidedAt: text(),
		decidedBy: text().references(() => users.id),
		/** Why applying failed (a problem document, JSON), when `status` is `failed`. */
		problem: text({ mode: 'json' }).$type<unknown>()
	},
	(t) => [index('held_mutations_user_idx').on(t.userId, t.receivedAt)]
);

/** The columns every record of a client carries: its id, the client, the client's unit (for scope). */
const clientPart = () => ({
	id: text().primaryKey(),
	clientId: text()
		.notNull()
		.references(() => clients.id),
	unitId: text()
		.notNull()
		.references(() => units.id)
});
const clientPartIndexes = (name: string, t: { changeSeq: AnySQLiteColumn; clientId: AnySQLiteColumn }) => [
	index(`${name}_change_seq_idx`).on(t.changeSeq),
	index(`${name}_client_idx`).on(t.clientId)
];

/** Special categories (health, substance use): field tokens, context `client-sensitive.<field>:<id>`. */
export const clientSensitive = sqliteTable(
	'client_sensitive',
	{
		id: text()
			.primaryKey()
			.references(() => clients.id),
		unitId: text()
			.notNull()
			.references(() => units.id),
		health: text(),
		substanceUse: text(),
		...syncedColumns()
	},
	(t) => [index('client_sensitive_change_seq_idx').on(t.changeSeq)]
);

export const situations = sqliteTable(
	'situations',
	{
		...clientPart(),
		date: text().notNull(),
		phase: text().$type<'start' | 'check' | 'end'>().notNull(),
		mainActivity: text(),
		meansOfLiving: text(),
		housing: text(),
		arrivalBasis: text(),
		...syncedColumns()
	},
	(t) => [
		...clientPartIndexes('situations', t),
		// Statistics (issue 6): a client's first start situation (main activity at start) in one seek.
		index('situations_start_idx')
			.on(t.clientId, t.date, t.createdAt, t.id, t.mainActivity)
			.where(sql`phase = 'start' AND deleted_at IS NULL`)
	]
);

export const services = sqliteTable(
	'services',
	{
		...clientPart(),
		type: text().notNull(),
		status: text().$type<ServiceStatus>().notNull(),
		startDate: text().notNull(),
		endDate: text(),
		...syncedColumns()
	},
	(t) => clientPartIndexes('services', t)
);

/**
 * ESF participations (issue 6, shared/schemas/esf.ts): one live record per client and project (the
 * partial unique index). `disadvantages` is a field token (context
 * `esf-participation.disadvantages:<id>`) of the whole answer, special categories: the code list and
 * whether the participant declined to answer, padded to one length (db/esf-answer.ts).
 * `participantNumber` is given on insert (the organisation's next) and names the participant in the
 * ESF participant file.
 */
export const esfParticipations = sqliteTable(
	'esf_participations',
	{
		...clientPart(),
		projectCode: text().notNull(),
		participantNumber: integer().notNull(),
		startDate: text().notNull(),
		employmentStatusAtStart: text().notNull(),
		educationAtStart: text().notNull(),
		disadvantages: text().notNull(),
		endDate: text(),
		employmentStatusAtEnd: text(),
		qualificationGained: text(),
		...syncedColumns()
	},
	(t) => [
		...clientPartIndexes('esf_participations', t),
		uniqueIndex('esf_participations_client_project_uq').on(t.clientId, t.projectCode).where(sql`deleted_at IS NULL`),
		uniqueIndex('esf_participations_number_uq').on(t.participantNumber),
		index('esf_participations_unit_project_idx').on(t.unitId, t.projectCode)
	]
);

/** The consent ledger: immutable once recorded, except for its withdrawal. */
export const consents = sqliteTable(
	'consents',
	{
		...clientPart(),
		purpose: text().$type<ConsentPurpose>().notNull(),
		recipient: text(),
		channel: text().$type<MarketingChannel>(),
		textVersion: text().notNull(),
		method: text().$type<ConsentMethod>().notNull(),
		attachmentId: text(),
		givenAt: text().notNull(),
		withdrawnAt: text(),
		withdrawnBy: text().references(() => users.id),
		withdrawalRecordedAt: text(),
		...syncedColumns()
	},
	(t) => clientPartIndexes('consents', t)
);

/** Memos agreed with the client; `text` is a field token (context `memo.text:<id>`). */
export const memos = sqliteTable(
	'memos',
	{
		...clientPart(),
		date: text().notNull(),
		text: text().notNull(),
		...syncedColumns()
	},
	(t) => clientPartIndexes('memos', t)
);

export const followUps = sqliteTable(
	'follow_ups',
	{
		...clientPart(),
		monthsAfter: integer().notNull(),
		checkedOn: text().notNull(),
		placement: text().notNull(),
		...syncedColumns()
	},
	(t) => clientPartIndexes('follow_ups', t)
);

/**
 * Attachments: metadata here, the file encrypted on disk (`<dataDir>/orgs/<org-id>/attachments/<id>`),
 * its content key and nonce in `cipher` (wrapped by the organisation's keyring). `label` is a field
 * token (context `attachment.label:<id>`). `sha256` is the keyed digest (OrgKeyring.keyedDigest) of the plain file's SHA-256.
 */
export const attachments = sqliteTable(
	'attachments',
	{
		...clientPart(),
		kind: text().$type<AttachmentKind>().notNull(),
		contentType: text().$type<AttachmentContentType>().notNull(),
		size: integer().notNull(),
		label: text(),
		sha256: text().notNull(),
		cipher: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
		...syncedColumns()
	},
	(t) => clientPartIndexes('attachments', t)
);

/**
 * Merges (issue 4, point 3). `moved` lists, per entity, the ids re-pointed to the target, so undo moves
 * exactly those back; `filledFields` the target fields filled from the source (undo clears those still
 * holding the filled value).
 */
export const clientMerges = sqliteTable(
	'client_merges',
	{
		id: text().primaryKey(),
		targetId: text()
			.notNull()
			.references(() => clients.id),
		unitId: text()
			.notNull()
			.references(() => units.id),
		sourceEntity: text().$type<'client' | 'anonymous-contact'>().notNull(),
		sourceId: text().notNull(),
		moved: text({ mode: 'json' }).$type<Record<string, string[]>>().notNull(),
		filledFields: text({ mode: 'json' }).$type<string[]>().notNull(),
		undoUntil: text().notNull(),
		undoneAt: text(),
		undoneBy: text().references(() => users.id),
		...syncedColumns()
	},
	(t) => [index('client_merges_change_seq_idx').on(t.changeSeq), index('client_merges_target_idx').on(t.targetId), index('client_merges_source_idx').on(t.sourceId)]
);

/**
 * Field history of a client and its records: one row per changed field. `fromValue`/`toValue` are
 * JSON, or field tokens (context `history:<id>`) when `protection` is `encrypted` (background texts,
 * memos, special categories), or null when `withheld` (the henkilötunnus: only "changed" is kept).
 */
export const fieldHistory = sqliteTable(
	'field_history',
	{
		id: text().primaryKey(),
		at: text().notNull(),
		actorId: text()
			.notNull()
			.references(() => users.id),
		clientId: text().notNull(),
		entity: text().notNull(),
		entityId: text().notNull(),
		field: text().notNull(),
		fromValue: text(),
		toValue: text(),
		protection: text().$type<'plain' | 'encrypted' | 'withheld'>().notNull(),
		mutationId: text()
	},
	(t) => [index('field_history_client_idx').on(t.clientId, t.at)]
);

// ---------------------------------------------------------------------------------------------------
// Workshop coaching (issue 5). Every record carries its period's `unitId` (the workshop: scope) and
// `clientId`, set by the server from the period. Free text columns hold field tokens of the
// organisation's keyring (contexts `period.workTimePlan:<id>`, `goal.text:<id>`, `goal-note.text:<id>`,
// `diary.text:<id>`, `coaching-report.text:<id>`); codes, dates and numbers are plain.

const workshopPart = () => ({
	id: text().primaryKey(),
	periodId: text()
		.notNull()
		.references(() => coachingPeriods.id),
	clientId: text()
		.notNull()
		.references(() => clients.id),
	unitId: text()
		.notNull()
		.references(() => units.id)
});
const workshopIndexes = (name: string, t: { changeSeq: AnySQLiteColumn; periodId: AnySQLiteColumn; unitId: AnySQLiteColumn }) => [
	index(`${name}_change_seq_idx`).on(t.changeSeq),
	index(`${name}_period_idx`).on(t.periodId),
	index(`${name}_unit_idx`).on(t.unitId)
];

/** Valmennusjaksot: field-merged; `weekdays` JSON of ISO weekdays; `workTimePlan` a field token. */
export const coachingPeriods = sqliteTable(
	'coaching_periods',
	{
		...clientPart(),
		type: text().$type<PeriodType>().notNull(),
		workCoachId: text().references(() => users.id),
		individualCoachId: text().references(() => users.id),
		referringOrganisation: text(),
		referringContact: text(),
		payingOrganisation: text(),
		payingContact: text(),
		contractStart: text().notNull(),
		contractEnd: text(),
		daysPerWeek: integer().notNull(),
		hoursPerDay: real().notNull(),
		weekdays: text({ mode: 'json' }).$type<number[]>().notNull(),
		priceCents: integer(),
		priceUnit: text().$type<PriceUnit>(),
		expenseCompensationCents: integer(),
		startDate: text().notNull(),
		endDate: text(),
		placementAfter: text(),
		workTimePlan: text(),
		...syncedColumns()
	},
	(t) => [
		index('coaching_periods_change_seq_idx').on(t.changeSeq),
		index('coaching_periods_client_idx').on(t.clientId),
		index('coaching_periods_unit_idx').on(t.unitId),
		index('coaching_periods_work_coach_idx').on(t.workCoachId),
		index('coaching_periods_individual_coach_idx').on(t.individualCoachId)
	]
);

/** Goals of the coaching plan: field-merged; `text` a field token. */
export const goals = sqliteTable(
	'goals',
	{
		...workshopPart(),
		text: text().notNull(),
		targetDate: text(),
		status: text().$type<GoalStatus>().notNull(),
		...syncedColumns()
	},
	(t) => workshopIndexes('goals', t)
);

/** Follow-up notes on a goal: immutable; `text` a field token. */
export const goalNotes = sqliteTable(
	'goal_notes',
	{
		...workshopPart(),
		goalId: text()
			.notNull()
			.references(() => goals.id),
		date: text().notNull(),
		text: text().notNull(),
		...syncedColumns()
	},
	(t) => [...workshopIndexes('goal_notes', t), index('goal_notes_goal_idx').on(t.goalId)]
);

/**
 * One mark per period and day (id = attendanceMarkId(periodId, date)), field-merged. Plain values:
 * statistics and billing read them. `updatedBy` is the author of the current values.
 */
export const attendanceMarks = sqliteTable(
	'attendance_marks',
	{
		...workshopPart(),
		date: text().notNull(),
		status: text().$type<AttendanceStatus>().notNull(),
		absenceReason: text().$type<AbsenceReason>(),
		hours: real(),
		extraReason: text(),
		updatedBy: text()
			.notNull()
			.references(() => users.id),
		...syncedColumns()
	},
	(t) => [
		...workshopIndexes('attendance_marks', t),
		index('attendance_marks_unit_date_idx').on(t.unitId, t.date),
		uniqueIndex('attendance_marks_period_date_uq').on(t.periodId, t.date).where(sql`deleted_at IS NULL`)
	]
);

/** Work diary lines and observations: immutable; `text` a field token. */
export const diaryEntries = sqliteTable(
	'diary_entries',
	{
		...workshopPart(),
		date: text().notNull(),
		kind: text().$type<DiaryKind>().notNull(),
		text: text().notNull(),
		hours: real(),
		...syncedColumns()
	},
	(t) => workshopIndexes('diary_entries', t)
);

/** Answers to an instrument: immutable; `answers` JSON keyed `<dimension>.<item>`. */
export const assessments = sqliteTable(
	'assessments',
	{
		...workshopPart(),
		instrumentId: text().notNull(),
		instrumentVersion: integer().notNull(),
		mode: text().$type<AssessmentMode>().notNull(),
		date: text().notNull(),
		answers: text({ mode: 'json' }).$type<Record<string, number | null>>().notNull(),
		...syncedColumns()
	},
	(t) => workshopIndexes('assessments', t)
);

/** Interim reports and final statements: field-merged (date, text); `text` a field token. */
export const coachingReports = sqliteTable(
	'coaching_reports',
	{
		...workshopPart(),
		kind: text().$type<CoachingReportKind>().notNull(),
		date: text().notNull(),
		text: text().notNull(),
		...syncedColumns()
	},
	(t) => workshopIndexes('coaching_reports', t)
);

// ---------------------------------------------------------------------------------------------------
// Statistics (issue 6).

/**
 * Live encounters counted per unit, UTC day, channel and subject (`client`: of a client; `anonymous`:
 * of an anonymous contact only; `none`), kept by triggers on `encounters` (migration
 * `encounter-day-counts`): every insert, delete and change of a counted column moves one count, in
 * the same transaction as the write. A report's window (Finnish dates) is whole UTC days in its middle,
 * summed here, and two part days at its edges, counted from `encounters_statistics_idx`
 * (services/statistics-facts.ts): a year is some thousand rows, not a million. Never written by code.
 */
export const encounterDayCounts = sqliteTable(
	'encounter_day_counts',
	{
		unitId: text().notNull(),
		/** The UTC date of `occurred_at`, `YYYY-MM-DD`. */
		day: text().notNull(),
		channel: text().$type<EncounterChannel>().notNull(),
		subject: text().$type<'client' | 'anonymous' | 'none'>().notNull(),
		count: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.day, t.channel, t.subject] })]
);

/**
 * Live encounters counted per unit, UTC day and author, kept by triggers like `encounterDayCounts`:
 * the dashboard's encounters per month, unit and worker (services/statistics-dashboard.service.ts).
 */
export const encounterAuthorDayCounts = sqliteTable(
	'encounter_author_day_counts',
	{
		unitId: text().notNull(),
		/** The UTC date of `occurred_at`, `YYYY-MM-DD`. */
		day: text().notNull(),
		createdBy: text().notNull(),
		count: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.day, t.createdBy] })]
);

/**
 * Reports produced for delivery (services/statistics.service.ts): the figures as they were sent,
 * never changed afterwards (triggers in the migration refuse UPDATE and DELETE). `unitIds` is sorted
 * JSON, so the same unit set is the same text; `hash` is the SHA-256 of the canonical JSON of
 * `report`; `previousId` the delivery of the same report, units and project made before this one.
 */
export const statisticsDeliveries = sqliteTable(
	'statistics_deliveries',
	{
		id: text().primaryKey(),
		reportId: text().$type<ReportId>().notNull(),
		definitionVersion: integer().notNull(),
		window: text().notNull(),
		windowSpec: text({ mode: 'json' }).$type<WindowSpec>().notNull(),
		from: text().notNull(),
		to: text().notNull(),
		unitIds: text({ mode: 'json' }).$type<string[]>().notNull(),
		report: text({ mode: 'json' }).$type<StatisticsReport>().notNull(),
		/** The `esf` report's one project (its `report.project`); null: every project, and other reports. */
		project: text(),
		hash: text().notNull(),
		previousId: text().references((): AnySQLiteColumn => statisticsDeliveries.id),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: text().notNull()
	},
	(t) => [index('statistics_deliveries_report_idx').on(t.reportId, t.unitIds, t.project, t.createdAt)]
);
