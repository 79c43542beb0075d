/**
 * The synced records (clients, anonymous contacts, encounters, conflicts): their wire shapes, who may
 * see them, and the organisation's change sequence that orders them for pull.
 *
 * Invariant: every insert or update of a synced row sets `changeSeq = nextChangeSeq(tx)` in the same
 * transaction, so a pull cursor (the last sequence seen) never skips a committed change.
 */
import {
	CLIENT_ENCRYPTED_FIELDS,
	HETU_MASK,
	scopeFor,
	type AnonymousContact,
	type Attachment,
	type ClientFields,
	type ClientMerge,
	type ClientSensitive,
	type ClientSensitiveFields,
	type Consent,
	type FollowUp,
	type Memo,
	type Service,
	type ServiceFields,
	type Situation,
	type SituationFields,
	type Client,
	type ClientInput,
	type Encounter,
	type Resource,
	type Role,
	type Scope,
	type SyncChange,
	type SyncConflict
} from '@polku/shared';
import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import {
	anonymousContacts,
	attachments,
	clientMerges,
	clients,
	clientSensitive,
	clientWorkers,
	consents,
	encounters,
	esfParticipations,
	followUps,
	memos,
	services,
	situations,
	syncConflicts,
	syncCounter
} from '../db/schema';
import { conflictValueContext, sealJson } from '../db/sealed-json';
import type { OrgKeyring } from '../lib/crypto';

export type ClientRow = typeof clients.$inferSelect;
export type EncounterRow = typeof encounters.$inferSelect;
export type AnonymousContactRow = typeof anonymousContacts.$inferSelect;
export type ConflictRow = typeof syncConflicts.$inferSelect;

/** Whose eyes: the device owner (push) or the signed-in user (pull). */
export type Viewer = { userId: string; roles: readonly Role[]; unitIds: readonly string[] };

/** Takes the next value of the organisation's change sequence. Call inside the writing transaction. */
export function nextChangeSeq(tx: OrgDbOrTx): number {
	const row = tx
		.insert(syncCounter)
		.values({ id: 1, seq: 1 })
		.onConflictDoUpdate({ target: syncCounter.id, set: { seq: sql`${syncCounter.seq} + 1` } })
		.returning({ seq: syncCounter.seq })
		.get();
	return row.seq;
}

/**
 * The bookkeeping columns of a new synced row: version 1, written by `createdBy` at `at` (ISO), live,
 * with the organisation's next change sequence (so pull sends it). Call inside the writing transaction.
 */
export function newSyncedRow(tx: OrgDbOrTx, createdBy: string, at: string) {
	return { version: 1, createdBy, createdAt: at, updatedAt: at, deletedAt: null, changeSeq: nextChangeSeq(tx) };
}

export function currentChangeSeq(db: OrgDbOrTx): number {
	return db.select({ seq: syncCounter.seq }).from(syncCounter).where(eq(syncCounter.id, 1)).get()?.seq ?? 0;
}

export const encounterNoteContext = (id: string) => `encounter.note:${id}`;

/** Context of a background text's field token (contract: `client.<field>:<clientId>`). */
export const clientFieldContext = (field: string, clientId: string) => `client.${field}:${clientId}`;
export const hetuContext = (clientId: string) => `client.hetu:${clientId}`;
export const sensitiveContext = (field: string, clientId: string) => `client-sensitive.${field}:${clientId}`;
export const memoTextContext = (id: string) => `memo.text:${id}`;
export const attachmentLabelContext = (id: string) => `attachment.label:${id}`;

const ENCRYPTED = new Set<string>(CLIENT_ENCRYPTED_FIELDS);
const decryptOrNull = (keyring: OrgKeyring, token: string | null, context: string): string | null =>
	token === null ? null : keyring.decryptField(token, context);

/** The client's fields as the wire has them (background texts decrypted). */
export function clientFieldsOf(row: ClientRow, keyring: OrgKeyring): ClientFields {
	const text = (field: (typeof CLIENT_ENCRYPTED_FIELDS)[number]) => decryptOrNull(keyring, row[field], clientFieldContext(field, row.id));
	return {
		firstName: row.firstName,
		lastName: row.lastName,
		nickname: row.nickname,
		birthYear: row.birthYear,
		gender: row.gender,
		municipality: row.municipality,
		birthDate: row.birthDate,
		birthDateEstimated: row.birthDateEstimated,
		motherTongue: row.motherTongue as ClientFields['motherTongue'],
		motherTongueOther: row.motherTongueOther,
		phone: row.phone,
		email: row.email,
		streetAddress: row.streetAddress,
		postalCode: row.postalCode,
		postOffice: row.postOffice,
		preferredContact: row.preferredContact,
		responsibleWorkerIds: row.responsibleWorkerIds,
		educationLevel: row.educationLevel as ClientFields['educationLevel'],
		workExperience: text('workExperience'),
		specialSkills: text('specialSkills'),
		strengths: text('strengths'),
		goals: text('goals'),
		family: text('family'),
		otherBackground: text('otherBackground'),
		referralSource: row.referralSource as ClientFields['referralSource'],
		referralOrganisation: row.referralOrganisation,
		referralContact: row.referralContact,
		startDate: row.startDate,
		endDate: row.endDate,
		endReason: row.endReason as ClientFields['endReason'],
		placementAtEnd: row.placementAtEnd as ClientFields['placementAtEnd']
	};
}

/** Column values of `fields` for client `id` (background texts encrypted). */
export function clientColumnsOf(fields: Partial<ClientFields>, id: string, keyring: OrgKeyring): Partial<ClientRow> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(fields)) {
		out[k] = ENCRYPTED.has(k) && typeof v === 'string' ? keyring.encryptField(v, clientFieldContext(k, id)) : v;
	}
	return out as Partial<ClientRow>;
}

/** The henkilötunnus of a client, decrypted (null when none). Never put it on the wire except reveal. */
export function clientHetu(row: ClientRow, keyring: OrgKeyring): string | null {
	return decryptOrNull(keyring, row.hetu, hetuContext(row.id));
}

/**
 * A client for the wire. Of the henkilötunnus only whether there is one (HETU_MASK): no part of it and
 * no digest of it, so nothing a device holds lets anyone work the code out (the code is not even
 * decrypted here).
 */
export function toClientDto(row: ClientRow, keyring: OrgKeyring): Client {
	return {
		id: row.id,
		unitId: row.unitId,
		...clientFieldsOf(row, keyring),
		hetuMasked: row.hetu === null ? null : HETU_MASK,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

export function toAnonymousContactDto(row: AnonymousContactRow): AnonymousContact {
	return {
		id: row.id,
		unitId: row.unitId,
		nickname: row.nickname,
		birthYearEstimate: row.birthYearEstimate,
		gender: row.gender,
		municipality: row.municipality,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

/** Decrypts the note: the only place an encounter's note leaves its field token. */
export function toEncounterDto(row: EncounterRow, keyring: OrgKeyring): Encounter {
	return {
		id: row.id,
		unitId: row.unitId,
		occurredAt: row.occurredAt,
		channel: row.channel,
		clientId: row.clientId,
		anonymousContactId: row.anonymousContactId,
		topics: row.topics,
		actions: row.actions,
		durationMinutes: row.durationMinutes,
		note: keyring.decryptField(row.note, encounterNoteContext(row.id)),
		followUpDate: row.followUpDate,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

/**
 * Conflicts of encrypted fields (background texts, special categories) keep their values as field
 * tokens (context `conflict.<part>:<conflictId>`) of the JSON padded to whole blocks (db/sealed-json.ts,
 * so the length tells nothing of a flag or a code list), decrypted only for their author's pull.
 */
export function conflictEncrypted(entity: string, field: string): boolean {
	return (
		entity === 'client-sensitive' ||
		(entity === 'client' && ENCRYPTED.has(field)) ||
		(entity === 'coaching-period' && field === 'workTimePlan') ||
		((entity === 'goal' || entity === 'coaching-report') && field === 'text') ||
		(entity === 'esf-participation' && (field === 'disadvantages' || field === 'disadvantageDeclined'))
	);
}

export function sealConflictValue(keyring: OrgKeyring, conflictId: string, part: 'base' | 'mine' | 'server', value: unknown): unknown {
	return value === null || value === undefined ? null : sealJson(keyring, value, conflictValueContext(part, conflictId));
}

export function toConflictDto(row: ConflictRow, keyring: OrgKeyring): SyncConflict {
	const open = (part: 'base' | 'mine' | 'server', value: unknown): unknown =>
		conflictEncrypted(row.entity, row.field) && typeof value === 'string'
			? (JSON.parse(keyring.decryptField(value, conflictValueContext(part, row.id))) as unknown)
			: (value ?? null);
	return {
		id: row.id,
		entity: row.entity,
		entityId: row.entityId,
		field: row.field,
		base: open('base', row.base),
		mine: open('mine', row.mine),
		server: open('server', row.server),
		mutationId: row.mutationId,
		authorId: row.authorId,
		createdAt: row.createdAt,
		resolvedAt: row.resolvedAt,
		resolution: row.resolution
	};
}

type Meta = { id: string; version: number; updatedAt: string; deletedAt: string | null };
const meta = (row: Meta) => ({ id: row.id, version: row.version, updatedAt: row.updatedAt, deletedAt: row.deletedAt });

/** Tombstones (deletedAt set) carry no content. */
export function clientChange(row: ClientRow, keyring: OrgKeyring): SyncChange {
	return { entity: 'client', ...meta(row), data: row.deletedAt ? null : toClientDto(row, keyring) };
}

export function anonymousContactChange(row: AnonymousContactRow): SyncChange {
	return { entity: 'anonymous-contact', ...meta(row), data: row.deletedAt ? null : toAnonymousContactDto(row) };
}

export function encounterChange(row: EncounterRow, keyring: OrgKeyring): SyncChange {
	return { entity: 'encounter', ...meta(row), data: row.deletedAt ? null : toEncounterDto(row, keyring) };
}

export function conflictChange(row: ConflictRow, keyring: OrgKeyring): SyncChange {
	return { entity: 'conflict', id: row.id, version: row.version, updatedAt: row.updatedAt, deletedAt: null, data: toConflictDto(row, keyring) };
}

/**
 * Scope rule of the synced records (shared/permissions.ts): `unit` reaches the viewer's units and
 * what they made themselves, `own` only what they made, `organisation` everything.
 */
export function reaches(scope: Scope | null, viewer: Viewer, row: { unitId: string; createdBy: string }): boolean {
	if (scope === null) return false;
	if (scope === 'organisation' || row.createdBy === viewer.userId) return true;
	return scope === 'unit' && viewer.unitIds.includes(row.unitId);
}

export function canSee(viewer: Viewer, resource: Resource, row: { unitId: string; createdBy: string }): boolean {
	return reaches(scopeFor(viewer.roles, resource, 'read'), viewer, row);
}

type ScopedTable = typeof clients | typeof encounters | typeof anonymousContacts;

/** The same rule as `reaches`, as a WHERE condition; `false` when the viewer may read none. */
export function scopeCondition(table: ScopedTable, resource: Resource, viewer: Viewer): SQL | undefined | false {
	const scope = scopeFor(viewer.roles, resource, 'read');
	if (scope === null) return false;
	if (scope === 'organisation') return undefined;
	const own = eq(table.createdBy, viewer.userId);
	return scope === 'unit' && viewer.unitIds.length > 0 ? or(own, inArray(table.unitId, [...viewer.unitIds])) : own;
}

/** Replaces the client's responsible workers (client_workers mirrors `responsibleWorkerIds`). */
export function setClientWorkers(tx: OrgDbOrTx, clientId: string, userIds: readonly string[]): void {
	tx.delete(clientWorkers).where(eq(clientWorkers.clientId, clientId)).run();
	if (userIds.length > 0) tx.insert(clientWorkers).values(userIds.map((userId) => ({ clientId, userId }))).run();
}

/** The synced records of a client besides the client row: the table and the column naming the client. */
const CLIENT_RECORD_TABLES = [
	{ table: situations, client: situations.clientId },
	{ table: services, client: services.clientId },
	{ table: consents, client: consents.clientId },
	{ table: memos, client: memos.clientId },
	{ table: followUps, client: followUps.clientId },
	{ table: attachments, client: attachments.clientId },
	{ table: clientSensitive, client: clientSensitive.id },
	{ table: clientMerges, client: clientMerges.targetId },
	{ table: encounters, client: encounters.clientId },
	{ table: esfParticipations, client: esfParticipations.clientId }
] as const;

/**
 * A change of who reaches a client (its responsible workers, its unit, a restore) re-sends all of its
 * records: each gets a new change sequence (not a new version, nothing in it changed), so the next
 * incremental pull of a viewer who newly reaches the client brings its older records too. One
 * sequence value per row, so a page boundary never splits rows that share one. Call inside the
 * transaction that changes the scope.
 */
export function bumpClientRecords(tx: OrgDbOrTx, clientId: string): number {
	let count = 0;
	for (const { table, client } of CLIENT_RECORD_TABLES) {
		const ids = tx
			.select({ id: table.id })
			.from(table)
			.where(eq(client, clientId))
			.all()
			.map((r) => r.id);
		for (const id of ids) {
			tx.update(table).set({ changeSeq: nextChangeSeq(tx) }).where(eq(table.id, id)).run();
			count++;
		}
	}
	return count;
}

/** True when two lists of responsible workers name different people (order does not matter). */
export function workersDiffer(a: readonly string[], b: readonly string[]): boolean {
	const x = [...new Set(a)].sort();
	const y = [...new Set(b)].sort();
	return x.length !== y.length || x.some((v, i) => v !== y[i]);
}

/** Inserts a new client at version 1 (push and the seed; callers audit). */
export function insertClient(tx: OrgDbOrTx, input: ClientInput, createdBy: string, now: Date, keyring: OrgKeyring): ClientRow {
	const at = now.toISOString();
	const { id, unitId, ...fields } = input;
	const row = {
		id,
		unitId,
		...clientColumnsOf(fields, id, keyring),
		hetu: null,
		hetuIndex: null,
		mergedInto: null,
		...newSyncedRow(tx, createdBy, at)
	} as ClientRow;
	tx.insert(clients).values(row).run();
	setClientWorkers(tx, id, fields.responsibleWorkerIds);
	return row;
}

// ---------------------------------------------------------------------------------------------------
// Records of a client (issue 4)

export type ClientSensitiveRow = typeof clientSensitive.$inferSelect;
export type SituationRow = typeof situations.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;
export type MemoRow = typeof memos.$inferSelect;
export type FollowUpRow = typeof followUps.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type ClientMergeRow = typeof clientMerges.$inferSelect;

const synced = (row: Meta & { createdBy: string; createdAt: string }) => ({
	version: row.version,
	createdBy: row.createdBy,
	createdAt: row.createdAt,
	updatedAt: row.updatedAt,
	deletedAt: row.deletedAt
});

export function sensitiveFieldsOf(row: ClientSensitiveRow, keyring: OrgKeyring): ClientSensitiveFields {
	return {
		health: decryptOrNull(keyring, row.health, sensitiveContext('health', row.id)),
		substanceUse: decryptOrNull(keyring, row.substanceUse, sensitiveContext('substanceUse', row.id))
	};
}

export function toClientSensitiveDto(row: ClientSensitiveRow, keyring: OrgKeyring): ClientSensitive {
	return { id: row.id, unitId: row.unitId, ...sensitiveFieldsOf(row, keyring), ...synced(row) };
}

export function situationFieldsOf(row: SituationRow): SituationFields {
	return {
		date: row.date,
		phase: row.phase,
		mainActivity: row.mainActivity as SituationFields['mainActivity'],
		meansOfLiving: row.meansOfLiving as SituationFields['meansOfLiving'],
		housing: row.housing as SituationFields['housing'],
		arrivalBasis: row.arrivalBasis as SituationFields['arrivalBasis']
	};
}

export function toSituationDto(row: SituationRow): Situation {
	return { id: row.id, clientId: row.clientId, unitId: row.unitId, ...situationFieldsOf(row), ...synced(row) };
}

export function serviceFieldsOf(row: ServiceRow): ServiceFields {
	return { type: row.type as ServiceFields['type'], status: row.status, startDate: row.startDate, endDate: row.endDate };
}

export function toServiceDto(row: ServiceRow): Service {
	return { id: row.id, clientId: row.clientId, unitId: row.unitId, ...serviceFieldsOf(row), ...synced(row) };
}

export function toConsentDto(row: ConsentRow): Consent {
	return {
		id: row.id,
		clientId: row.clientId,
		unitId: row.unitId,
		purpose: row.purpose,
		recipient: row.recipient,
		channel: row.channel,
		textVersion: row.textVersion,
		method: row.method,
		attachmentId: row.attachmentId,
		givenAt: row.givenAt,
		withdrawnAt: row.withdrawnAt,
		withdrawnBy: row.withdrawnBy,
		withdrawalRecordedAt: row.withdrawalRecordedAt,
		...synced(row)
	};
}

export function toMemoDto(row: MemoRow, keyring: OrgKeyring): Memo {
	return { id: row.id, clientId: row.clientId, unitId: row.unitId, date: row.date, text: keyring.decryptField(row.text, memoTextContext(row.id)), ...synced(row) };
}

export function toFollowUpDto(row: FollowUpRow): FollowUp {
	return {
		id: row.id,
		clientId: row.clientId,
		unitId: row.unitId,
		monthsAfter: row.monthsAfter as FollowUp['monthsAfter'],
		checkedOn: row.checkedOn,
		placement: row.placement as FollowUp['placement'],
		...synced(row)
	};
}

export function toAttachmentDto(row: AttachmentRow, keyring: OrgKeyring): Attachment {
	return {
		id: row.id,
		clientId: row.clientId,
		unitId: row.unitId,
		kind: row.kind,
		contentType: row.contentType,
		size: row.size,
		label: decryptOrNull(keyring, row.label, attachmentLabelContext(row.id)),
		...synced(row)
	};
}

export function toClientMergeDto(row: ClientMergeRow): ClientMerge {
	return {
		id: row.id,
		targetId: row.targetId,
		sourceEntity: row.sourceEntity,
		sourceId: row.sourceId,
		moved: row.moved,
		filledFields: row.filledFields,
		undoUntil: row.undoUntil,
		undoneAt: row.undoneAt,
		undoneBy: row.undoneBy,
		unitId: row.unitId,
		...synced(row)
	};
}

export const sensitiveChange = (row: ClientSensitiveRow, keyring: OrgKeyring): SyncChange => ({
	entity: 'client-sensitive',
	...meta(row),
	data: row.deletedAt ? null : toClientSensitiveDto(row, keyring)
});
export const situationChange = (row: SituationRow): SyncChange => ({ entity: 'situation', ...meta(row), data: row.deletedAt ? null : toSituationDto(row) });
export const serviceChange = (row: ServiceRow): SyncChange => ({ entity: 'service', ...meta(row), data: row.deletedAt ? null : toServiceDto(row) });
export const consentChange = (row: ConsentRow): SyncChange => ({ entity: 'consent', ...meta(row), data: row.deletedAt ? null : toConsentDto(row) });
export const memoChange = (row: MemoRow, keyring: OrgKeyring): SyncChange => ({ entity: 'memo', ...meta(row), data: row.deletedAt ? null : toMemoDto(row, keyring) });
export const followUpChange = (row: FollowUpRow): SyncChange => ({ entity: 'follow-up', ...meta(row), data: row.deletedAt ? null : toFollowUpDto(row) });
export const attachmentChange = (row: AttachmentRow, keyring: OrgKeyring): SyncChange => ({
	entity: 'attachment',
	...meta(row),
	data: row.deletedAt ? null : toAttachmentDto(row, keyring)
});
export const clientMergeChange = (row: ClientMergeRow): SyncChange => ({ entity: 'client-merge', ...meta(row), data: row.deletedAt ? null : toClientMergeDto(row) });
