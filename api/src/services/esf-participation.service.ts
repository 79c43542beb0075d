/**
 * ESF participation over sync (issue 6; shared/schemas/esf.ts): push appliers, the wire shape and the
 * pull's change. A part of the client record, field-merged like a service, with three rules of its own:
 *
 * - One live participation per client per project (DOMAIN.md §4.1). Checked here (422 naming
 *   `projectCode`, code `esf-duplicate`) and held by a partial unique index on live rows.
 * - `disadvantages` and `disadvantageDeclined` are special categories: sealed together as one field
 *   token, padded so that its length tells nothing (db/esf-answer.ts); both are set only by a writer
 *   whose `client-sensitive` update reaches the client (403 naming the field otherwise), withheld
 *   (null) from a reader whose `client-sensitive` read does not, and kept encrypted in field history.
 * - `participantNumber` is given here on insert: the organisation's next number (writes are
 *   serialised, so two inserts never take the same one). It never changes, not even in a merge.
 */
import {
	ESF_SENSITIVE_FIELDS,
	esfParticipationIssues,
	type EsfParticipation,
	type EsfParticipationFields,
	type EsfParticipationInput,
	type EsfParticipationUpdate,
	type FieldChanges,
	type SyncChange
} from '@polku/shared';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import { openEsfAnswer, sealEsfAnswer } from '../db/esf-answer';
import { clients, esfParticipations } from '../db/schema';
import type { OrgKeyring } from '../lib/crypto';
import { clientFor } from './client-record.service';
import { clientReaches, type ScopeViewer } from './client-scope';
import {
	applyPatch,
	audit,
	existingCreate,
	forbidden,
	invalid,
	recordMutation,
	reject,
	sameContent,
	unknownReference,
	type ItemContext,
	type Outcome,
	type PatchSpec
} from './sync-push.service';
import { newSyncedRow } from './sync-records.service';

export type EsfParticipationRow = typeof esfParticipations.$inferSelect;
export { esfDisadvantagesContext } from '../db/esf-answer';

const SENSITIVE = new Set<string>(ESF_SENSITIVE_FIELDS);

export function esfFieldsOf(row: EsfParticipationRow, keyring: OrgKeyring): EsfParticipationFields {
	const { disadvantages, disadvantageDeclined } = openEsfAnswer(keyring, row.id, row.disadvantages);
	return {
		projectCode: row.projectCode,
		startDate: row.startDate,
		employmentStatusAtStart: row.employmentStatusAtStart as EsfParticipationFields['employmentStatusAtStart'],
		educationAtStart: row.educationAtStart as EsfParticipationFields['educationAtStart'],
		disadvantages,
		disadvantageDeclined,
		endDate: row.endDate,
		employmentStatusAtEnd: row.employmentStatusAtEnd as EsfParticipationFields['employmentStatusAtEnd'],
		qualificationGained: row.qualificationGained as EsfParticipationFields['qualificationGained']
	};
}

/** The columns of `fields` (the special categories sealed together under the row's context). */
function esfColumnsOf(fields: EsfParticipationFields, id: string, keyring: OrgKeyring) {
	const { disadvantages, disadvantageDeclined, ...plain } = fields;
	return { ...plain, disadvantages: sealEsfAnswer(keyring, id, { disadvantages, disadvantageDeclined }) };
}

/** The wire shape; `sensitive` false withholds the special categories (null). */
export function toEsfParticipationDto(row: EsfParticipationRow, keyring: OrgKeyring, sensitive: boolean): EsfParticipation {
	const answer = sensitive ? openEsfAnswer(keyring, row.id, row.disadvantages) : null;
	return {
		id: row.id,
		clientId: row.clientId,
		unitId: row.unitId,
		projectCode: row.projectCode,
		startDate: row.startDate,
		employmentStatusAtStart: row.employmentStatusAtStart as EsfParticipation['employmentStatusAtStart'],
		educationAtStart: row.educationAtStart as EsfParticipation['educationAtStart'],
		disadvantages: answer ? answer.disadvantages : null,
		disadvantageDeclined: answer ? answer.disadvantageDeclined : null,
		endDate: row.endDate,
		employmentStatusAtEnd: row.employmentStatusAtEnd as EsfParticipation['employmentStatusAtEnd'],
		qualificationGained: row.qualificationGained as EsfParticipation['qualificationGained'],
		participantNumber: row.participantNumber,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

export function esfParticipationChange(row: EsfParticipationRow, keyring: OrgKeyring, sensitive: boolean): SyncChange {
	return {
		entity: 'esf-participation',
		id: row.id,
		version: row.version,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt,
		data: row.deletedAt ? null : toEsfParticipationDto(row, keyring, sensitive)
	};
}

/**
 * Whether `viewer` reaches the special categories of a participation's client, memoised per client
 * (a pull asks once per client, however many participations it has).
 */
export function esfSensitiveReach(db: OrgDbOrTx, viewer: ScopeViewer): (row: { clientId: string }) => boolean {
	const known = new Map<string, boolean>();
	return ({ clientId }) => {
		let reach = known.get(clientId);
		if (reach === undefined) {
			const client = db.select({ id: clients.id, unitId: clients.unitId, createdBy: clients.createdBy }).from(clients).where(eq(clients.id, clientId)).get();
			reach = client !== undefined && clientReaches(db, viewer, client, 'client-sensitive', 'read');
			known.set(clientId, reach);
		}
		return reach;
	};
}

/** Another live participation of the client in the project. */
function duplicateOf(ctx: ItemContext, clientId: string, projectCode: string, selfId: string): boolean {
	return (
		ctx.tx
			.select({ id: esfParticipations.id })
			.from(esfParticipations)
			.where(and(eq(esfParticipations.clientId, clientId), eq(esfParticipations.projectCode, projectCode), isNull(esfParticipations.deletedAt), ne(esfParticipations.id, selfId)))
			.get() !== undefined
	);
}

const duplicate = (field: string) => invalid(field, 'esf-duplicate', 'This client already has a participation in this project: one record per participant per project.');

const at = (ctx: ItemContext) => ctx.meta.now.toISOString();

export function createEsfParticipation(ctx: ItemContext, data: EsfParticipationInput): Outcome {
	const { tx, viewer, org } = ctx;
	const client = clientFor(ctx, data.clientId, 'data.clientId');
	const sensitive = clientReaches(tx, viewer, client, 'client-sensitive', 'update');
	const existing = tx.select().from(esfParticipations).where(eq(esfParticipations.id, data.id)).get();
	if (existing) {
		const mine = existing.clientId === data.clientId;
		const same = !existing.deletedAt && mine && sameContent(data, { id: existing.id, clientId: existing.clientId, ...esfFieldsOf(existing, org.keyring) });
		return existingCreate(ctx, 'esf-participation.create', same, mine ? esfParticipationChange(existing, org.keyring, sensitive) : null);
	}
	if (!sensitive && data.disadvantages.length > 0) throw forbidden('data.disadvantages', 'Only who reaches the client’s special categories records disadvantages.');
	if (!sensitive && data.disadvantageDeclined) throw forbidden('data.disadvantageDeclined', 'Only who reaches the client’s special categories records this.');
	if (duplicateOf(ctx, client.id, data.projectCode, data.id)) throw duplicate('data.projectCode');
	const { id, clientId, ...fields } = data;
	const number = tx.select({ max: sql<number | null>`MAX(${esfParticipations.participantNumber})` }).from(esfParticipations).get()?.max ?? 0;
	tx.insert(esfParticipations)
		.values({
			id,
			clientId,
			unitId: client.unitId,
			...esfColumnsOf(fields, id, org.keyring),
			participantNumber: number + 1,
			...newSyncedRow(tx, viewer.userId, at(ctx))
		})
		.run();
	recordMutation(ctx, 'esf-participation.create', 'applied');
	// The project code is not personal data; the disadvantages are not in the audit row.
	audit(ctx, 'esf-participation.create', 'esf-participation', id, { clientId, projectCode: data.projectCode });
	return { status: 'applied', entity: 'esf-participation', id, version: 1 };
}

/** The field merge of a participation (also the base of `conflict.resolve` keeping the author's value). */
export function esfPatch(
	ctx: ItemContext,
	id: string,
	changes: FieldChanges<EsfParticipationFields>,
	name: (f: string) => string,
	idField: string
): PatchSpec<EsfParticipationFields> {
	const { tx, org, viewer } = ctx;
	const row = tx.select().from(esfParticipations).where(eq(esfParticipations.id, id)).get();
	if (row && !row.deletedAt) clientFor(ctx, row.clientId, idField);
	if (!row || row.deletedAt) throw unknownReference(idField);
	const client = clientFor(ctx, row.clientId, idField);
	const touched = Object.keys(changes).filter((f) => SENSITIVE.has(f));
	if (touched.length > 0 && !clientReaches(tx, viewer, client, 'client-sensitive', 'update')) {
		throw forbidden(name(touched[0] ?? 'disadvantages'), 'Only who reaches the client’s special categories changes this.');
	}
	return {
		kind: 'esf-participation.update',
		entity: 'esf-participation',
		id: row.id,
		clientId: row.clientId,
		version: row.version,
		current: esfFieldsOf(row, org.keyring),
		changes,
		validate: (next, applied) => {
			const [issue] = esfParticipationIssues(next);
			if (issue) throw invalid(name(issue.field), issue.code, issue.message);
			if (applied.includes('projectCode') && duplicateOf(ctx, row.clientId, next.projectCode, row.id)) throw duplicate(name('projectCode'));
		},
		save: (next, version, changeSeq) =>
			void tx
				.update(esfParticipations)
				.set({ ...esfColumnsOf(next, row.id, org.keyring), version, updatedAt: at(ctx), changeSeq })
				.where(eq(esfParticipations.id, row.id))
				.run(),
		serverChange: () => {
			const now = tx.select().from(esfParticipations).where(eq(esfParticipations.id, row.id)).get() ?? row;
			return esfParticipationChange(now, org.keyring, clientReaches(tx, viewer, client, 'client-sensitive', 'read'));
		},
		protection: (field) => (SENSITIVE.has(field) ? 'encrypted' : 'plain'),
		auditAction: 'esf-participation.update',
		auditEntity: 'esf-participation'
	};
}

export function updateEsfParticipation(ctx: ItemContext, data: EsfParticipationUpdate): Outcome {
	const changes = data.changes as FieldChanges<EsfParticipationFields>;
	return applyPatch(ctx, esfPatch(ctx, data.id, changes, (f) => `data.changes.${f}`, 'data.id'));
}

/**
 * A merge would leave the target with two participations in one project: refused before anything
 * moves (409 naming the source), as the two records must first be made one by hand.
 */
export function checkEsfMerge(ctx: ItemContext, sourceClientId: string, targetClientId: string): void {
	const live = (clientId: string) =>
		ctx.tx
			.select({ projectCode: esfParticipations.projectCode })
			.from(esfParticipations)
			.where(and(eq(esfParticipations.clientId, clientId), isNull(esfParticipations.deletedAt)))
			.all()
			.map((r) => r.projectCode);
	const target = new Set(live(targetClientId));
	if (live(sourceClientId).some((code) => target.has(code))) {
		throw reject(409, 'conflict', 'data.source.id', 'esf-duplicate', 'Both records have a participation in the same ESF project: keep one before merging.');
	}
}
