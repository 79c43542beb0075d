/**
 * Server sync (issue 3; DESIGN.md "The way data travels" 4–5, "Sync rules").
 *
 * Push takes sealed mutations from a device and answers each one, in order: `applied`, `duplicate`,
 * `conflict`, `rejected` or `held`. An item never fails the batch. Per item:
 *   schema version → made before the device was registered? → open the envelope with
 *   aad = syncAad(org, mutation id, schema version) → validate with the shared MutationSchema →
 *   then, in ONE IMMEDIATE transaction: mutation id seen? → permission and scope → references →
 *   apply → record the mutation id → audit.
 * **A blocked device writes nothing by itself:** once it is revoked (by an admin, its user's
 * deactivation or password reset) or its user is deactivated, every item it pushes is held
 * (held_mutations) for an admin to accept or refuse, whatever time its mutation id claims: that
 * time is the device's word, and authorisation rests on server facts only. An active device whose
 * token outlived `deviceTokenDays` without a sign-in gets a 401 `device-expired` and keeps its items.
 * **Exactly once:** the mutation id is recorded in the same transaction as the change, and looked up
 * inside that transaction before anything is written; writes are serialised, so the same mutation
 * sent twice at once (page and service worker, or a retried request) is applied once and answered
 * `duplicate` the second time. Resending is always safe.
 *
 * Pull returns what the user may read, changed since the cursor, in change-sequence order, with
 * tombstones; the audit row of each page counts records, never shows them.
 */
import {
	MUTATION_PERMISSION,
	MutationSchema,
	scopeFor,
	SUPPORTED_SYNC_SCHEMA_VERSIONS,
	syncAad,
	type AnonymousContactInput,
	type EncounterInput,
	type FieldError,
	type Mutation,
	type PullResponse,
	type PushItem,
	type PushResponse,
	type PushResult,
	type SyncChange
} from '@polku/shared';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { createHash } from 'node:crypto';
import type { OrgTx } from '../db';
import { hotStatements } from '../db/hot-statements';
import type { OrgHandle } from '../db/org-registry';
import {
	anonymousContacts,
	assessments,
	attachments,
	attendanceMarks,
	coachingPeriods,
	coachingReports,
	diaryEntries,
	goalNotes,
	goals,
	clientMerges,
	clients,
	clientSensitive,
	consents,
	encounters,
	esfParticipations,
	followUps,
	memos,
	services,
	situations,
	syncConflicts
} from '../db/schema';
import type { DeviceAuth } from '../lib/app-types';
import { canonicalJson } from '../lib/canonical-json';
import { ValidationFailed } from '../lib/errors';
import { buildProblem, fieldErrors } from '../middlewares/on-error';
import { appendAudit, appendAuditFast } from './audit.service';
import * as record from './client-record.service';
import * as workshop from './workshop-record.service';
import * as esf from './esf-participation.service';
import { mergeClient, unmergeClient } from './client-merge.service';
import { clientIdInScope, clientScopeCondition } from './client-scope';
import { deviceStatus, deviceTokenExpired, DeviceTokenExpired, touchDevice, type DeviceRow } from './device.service';
import type { EffectiveSettings } from './organisation.service';
import {
	audit,
	existingCreate,
	forbidden,
	holdMutation,
	ItemRejected,
	recordMutation,
	reject,
	requireCreateUnit,
	sameContent,
	unknownReference,
	type ItemContext,
	type Outcome,
	type SyncMeta
} from './sync-push.service';
import {
	anonymousContactChange,
	attachmentChange,
	canSee,
	clientChange,
	clientMergeChange,
	conflictChange,
	consentChange,
	currentChangeSeq,
	encounterChange,
	encounterNoteContext,
	followUpChange,
	memoChange,
	newSyncedRow,
	nextChangeSeq,
	scopeCondition,
	sensitiveChange,
	serviceChange,
	situationChange,
	toAnonymousContactDto,
	toEncounterDto,
	type Viewer
} from './sync-records.service';

import {
	assessmentChange,
	diaryChange,
	goalChange,
	goalNoteChange,
	markChange,
	periodChange,
	periodScopeCondition,
	reportChange,
	workshopRecordCondition,
	type DiaryRow,
	type GoalNoteRow,
	type GoalRow,
	type PeriodRow,
	type ReportRow
} from './workshop-data';

export type { SyncMeta } from './sync-push.service';

/** The millisecond timestamp of a UUIDv7 (its first 48 bits). */
export function uuidv7Time(id: string): number {
	return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

/**
 * Clock-skew tolerance of the registration check: a device's clock may run behind the server's
 * (phones off the network, wrong time zones set by hand), and a mutation made right after the first
 * sign-in must not be refused for that. A day covers any real skew while still refusing ids that
 * claim to come from long before the device existed.
 */
export const REGISTRATION_SKEW_MS = 24 * 60 * 60 * 1000;

export function push(auth: DeviceAuth, items: PushItem[], meta: SyncMeta, settings: EffectiveSettings): PushResponse {
	const { org, device, user } = auth;
	const status = deviceStatus(device, user);
	// An expired token stops an active device until a sign-in renews it (nothing is lost: the items
	// stay queued on the device). A blocked device still gets through: it must hear `wipe`, and
	// everything it sends is only held.
	if (status.held === null && deviceTokenExpired(device, settings.deviceTokenDays, meta.now)) throw new DeviceTokenExpired();
	const notBeforeMs = status.held === null ? Date.parse(device.createdAt) - REGISTRATION_SKEW_MS : null;
	const viewer: Viewer = { userId: user.id, roles: user.roles, unitIds: auth.unitIds };
	const rejected = (error: ItemRejected, mutationId: string): PushResult => ({
		mutationId,
		status: 'rejected',
		problem: buildProblem(error.status, error.code, { detail: error.detail, errors: error.errors, instance: meta.instance, requestId: meta.requestId })
	});
	// Opening and validating needs no lock: done for every item before the transaction.
	const opened = items.map((item) => {
		try {
			return { item, ready: openItem(org, notBeforeMs, item) };
		} catch (error) {
			if (error instanceof ItemRejected) return { item, error };
			throw error;
		}
	});
	// Crucial transaction: one IMMEDIATE transaction for the batch, one SAVEPOINT per item. An item
	// that is refused rolls back to its savepoint and leaves the others; each applied item's change,
	// its mutation id and its audit row commit together, or (on a crash) not at all, and the device
	// then sends the batch again and gets `duplicate` for what did commit.
	const results = org.write((tx) => {
		const out = opened.map(({ item, ready, error }): PushResult => {
			if (error) return rejected(error, item.mutationId);
			if (!ready) throw new Error('unreachable');
			if (status.held !== null) return holdItem(tx, org, viewer, device, item, ready, status.held, meta, settings);
			try {
				const outcome = tx.transaction((sp) => applyItem(sp, org, viewer, device, item.mutationId, ready, meta, settings));
				return { mutationId: item.mutationId, ...outcome } as PushResult;
			} catch (e) {
				if (e instanceof ItemRejected) return rejected(e, item.mutationId);
				throw e;
			}
		});
		touchDevice(tx, device.id, meta.now);
		return out;
	});
	return { results, device: { status: status.status, wipe: status.wipe }, serverTime: meta.now.toISOString() };
}

export type OpenedItem = { mutation: Mutation; contentHash: string };

/** Zod issues as field errors; a custom issue's `params.code` (e.g. `name-required`) is its code. */
function pushFieldErrors(error: Parameters<typeof fieldErrors>[0]): FieldError[] {
	return error.issues.flatMap((issue) => {
		const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
		if (typeof code === 'string') return [{ field: issue.path.map(String).join('.'), code, message: issue.message }];
		return fieldErrors({ issues: [issue] } as Parameters<typeof fieldErrors>[0]);
	});
}

/**
 * Steps 1–3 of an item: schema version, made before the device existed (`notBeforeMs`, server time of
 * registration less the skew; null: not checked), envelope, validation. Throws ItemRejected.
 */
export function openItem(org: OrgHandle, notBeforeMs: number | null, item: PushItem): OpenedItem {
	if (!SUPPORTED_SYNC_SCHEMA_VERSIONS.includes(item.schemaVersion)) {
		throw reject(422, 'schema-unsupported', 'schemaVersion', 'unsupported', 'This schema version is not supported by the server.');
	}
	if (notBeforeMs !== null && uuidv7Time(item.mutationId) < notBeforeMs) {
		throw reject(403, 'forbidden', 'mutationId', 'before-registration', 'Made before this device was registered.');
	}
	let plaintext: Uint8Array;
	try {
		plaintext = org.keyring.openSync(item.envelope, syncAad(org.id, item.mutationId, item.schemaVersion));
	} catch {
		throw reject(422, 'seal-invalid', 'envelope', 'seal-invalid', 'The envelope does not open for this organisation, mutation id and schema version.');
	}
	let raw: unknown;
	try {
		raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
	} catch {
		throw reject(422, 'validation-failed', '', 'malformed-json', 'The sealed content is not JSON.');
	}
	const parsed = MutationSchema.safeParse(raw);
	if (!parsed.success) throw new ItemRejected(422, 'validation-failed', pushFieldErrors(parsed.error), 'The mutation is not valid.');
	// Keyed (lib/crypto keyedDigest): a plain digest in the file would confirm a guessed henkilötunnus.
	return { mutation: parsed.data, contentHash: org.keyring.keyedDigest(createHash('sha256').update(canonicalJson(raw)).digest('hex')) };
}

/**
 * An item of a blocked device: held (sync-push.service.ts holdMutation), never applied. One already
 * recorded (applied before the block, its answer lost) is answered from that record by applyItem,
 * which returns at its "seen" step before writing anything.
 */
function holdItem(
	tx: OrgTx,
	org: OrgHandle,
	viewer: Viewer,
	device: DeviceRow,
	item: PushItem,
	opened: OpenedItem,
	reason: NonNullable<ReturnType<typeof deviceStatus>['held']>,
	meta: SyncMeta,
	settings: EffectiveSettings
): PushResult {
	if (hotStatements(org.sqlite).mutationHash.get(item.mutationId)) {
		const outcome = tx.transaction((sp) => applyItem(sp, org, viewer, device, item.mutationId, opened, meta, settings));
		return { mutationId: item.mutationId, ...outcome } as PushResult;
	}
	const held = holdMutation(tx, { device, item, kind: opened.mutation.kind, reason, meta });
	if (held === 'held') return { mutationId: item.mutationId, status: 'held' };
	return { mutationId: item.mutationId, status: 'conflict', reason: 'mutation-reused', server: null, conflicts: [] };
}

/** Steps 4–8, inside the item's savepoint: mutation id seen? → permission → references → apply. */
export function applyItem(tx: OrgTx, org: OrgHandle, viewer: Viewer, device: DeviceRow, mutationId: string, opened: OpenedItem, meta: SyncMeta, settings: EffectiveSettings): Outcome {
	const { mutation, contentHash } = opened;
	const hot = hotStatements(org.sqlite);
	const seen = hot.mutationHash.get(mutationId);
	if (seen) {
		return seen.contentHash === contentHash ? { status: 'duplicate' } : { status: 'conflict', reason: 'mutation-reused', server: null, conflicts: [] };
	}
	const grant = MUTATION_PERMISSION[mutation.kind];
	if (scopeFor(viewer.roles, grant.resource, grant.action) === null) throw forbidden('kind');
	return apply({ tx, hot, org, viewer, device, mutationId, contentHash, meta, settings }, mutation);
}

function apply(ctx: ItemContext, mutation: Mutation): Outcome {
	switch (mutation.kind) {
		case 'encounter.create':
			return createEncounter(ctx, mutation.data);
		case 'anonymous-contact.create':
			return createAnonymousContact(ctx, mutation.data);
		case 'client.create':
			return record.createClient(ctx, mutation.data);
		case 'client.update':
			return record.updateClient(ctx, mutation.data);
		case 'conflict.resolve':
			return record.resolveConflict(ctx, mutation.data);
		case 'client.set-hetu':
			return record.setHetu(ctx, mutation.data);
		case 'client.viewed':
			return record.clientViewed(ctx, mutation.data);
		case 'client-sensitive.update':
			return record.updateSensitive(ctx, mutation.data);
		case 'situation.create':
			return record.createSituation(ctx, mutation.data);
		case 'situation.update':
			return record.updateSituation(ctx, mutation.data);
		case 'service.create':
			return record.createService(ctx, mutation.data);
		case 'service.update':
			return record.updateService(ctx, mutation.data);
		case 'consent.create':
			return record.createConsent(ctx, mutation.data);
		case 'consent.withdraw':
			return record.withdrawConsent(ctx, mutation.data);
		case 'memo.create':
			return record.createMemo(ctx, mutation.data);
		case 'follow-up.create':
			return record.createFollowUp(ctx, mutation.data);
		case 'client.merge':
			return mergeClient(ctx, mutation.data);
		case 'client.unmerge':
			return unmergeClient(ctx, mutation.data);
		case 'coaching-period.create':
			return workshop.createPeriod(ctx, mutation.data);
		case 'coaching-period.update':
			return workshop.updatePeriod(ctx, mutation.data);
		case 'goal.create':
			return workshop.createGoal(ctx, mutation.data);
		case 'goal.update':
			return workshop.updateGoal(ctx, mutation.data);
		case 'goal-note.create':
			return workshop.createGoalNote(ctx, mutation.data);
		case 'attendance.set':
			return workshop.setAttendance(ctx, mutation.data);
		case 'diary.create':
			return workshop.createDiary(ctx, mutation.data);
		case 'assessment.create':
			return workshop.createAssessment(ctx, mutation.data);
		case 'coaching-report.create':
			return workshop.createReport(ctx, mutation.data);
		case 'coaching-report.update':
			return workshop.updateReport(ctx, mutation.data);
		case 'coaching-report.printed':
			return workshop.reportPrinted(ctx, mutation.data);
		case 'esf-participation.create':
			return esf.createEsfParticipation(ctx, mutation.data);
		case 'esf-participation.update':
			return esf.updateEsfParticipation(ctx, mutation.data);
	}
}

function createEncounter(ctx: ItemContext, data: EncounterInput): Outcome {
	const { tx, org, viewer } = ctx;
	requireCreateUnit(ctx, 'encounter', data.unitId);
	if (data.clientId !== null) {
		record.clientFor(ctx, data.clientId, 'data.clientId', 'read');
	}
	if (data.anonymousContactId !== null) {
		const contact = ctx.hot.contactRef.get(data.anonymousContactId);
		if (contact && !contact.deletedAt && !canSee(viewer, 'anonymous-contact', contact)) {
			throw forbidden('data.anonymousContactId', 'That contact is not yours to see.');
		}
		if (!contact || contact.deletedAt) throw unknownReference('data.anonymousContactId');
	}
	const existing = ctx.hot.encounterExists.get(data.id) ? tx.select().from(encounters).where(eq(encounters.id, data.id)).get() : undefined;
	if (existing) {
		const visible = canSee(viewer, 'encounter', existing);
		const same = !existing.deletedAt && sameContent(data, toEncounterDto(existing, org.keyring));
		return existingCreate(ctx, 'encounter.create', same && visible, visible ? encounterChange(existing, org.keyring) : null);
	}
	const at = ctx.meta.now.toISOString();
	ctx.hot.insertEncounter.run({
		...data,
		topics: JSON.stringify(data.topics),
		actions: JSON.stringify(data.actions),
		note: org.keyring.encryptField(data.note, encounterNoteContext(data.id)),
		createdBy: viewer.userId,
		at,
		changeSeq: ctx.hot.nextSeq.get()?.seq ?? nextChangeSeq(tx)
	});
	recordMutation(ctx, 'encounter.create', 'applied');
	audit(ctx, 'encounter.create', 'encounter', data.id, { unitId: data.unitId });
	return { status: 'applied', entity: 'encounter', id: data.id, version: 1 };
}

function createAnonymousContact(ctx: ItemContext, data: AnonymousContactInput): Outcome {
	const { tx, viewer } = ctx;
	requireCreateUnit(ctx, 'anonymous-contact', data.unitId);
	const existing = tx.select().from(anonymousContacts).where(eq(anonymousContacts.id, data.id)).get();
	if (existing) {
		const visible = canSee(viewer, 'anonymous-contact', existing);
		const same = !existing.deletedAt && sameContent(data, toAnonymousContactDto(existing));
		return existingCreate(ctx, 'anonymous-contact.create', same && visible, visible ? anonymousContactChange(existing) : null);
	}
	const at = ctx.meta.now.toISOString();
	tx.insert(anonymousContacts)
		.values({ ...data, ...newSyncedRow(tx, viewer.userId, at) })
		.run();
	recordMutation(ctx, 'anonymous-contact.create', 'applied');
	audit(ctx, 'anonymous-contact.create', 'anonymous-contact', data.id, { unitId: data.unitId });
	return { status: 'applied', entity: 'anonymous-contact', id: data.id, version: 1 };
}

// ---------------------------------------------------------------------------------------------------
// Pull

export type PullInput = { since?: string | undefined; limit: number };

function parseCursor(since: string | undefined): number {
	if (since === undefined || since === '') return 0;
	if (!/^\d{1,15}$/.test(since)) {
		throw new ValidationFailed([{ field: 'since', code: 'invalid-cursor', message: 'Not a cursor this server gave out.' }]);
	}
	return Number(since);
}

/**
 * One page of changes the viewer may read, oldest first. The page and the cursor come from one
 * IMMEDIATE transaction (which also writes the audit row), so the cursor is exact: when nothing more
 * waits, it moves to the head of the sequence, past changes the viewer may not see.
 */
export function pull(org: OrgHandle, viewer: Viewer, device: DeviceRow, input: PullInput, meta: SyncMeta): PullResponse {
	const since = parseCursor(input.since);
	const limit = input.limit;
	return org.write((tx) => {
		if (device.revokedAt) {
			appendAudit(tx, {
				at: meta.now,
				actorId: viewer.userId,
				action: 'sync.pull',
				entity: 'device',
				entityId: device.id,
				address: meta.address,
				detail: { since, count: 0, revoked: true }
			});
			return { changes: [], cursor: String(since), more: false, device: { status: 'revoked', wipe: true } };
		}
		type Row = { seq: number; change: () => SyncChange; entity: SyncChange['entity']; clientRead?: string };
		const rows: Row[] = [];
		const take = limit + 1;
		/** Up to `take` rows of `table` past the cursor under `cond` (false: none), oldest first. */
		const collect = <T extends SQLiteTable & { changeSeq: SQLiteColumn }, R extends { changeSeq: number }>(
			table: T,
			cond: SQL | undefined | false,
			entity: SyncChange['entity'],
			toChange: (r: R) => SyncChange,
			readOf?: (r: R) => string | undefined
		) => {
			if (cond === false) return;
			const where = and(gt(table.changeSeq, since), cond);
			const found = tx.select().from(table as SQLiteTable).where(where).orderBy(asc(table.changeSeq)).limit(take).all() as unknown as R[];
			for (const r of found) rows.push({ seq: r.changeSeq, entity, change: () => toChange(r), ...(readOf ? { clientRead: readOf(r) } : {}) });
		};
		const read = (resource: 'client' | 'client-sensitive' = 'client') => (column: SQLiteColumn) => clientIdInScope(column, viewer, resource, 'read');
		collect(
			clients,
			clientScopeCondition(viewer, 'client', 'read'),
			'client',
			(r: typeof clients.$inferSelect) => clientChange(r, org.keyring),
			(r) => (r.deletedAt ? undefined : r.id)
		);
		collect(anonymousContacts, scopeCondition(anonymousContacts, 'anonymous-contact', viewer), 'anonymous-contact', anonymousContactChange);
		collect(encounters, scopeCondition(encounters, 'encounter', viewer), 'encounter', (r: typeof encounters.$inferSelect) => encounterChange(r, org.keyring));
		collect(syncConflicts, eq(syncConflicts.authorId, viewer.userId), 'conflict', (r: typeof syncConflicts.$inferSelect) => conflictChange(r, org.keyring));
		collect(clientSensitive, read('client-sensitive')(clientSensitive.id), 'client-sensitive', (r: typeof clientSensitive.$inferSelect) =>
			sensitiveChange(r, org.keyring)
		);
		collect(situations, read()(situations.clientId), 'situation', situationChange);
		collect(services, read()(services.clientId), 'service', serviceChange);
		collect(consents, read()(consents.clientId), 'consent', consentChange);
		collect(memos, read()(memos.clientId), 'memo', (r: typeof memos.$inferSelect) => memoChange(r, org.keyring));
		collect(followUps, read()(followUps.clientId), 'follow-up', followUpChange);
		collect(attachments, read()(attachments.clientId), 'attachment', (r: typeof attachments.$inferSelect) => attachmentChange(r, org.keyring));
		collect(clientMerges, read()(clientMerges.targetId), 'client-merge', clientMergeChange);
		// ESF participations: the special categories only where the viewer reaches them.
		const esfSensitive = esf.esfSensitiveReach(tx, viewer);
		collect(esfParticipations, read()(esfParticipations.clientId), 'esf-participation', (r: esf.EsfParticipationRow) =>
			esf.esfParticipationChange(r, org.keyring, esfSensitive(r))
		);
		// Workshop records: the period's workshop decides (workshop-data.ts); no per-record read rows.
		const keyring = org.keyring;
		collect(coachingPeriods, periodScopeCondition(viewer), 'coaching-period', (r: PeriodRow) => periodChange(r, keyring));
		collect(goals, workshopRecordCondition(goals, viewer, 'coaching-period'), 'goal', (r: GoalRow) => goalChange(r, keyring));
		collect(goalNotes, workshopRecordCondition(goalNotes, viewer, 'coaching-period'), 'goal-note', (r: GoalNoteRow) => goalNoteChange(r, keyring));
		collect(attendanceMarks, workshopRecordCondition(attendanceMarks, viewer, 'attendance'), 'attendance', markChange);
		collect(diaryEntries, workshopRecordCondition(diaryEntries, viewer, 'diary'), 'diary', (r: DiaryRow) => diaryChange(r, keyring));
		collect(assessments, workshopRecordCondition(assessments, viewer, 'assessment'), 'assessment', assessmentChange);
		collect(coachingReports, workshopRecordCondition(coachingReports, viewer, 'coaching-period'), 'coaching-report', (r: ReportRow) => reportChange(r, keyring));
		rows.sort((a, b) => a.seq - b.seq);
		const page = rows.slice(0, limit);
		const more = rows.length > limit;
		const last = page[page.length - 1];
		const cursor = more && last ? last.seq : Math.max(since, currentChangeSeq(tx));
		const changes = page.map((r) => r.change());
		const counts: Record<string, number> = {};
		for (const r of page) counts[r.entity] = (counts[r.entity] ?? 0) + 1;
		// Each client delivered is a read of its personal data (contract "Audit").
		for (const r of page) {
			if (r.clientRead === undefined) continue;
			appendAuditFast(org.sqlite, {
				at: meta.now,
				actorId: viewer.userId,
				action: 'client.read',
				entity: 'client',
				entityId: r.clientRead,
				address: meta.address,
				detail: { via: 'pull', deviceId: device.id }
			});
		}
		appendAudit(tx, {
			at: meta.now,
			actorId: viewer.userId,
			action: 'sync.pull',
			entity: 'device',
			entityId: device.id,
			address: meta.address,
			detail: { since, cursor, count: changes.length, counts, more }
		});
		return { changes, cursor: String(cursor), more, device: { status: 'active', wipe: false } };
	});
}
