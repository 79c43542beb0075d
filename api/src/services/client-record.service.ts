/**
 * Push appliers of the client record (issue 4 contract): the client with all its fields, the
 * henkilötunnus, reads from devices, special categories, situations, services, consents, memos,
 * follow-ups, and conflict resolution for every field-merged record. Each runs inside the item's
 * savepoint (sync.service.ts) and either returns an Outcome or throws ItemRejected.
 */
import {
	addedWorkers,
	ARRIVAL_BASES,
	CLIENT_ENCRYPTED_FIELDS,
	ClientFieldsSchema,
	ClientSensitiveFieldsSchema,
	clientFieldIssues,
	consentInForce,
	EDUCATION_LEVELS,
	END_REASONS,
	EsfParticipationFieldsSchema,
	HOUSING_TYPES,
	MAIN_ACTIVITIES,
	MEANS_OF_LIVING,
	MOTHER_TONGUES,
	mayBeResponsible,
	mayNameResponsible,
	parseHetu,
	PLACEMENTS,
	REFERRAL_SOURCES,
	SERVICE_TYPES,
	serviceDatesValid,
	ServiceFieldsSchema,
	SituationFieldsSchema,
	workersChanged,
	type ClientFields,
	type ClientInput,
	type ClientSensitiveFields,
	type ClientSensitiveUpdate,
	type ClientSetHetu,
	type ClientUpdate,
	type ClientViewed,
	type CodeList,
	type ConflictResolve,
	type ConsentInput,
	type ConsentWithdraw,
	type EsfParticipationFields,
	type FieldChanges,
	type FollowUpInput,
	type MemoInput,
	type ResponsibleCandidate,
	type ServiceFields,
	type ServiceInput,
	type ServiceUpdate,
	type SituationFields,
	type SituationInput,
	type SituationUpdate,
	type UnitKind
} from '@polku/shared';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { attachments, clients, clientSensitive, consents, followUps, memos, services, situations, syncConflicts, units, userUnits, users } from '../db/schema';
import { clientReaches, type ClientScopeResource } from './client-scope';
import { esfPatch } from './esf-participation.service';
import { isWorkshopConflict, keepMineWorkshop } from './workshop-record.service';
import {
	applyPatch,
	audit,
	checkLocalCodes,
	existingCreate,
	forbidden,
	invalid,
	recordMutation,
	reject,
	requireCreateUnit,
	sameContent,
	unknownReference,
	writeHistory,
	type ItemContext,
	type Outcome,
	type PatchSpec
} from './sync-push.service';
import {
	bumpClientRecords,
	clientChange,
	clientColumnsOf,
	clientFieldsOf,
	hetuContext,
	insertClient,
	memoTextContext,
	newSyncedRow,
	nextChangeSeq,
	sensitiveChange,
	sensitiveContext,
	sensitiveFieldsOf,
	serviceChange,
	serviceFieldsOf,
	setClientWorkers,
	situationChange,
	situationFieldsOf,
	toClientDto,
	toConflictDto,
	toConsentDto,
	toFollowUpDto,
	toMemoDto,
	toServiceDto,
	toSituationDto,
	workersDiffer,
	type ClientRow
} from './sync-records.service';

/** The code fields of each record and their lists (local codes are checked against the overrides). */
const CLIENT_CODE_LISTS: Record<string, CodeList> = {
	motherTongue: MOTHER_TONGUES,
	educationLevel: EDUCATION_LEVELS,
	referralSource: REFERRAL_SOURCES,
	endReason: END_REASONS,
	placementAtEnd: PLACEMENTS
};
const SITUATION_CODE_LISTS: Record<string, CodeList> = {
	mainActivity: MAIN_ACTIVITIES,
	meansOfLiving: MEANS_OF_LIVING,
	housing: HOUSING_TYPES,
	arrivalBasis: ARRIVAL_BASES
};
const SERVICE_CODE_LISTS: Record<string, CodeList> = { type: SERVICE_TYPES };
const FOLLOW_UP_CODE_LISTS: Record<string, CodeList> = { placement: PLACEMENTS };

const ENCRYPTED = new Set<string>(CLIENT_ENCRYPTED_FIELDS);
const at = (ctx: ItemContext) => ctx.meta.now.toISOString();
const toValues = (changes: Record<string, { to: unknown } | undefined>) => Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c?.to]));

export function unitKindOf(ctx: ItemContext, unitId: string): UnitKind | null {
	return ctx.tx.select({ kind: units.kind }).from(units).where(eq(units.id, unitId)).get()?.kind ?? null;
}

/**
 * A live client the viewer reaches for `resource`/`action`, or the rejection naming `field`:
 * forbidden when it exists but is not theirs, unknown-reference when it does not exist (or is a tombstone).
 */
export function clientFor(ctx: ItemContext, id: string, field: string, action: 'read' | 'update' = 'update', resource: ClientScopeResource = 'client'): ClientRow {
	const row = ctx.tx.select().from(clients).where(eq(clients.id, id)).get();
	if (row && !row.deletedAt && !clientReaches(ctx.tx, ctx.viewer, row, resource, action)) {
		throw forbidden(field, action === 'read' ? 'That client is not yours to see.' : 'That client is not yours to change.');
	}
	if (!row || row.deletedAt) throw unknownReference(field);
	return row;
}

/** What the responsible-worker rule (shared client-workers.ts) needs of each user; deleted users are absent. */
function workerFacts(ctx: ItemContext, ids: readonly string[]): Map<string, ResponsibleCandidate> {
	const facts = new Map<string, ResponsibleCandidate & { unitIds: string[] }>();
	if (ids.length === 0) return facts;
	const wanted = [...new Set(ids)];
	for (const u of ctx.tx
		.select({ id: users.id, roles: users.roles, active: users.active })
		.from(users)
		.where(and(inArray(users.id, wanted), isNull(users.deletedAt)))
		.all()) {
		facts.set(u.id, { roles: u.roles, active: u.active, unitIds: [] });
	}
	for (const m of ctx.tx.select().from(userUnits).where(inArray(userUnits.userId, wanted)).all()) facts.get(m.userId)?.unitIds.push(m.unitId);
	return facts;
}

export type ResponsibleProblem = 'forbidden' | 'unknown-reference' | 'not-eligible';

/**
 * Why the writer may not change the responsible workers of `client` from `current` to `next`, or
 * null when they may (shared client-workers.ts): they must be a current responsible worker or the
 * creator while no active worker is responsible, and whoever is added must exist and be an active
 * outreach worker or coach of the client's unit. A new client is `current` empty with its creator.
 */
export function responsibleProblem(
	ctx: ItemContext,
	client: { unitId: string; createdBy: string },
	current: readonly string[],
	next: readonly string[]
): ResponsibleProblem | null {
	if (!workersChanged(current, next)) return null;
	const added = addedWorkers(current, next);
	const facts = workerFacts(ctx, [...current, ...added]);
	const isActive = (id: string) => facts.get(id)?.active === true;
	if (!mayNameResponsible(ctx.viewer, { createdBy: client.createdBy, responsibleWorkerIds: current }, isActive)) return 'forbidden';
	if (added.some((id) => !facts.has(id))) return 'unknown-reference';
	if (added.some((id) => !mayBeResponsible(facts.get(id) as ResponsibleCandidate, client.unitId))) return 'not-eligible';
	return null;
}

/** responsibleProblem as the item's refusal naming `field` (nothing of the item is written). */
function checkResponsible(ctx: ItemContext, client: { unitId: string; createdBy: string }, current: readonly string[], next: readonly string[], field: string): void {
	const problem = responsibleProblem(ctx, client, current, next);
	if (problem === 'forbidden') {
		throw forbidden(field, 'Only a responsible worker of the client, or its creator while nobody is responsible, names its responsible workers.');
	}
	if (problem === 'unknown-reference') throw unknownReference(field);
	if (problem === 'not-eligible') {
		throw invalid(field, 'not-eligible', 'A responsible worker must be an active outreach worker or coach of the client\'s unit.');
	}
}

function firstIssue(next: ClientFields, name: (field: string) => string): void {
	const [issue] = clientFieldIssues(next);
	if (issue) throw invalid(name(issue.field), issue.code, issue.message);
}

// ---------------------------------------------------------------------------------------------------
// Client

export function createClient(ctx: ItemContext, data: ClientInput): Outcome {
	const { tx, viewer, org } = ctx;
	requireCreateUnit(ctx, 'client', data.unitId);
	const existing = tx.select().from(clients).where(eq(clients.id, data.id)).get();
	if (existing) {
		const visible = clientReaches(tx, viewer, existing, 'client', 'read');
		const same = !existing.deletedAt && sameContent(data, toClientDto(existing, org.keyring));
		return existingCreate(ctx, 'client.create', same && visible, visible ? clientChange(existing, org.keyring) : null);
	}
	for (const field of ctx.settings.requiredClientFields) {
		if (data[field] === null) throw invalid(`data.${field}`, 'required', 'Your organisation requires this field.');
	}
	checkLocalCodes(ctx, CLIENT_CODE_LISTS, data, (f) => `data.${f}`);
	checkResponsible(ctx, { unitId: data.unitId, createdBy: viewer.userId }, [], data.responsibleWorkerIds, 'data.responsibleWorkerIds');
	insertClient(tx, data, viewer.userId, ctx.meta.now, org.keyring);
	recordMutation(ctx, 'client.create', 'applied');
	audit(ctx, 'client.create', 'client', data.id, { unitId: data.unitId });
	return { status: 'applied', entity: 'client', id: data.id, version: 1 };
}

function clientPatch(ctx: ItemContext, row: ClientRow, changes: FieldChanges<ClientFields>, name: (field: string) => string): PatchSpec<ClientFields> {
	const { tx, org } = ctx;
	const current = clientFieldsOf(row, org.keyring);
	return {
		kind: 'client.update',
		entity: 'client',
		id: row.id,
		clientId: row.id,
		version: row.version,
		current,
		changes,
		validate: (next) => {
			for (const field of ctx.settings.requiredClientFields) {
				if (next[field] === null && current[field] !== null) throw invalid(name(field), 'required', 'Your organisation requires this field.');
			}
			firstIssue(next, name);
			// Checked whether the change applies or conflicts: a refused one rejects the whole item, and a
			// conflict kept as `mine` later comes back through here.
			const workers = changes.responsibleWorkerIds;
			if (workers) checkResponsible(ctx, row, current.responsibleWorkerIds, workers.to, name('responsibleWorkerIds'));
		},
		save: (next, version, changeSeq) => {
			tx.update(clients)
				.set({ ...clientColumnsOf(next, row.id, org.keyring), version, updatedAt: at(ctx), changeSeq })
				.where(eq(clients.id, row.id))
				.run();
			if (changes.responsibleWorkerIds) setClientWorkers(tx, row.id, next.responsibleWorkerIds);
			// Who reaches the client changed: re-send its records to a newly assigned worker's next pull.
			if (workersDiffer(current.responsibleWorkerIds, next.responsibleWorkerIds)) bumpClientRecords(tx, row.id);
		},
		serverChange: () => clientChange(tx.select().from(clients).where(eq(clients.id, row.id)).get() ?? row, org.keyring),
		protection: (field) => (ENCRYPTED.has(field) ? 'encrypted' : 'plain'),
		auditAction: 'client.update',
		auditEntity: 'client'
	};
}

export function updateClient(ctx: ItemContext, data: ClientUpdate): Outcome {
	const row = clientFor(ctx, data.id, 'data.id');
	const changes = data.changes as FieldChanges<ClientFields>;
	checkLocalCodes(ctx, CLIENT_CODE_LISTS, toValues(changes), (f) => `data.changes.${f}`);
	return applyPatch(ctx, clientPatch(ctx, row, changes, (f) => `data.changes.${f}`));
}

// ---------------------------------------------------------------------------------------------------
// Henkilötunnus and reads

export function setHetu(ctx: ItemContext, data: ClientSetHetu): Outcome {
	const { tx, org } = ctx;
	const row = clientFor(ctx, data.clientId, 'data.clientId');
	let hetu: string | null = null;
	let index: string | null = null;
	let temporary = false;
	if (data.hetu !== null) {
		const kind = unitKindOf(ctx, row.unitId);
		if (kind === null || !ctx.settings.hetuUnitKinds.includes(kind)) {
			throw invalid('data.hetu', 'hetu-not-allowed', 'Your organisation does not record a henkilötunnus in this unit.');
		}
		const parsed = parseHetu(data.hetu);
		if (!parsed.valid) throw invalid('data.hetu', `hetu-${parsed.reason}`, `Invalid henkilötunnus: ${parsed.reason}`);
		hetu = parsed.hetu;
		temporary = parsed.temporary;
		index = org.keyring.blindIndex(hetu, 'hetu');
		const other = tx
			.select({ id: clients.id })
			.from(clients)
			.where(and(eq(clients.hetuIndex, index), isNull(clients.deletedAt), ne(clients.id, row.id)))
			.get();
		if (other) throw reject(409, 'conflict', 'data.hetu', 'hetu-duplicate', 'Another client has this henkilötunnus.');
	}
	let version = row.version;
	if (index !== row.hetuIndex) {
		version = row.version + 1;
		tx.update(clients)
			.set({ hetu: hetu === null ? null : org.keyring.encryptField(hetu, hetuContext(row.id)), hetuIndex: index, version, updatedAt: at(ctx), changeSeq: nextChangeSeq(tx) })
			.where(eq(clients.id, row.id))
			.run();
		writeHistory(ctx, { clientId: row.id, entity: 'hetu', entityId: row.id, field: 'hetu', from: null, to: null, protection: 'withheld' });
	}
	recordMutation(ctx, 'client.set-hetu', 'applied');
	audit(ctx, 'client.set-hetu', 'client', row.id, { set: hetu !== null, temporary });
	return { status: 'applied', entity: 'client', id: row.id, version };
}

export function clientViewed(ctx: ItemContext, data: ClientViewed): Outcome {
	const row = clientFor(ctx, data.clientId, 'data.clientId', 'read');
	recordMutation(ctx, 'client.viewed', 'applied');
	audit(ctx, 'client.read', 'client', row.id, { via: 'device', viewedAt: data.viewedAt });
	return { status: 'applied', entity: 'client', id: row.id, version: row.version };
}

// ---------------------------------------------------------------------------------------------------
// Special categories

function sensitivePatch(ctx: ItemContext, client: ClientRow, changes: FieldChanges<ClientSensitiveFields>): PatchSpec<ClientSensitiveFields> {
	const { tx, org, viewer } = ctx;
	const existing = tx.select().from(clientSensitive).where(eq(clientSensitive.id, client.id)).get();
	const encrypt = (f: ClientSensitiveFields) => ({
		health: f.health === null ? null : org.keyring.encryptField(f.health, sensitiveContext('health', client.id)),
		substanceUse: f.substanceUse === null ? null : org.keyring.encryptField(f.substanceUse, sensitiveContext('substanceUse', client.id))
	});
	return {
		kind: 'client-sensitive.update',
		entity: 'client-sensitive',
		id: client.id,
		clientId: client.id,
		version: existing?.version ?? 0,
		current: existing ? sensitiveFieldsOf(existing, org.keyring) : { health: null, substanceUse: null },
		changes,
		validate: () => undefined,
		save: (next, version, changeSeq) => {
			if (existing) {
				tx.update(clientSensitive)
					.set({ ...encrypt(next), version, updatedAt: at(ctx), changeSeq })
					.where(eq(clientSensitive.id, client.id))
					.run();
			} else {
				tx.insert(clientSensitive)
					.values({ id: client.id, unitId: client.unitId, ...encrypt(next), version, createdBy: viewer.userId, createdAt: at(ctx), updatedAt: at(ctx), deletedAt: null, changeSeq })
					.run();
			}
		},
		serverChange: () => {
			const now = tx.select().from(clientSensitive).where(eq(clientSensitive.id, client.id)).get();
			return now ? sensitiveChange(now, org.keyring) : { entity: 'client-sensitive', id: client.id, version: 1, updatedAt: at(ctx), deletedAt: null, data: null };
		},
		protection: () => 'encrypted',
		auditAction: 'client-sensitive.update',
		auditEntity: 'client-sensitive'
	};
}

export function updateSensitive(ctx: ItemContext, data: ClientSensitiveUpdate): Outcome {
	const client = clientFor(ctx, data.id, 'data.id', 'update', 'client-sensitive');
	return applyPatch(ctx, sensitivePatch(ctx, client, data.changes as FieldChanges<ClientSensitiveFields>));
}

// ---------------------------------------------------------------------------------------------------
// Situations and services

function checkArrivalBasis(ctx: ItemContext, client: ClientRow, value: string | null, field: string): void {
	if (value !== null && unitKindOf(ctx, client.unitId) !== 'integration') {
		throw invalid(field, 'not-allowed', 'The arrival basis is recorded for integration clients only.');
	}
}

export function createSituation(ctx: ItemContext, data: SituationInput): Outcome {
	const { tx, viewer } = ctx;
	const client = clientFor(ctx, data.clientId, 'data.clientId');
	const existing = tx.select().from(situations).where(eq(situations.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.clientId === data.clientId && sameContent(data, toSituationDto(existing));
		return existingCreate(ctx, 'situation.create', same, existing.clientId === data.clientId ? situationChange(existing) : null);
	}
	checkLocalCodes(ctx, SITUATION_CODE_LISTS, data, (f) => `data.${f}`);
	checkArrivalBasis(ctx, client, data.arrivalBasis, 'data.arrivalBasis');
	tx.insert(situations)
		.values({ ...data, unitId: client.unitId, ...newSyncedRow(tx, viewer.userId, at(ctx)) })
		.run();
	recordMutation(ctx, 'situation.create', 'applied');
	audit(ctx, 'situation.create', 'situation', data.id, { clientId: client.id });
	return { status: 'applied', entity: 'situation', id: data.id, version: 1 };
}

function situationPatch(ctx: ItemContext, id: string, changes: FieldChanges<SituationFields>, name: (f: string) => string, idField: string): PatchSpec<SituationFields> {
	const { tx } = ctx;
	const row = tx.select().from(situations).where(eq(situations.id, id)).get();
	if (row && !row.deletedAt) clientFor(ctx, row.clientId, idField);
	if (!row || row.deletedAt) throw unknownReference(idField);
	const client = clientFor(ctx, row.clientId, idField);
	return {
		kind: 'situation.update',
		entity: 'situation',
		id: row.id,
		clientId: row.clientId,
		version: row.version,
		current: situationFieldsOf(row),
		changes,
		validate: (next) => checkArrivalBasis(ctx, client, next.arrivalBasis, name('arrivalBasis')),
		save: (next, version, changeSeq) => void tx.update(situations).set({ ...next, version, updatedAt: at(ctx), changeSeq }).where(eq(situations.id, row.id)).run(),
		serverChange: () => situationChange(tx.select().from(situations).where(eq(situations.id, row.id)).get() ?? row),
		protection: () => 'plain',
		auditAction: 'situation.update',
		auditEntity: 'situation'
	};
}

export function updateSituation(ctx: ItemContext, data: SituationUpdate): Outcome {
	const changes = data.changes as FieldChanges<SituationFields>;
	const spec = situationPatch(ctx, data.id, changes, (f) => `data.changes.${f}`, 'data.id');
	checkLocalCodes(ctx, SITUATION_CODE_LISTS, toValues(changes), (f) => `data.changes.${f}`);
	return applyPatch(ctx, spec);
}

export function createService(ctx: ItemContext, data: ServiceInput): Outcome {
	const { tx, viewer } = ctx;
	const client = clientFor(ctx, data.clientId, 'data.clientId');
	const existing = tx.select().from(services).where(eq(services.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.clientId === data.clientId && sameContent(data, toServiceDto(existing));
		return existingCreate(ctx, 'service.create', same, existing.clientId === data.clientId ? serviceChange(existing) : null);
	}
	checkLocalCodes(ctx, SERVICE_CODE_LISTS, data, (f) => `data.${f}`);
	tx.insert(services)
		.values({ ...data, unitId: client.unitId, ...newSyncedRow(tx, viewer.userId, at(ctx)) })
		.run();
	recordMutation(ctx, 'service.create', 'applied');
	audit(ctx, 'service.create', 'service', data.id, { clientId: client.id, type: data.type });
	return { status: 'applied', entity: 'service', id: data.id, version: 1 };
}

function servicePatch(ctx: ItemContext, id: string, changes: FieldChanges<ServiceFields>, name: (f: string) => string, idField: string): PatchSpec<ServiceFields> {
	const { tx } = ctx;
	const row = tx.select().from(services).where(eq(services.id, id)).get();
	if (row && !row.deletedAt) clientFor(ctx, row.clientId, idField);
	if (!row || row.deletedAt) throw unknownReference(idField);
	return {
		kind: 'service.update',
		entity: 'service',
		id: row.id,
		clientId: row.clientId,
		version: row.version,
		current: serviceFieldsOf(row),
		changes,
		validate: (next) => {
			if (!serviceDatesValid(next)) throw invalid(name('endDate'), 'before-start', 'The end date is before the start date');
		},
		save: (next, version, changeSeq) => void tx.update(services).set({ ...next, version, updatedAt: at(ctx), changeSeq }).where(eq(services.id, row.id)).run(),
		serverChange: () => serviceChange(tx.select().from(services).where(eq(services.id, row.id)).get() ?? row),
		protection: () => 'plain',
		auditAction: 'service.update',
		auditEntity: 'service'
	};
}

export function updateService(ctx: ItemContext, data: ServiceUpdate): Outcome {
	const changes = data.changes as FieldChanges<ServiceFields>;
	const spec = servicePatch(ctx, data.id, changes, (f) => `data.changes.${f}`, 'data.id');
	checkLocalCodes(ctx, SERVICE_CODE_LISTS, toValues(changes), (f) => `data.changes.${f}`);
	return applyPatch(ctx, spec);
}

// ---------------------------------------------------------------------------------------------------
// Consents, memos, follow-ups

export function createConsent(ctx: ItemContext, data: ConsentInput): Outcome {
	const { tx, viewer } = ctx;
	const client = clientFor(ctx, data.clientId, 'data.clientId');
	const existing = tx.select().from(consents).where(eq(consents.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.clientId === data.clientId && sameContent(data, toConsentDto(existing));
		return existingCreate(ctx, 'consent.create', same, null);
	}
	if (data.attachmentId !== null) {
		const a = tx.select({ clientId: attachments.clientId, deletedAt: attachments.deletedAt }).from(attachments).where(eq(attachments.id, data.attachmentId)).get();
		if (!a || a.deletedAt || a.clientId !== client.id) throw unknownReference('data.attachmentId');
	}
	tx.insert(consents)
		.values({
			...data,
			unitId: client.unitId,
			withdrawnAt: null,
			withdrawnBy: null,
			withdrawalRecordedAt: null,
			...newSyncedRow(tx, viewer.userId, at(ctx))
		})
		.run();
	recordMutation(ctx, 'consent.create', 'applied');
	audit(ctx, 'consent.create', 'consent', data.id, { clientId: client.id, purpose: data.purpose, method: data.method });
	return { status: 'applied', entity: 'consent', id: data.id, version: 1 };
}

export function withdrawConsent(ctx: ItemContext, data: ConsentWithdraw): Outcome {
	const { tx, viewer } = ctx;
	const row = tx.select().from(consents).where(eq(consents.id, data.id)).get();
	if (row && !row.deletedAt) clientFor(ctx, row.clientId, 'data.id');
	if (!row || row.deletedAt) throw unknownReference('data.id');
	if (row.withdrawnAt !== null) {
		recordMutation(ctx, 'consent.withdraw', 'duplicate');
		return { status: 'duplicate' };
	}
	if (data.effectiveAt < row.givenAt) throw invalid('data.effectiveAt', 'before-given', 'A consent cannot be withdrawn before it was given.');
	const version = row.version + 1;
	tx.update(consents)
		.set({ withdrawnAt: data.effectiveAt, withdrawnBy: viewer.userId, withdrawalRecordedAt: at(ctx), version, updatedAt: at(ctx), changeSeq: nextChangeSeq(tx) })
		.where(eq(consents.id, row.id))
		.run();
	writeHistory(ctx, { clientId: row.clientId, entity: 'consent', entityId: row.id, field: 'withdrawnAt', from: null, to: data.effectiveAt, protection: 'plain' });
	recordMutation(ctx, 'consent.withdraw', 'applied');
	audit(ctx, 'consent.withdraw', 'consent', row.id, { clientId: row.clientId, purpose: row.purpose });
	return { status: 'applied', entity: 'consent', id: row.id, version };
}

export function createMemo(ctx: ItemContext, data: MemoInput): Outcome {
	const { tx, viewer, org } = ctx;
	const client = clientFor(ctx, data.clientId, 'data.clientId');
	const existing = tx.select().from(memos).where(eq(memos.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.clientId === data.clientId && sameContent(data, toMemoDto(existing, org.keyring));
		return existingCreate(ctx, 'memo.create', same, null);
	}
	tx.insert(memos)
		.values({
			...data,
			text: org.keyring.encryptField(data.text, memoTextContext(data.id)),
			unitId: client.unitId,
			...newSyncedRow(tx, viewer.userId, at(ctx))
		})
		.run();
	recordMutation(ctx, 'memo.create', 'applied');
	audit(ctx, 'memo.create', 'memo', data.id, { clientId: client.id });
	return { status: 'applied', entity: 'memo', id: data.id, version: 1 };
}

export function createFollowUp(ctx: ItemContext, data: FollowUpInput): Outcome {
	const { tx, viewer } = ctx;
	const client = clientFor(ctx, data.clientId, 'data.clientId');
	const existing = tx.select().from(followUps).where(eq(followUps.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.clientId === data.clientId && sameContent(data, toFollowUpDto(existing));
		return existingCreate(ctx, 'follow-up.create', same, null);
	}
	checkLocalCodes(ctx, FOLLOW_UP_CODE_LISTS, data, (f) => `data.${f}`);
	if (client.endDate === null || client.endDate > data.checkedOn) {
		throw invalid('data.checkedOn', 'client-not-ended', 'A follow-up is recorded after the client relationship has ended.');
	}
	// A consent given during the day of the check counts.
	const endOfDay = `${data.checkedOn}T23:59:59.999Z`;
	const consented = tx
		.select()
		.from(consents)
		.where(and(eq(consents.clientId, client.id), eq(consents.purpose, 'follow-up'), isNull(consents.deletedAt)))
		.all()
		.some((c) => consentInForce(c, endOfDay));
	if (!consented) throw invalid('data.checkedOn', 'consent-missing', 'No follow-up consent in force on that day.');
	tx.insert(followUps)
		.values({ ...data, unitId: client.unitId, ...newSyncedRow(tx, viewer.userId, at(ctx)) })
		.run();
	recordMutation(ctx, 'follow-up.create', 'applied');
	audit(ctx, 'follow-up.create', 'follow-up', data.id, { clientId: client.id, monthsAfter: data.monthsAfter });
	return { status: 'applied', entity: 'follow-up', id: data.id, version: 1 };
}

// ---------------------------------------------------------------------------------------------------
// Conflicts

function keptValue<S extends z.ZodType>(shape: Record<string, S>, field: string, value: unknown): unknown {
	const schema = shape[field];
	const parsed = schema?.safeParse(value);
	if (!parsed?.success) throw invalid('data.keep', 'invalid', 'The kept value is no longer valid.');
	return parsed.data;
}

/** Resolves a conflict of any field-merged record; `keep: 'mine'` writes the author's value over the server's. */
export function resolveConflict(ctx: ItemContext, data: ConflictResolve): Outcome {
	const { tx } = ctx;
	const conflict = tx.select().from(syncConflicts).where(eq(syncConflicts.id, data.id)).get();
	if (conflict && conflict.authorId !== ctx.viewer.userId) throw forbidden('data.id', 'Only its author resolves a conflict.');
	if (!conflict) throw unknownReference('data.id');
	if (conflict.resolvedAt) {
		recordMutation(ctx, 'conflict.resolve', 'duplicate');
		return { status: 'duplicate' };
	}
	if (data.keep === 'mine') {
		const mine = toConflictDto(conflict, ctx.org.keyring).mine;
		const name = () => 'data.keep';
		const field = conflict.field;
		let spec: PatchSpec<object> | null;
		if (conflict.entity === 'client') {
			const row = clientFor(ctx, conflict.entityId, 'data.id');
			const value = keptValue(ClientFieldsSchema.shape, field, mine);
			const current = clientFieldsOf(row, ctx.org.keyring) as Record<string, unknown>;
			spec = clientPatch(ctx, row, { [field]: { from: current[field], to: value } } as FieldChanges<ClientFields>, name) as PatchSpec<object>;
		} else if (conflict.entity === 'client-sensitive') {
			const client = clientFor(ctx, conflict.entityId, 'data.id', 'update', 'client-sensitive');
			const value = keptValue(ClientSensitiveFieldsSchema.shape, field, mine);
			const base = sensitivePatch(ctx, client, {});
			spec = sensitivePatch(ctx, client, { [field]: { from: (base.current as Record<string, unknown>)[field], to: value } } as FieldChanges<ClientSensitiveFields>) as PatchSpec<object>;
		} else if (conflict.entity === 'situation') {
			const value = keptValue(SituationFieldsSchema.shape, field, mine);
			const base = situationPatch(ctx, conflict.entityId, {}, name, 'data.id');
			const changes = { [field]: { from: (base.current as Record<string, unknown>)[field], to: value } } as FieldChanges<SituationFields>;
			checkLocalCodes(ctx, SITUATION_CODE_LISTS, toValues(changes), name);
			spec = { ...base, changes } as PatchSpec<object>;
		} else if (conflict.entity === 'esf-participation') {
			const value = keptValue(EsfParticipationFieldsSchema.shape, field, mine);
			const base = esfPatch(ctx, conflict.entityId, {}, name, 'data.id');
			const changes = { [field]: { from: (base.current as Record<string, unknown>)[field], to: value } } as FieldChanges<EsfParticipationFields>;
			spec = esfPatch(ctx, conflict.entityId, changes, name, 'data.id') as PatchSpec<object>;
		} else if (isWorkshopConflict(conflict.entity)) {
			keepMineWorkshop(ctx, conflict.entity, conflict.entityId, field, mine);
			spec = null;
		} else {
			const value = keptValue(ServiceFieldsSchema.shape, field, mine);
			const base = servicePatch(ctx, conflict.entityId, {}, name, 'data.id');
			const changes = { [field]: { from: (base.current as Record<string, unknown>)[field], to: value } } as FieldChanges<ServiceFields>;
			checkLocalCodes(ctx, SERVICE_CODE_LISTS, toValues(changes), name);
			spec = { ...base, changes } as PatchSpec<object>;
		}
		if (conflict.entity === 'client') checkLocalCodes(ctx, CLIENT_CODE_LISTS, { [field]: mine }, name);
		if (spec) applyPatch(ctx, { ...spec, record: false });
	}
	const version = conflict.version + 1;
	tx.update(syncConflicts)
		.set({ resolvedAt: at(ctx), resolution: data.keep, version, updatedAt: at(ctx), changeSeq: nextChangeSeq(tx) })
		.where(eq(syncConflicts.id, conflict.id))
		.run();
	recordMutation(ctx, 'conflict.resolve', 'applied');
	audit(ctx, 'conflict.resolve', 'conflict', conflict.id, { keep: data.keep, entity: conflict.entity, entityId: conflict.entityId, field: conflict.field });
	return { status: 'applied', entity: 'conflict', id: conflict.id, version };
}
