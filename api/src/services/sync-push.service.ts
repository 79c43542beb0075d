/**
 * The primitives every push applier shares (sync.service.ts, client-record.service.ts,
 * client-merge.service.ts): per-item refusals, the item's context, recording the mutation id, the
 * audit row, field history, and the field merge of shared records with its conflicts.
 */
import {
	isKnownCode,
	mergeFields,
	scopeFor,
	type CodeList,
	type FieldChanges,
	type FieldError,
	type HeldReason,
	type Mutation,
	type PushItem,
	type ProblemCode,
	type SyncChange,
	type SyncConflict,
	type SyncEntity
} from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { OrgTx } from '../db';
import type { HotStatements } from '../db/hot-statements';
import type { OrgHandle } from '../db/org-registry';
import { fieldHistory, heldMutations, syncConflicts } from '../db/schema';
import { historyValueContext, sealJson } from '../db/sealed-json';
import { canonicalJson } from '../lib/canonical-json';
import { KEYED_DIGEST_PREFIX } from '../lib/crypto';
import { appendAudit, appendAuditFast, type AuditAction } from './audit.service';
import type { DeviceRow } from './device.service';
import type { EffectiveSettings } from './organisation.service';
import { conflictEncrypted, nextChangeSeq, sealConflictValue, toConflictDto, type Viewer } from './sync-records.service';

export type SyncMeta = { now: Date; address: string | null; instance: string; requestId: string };

/** A per-item refusal: becomes `rejected` with a problem; nothing of the item was written. */
export class ItemRejected extends Error {
	constructor(
		readonly status: number,
		readonly code: ProblemCode,
		readonly errors: FieldError[],
		readonly detail: string
	) {
		super(code);
	}
}

export const reject = (status: number, code: ProblemCode, field: string, errorCode: string, detail: string) =>
	new ItemRejected(status, code, [{ field, code: errorCode, message: detail }], detail);

export const forbidden = (field: string, detail = 'Your role or units do not allow this.') => reject(403, 'forbidden', field, 'forbidden', detail);
export const unknownReference = (field: string) => reject(422, 'unknown-reference', field, 'unknown-reference', 'The referenced record does not exist.');
export const invalid = (field: string, errorCode: string, detail: string) => reject(422, 'validation-failed', field, errorCode, detail);

/** Answers of one item that are not rejections (rejections travel as ItemRejected). */
export type Outcome =
	| { status: 'applied'; entity: SyncEntity; id: string; version: number }
	| { status: 'duplicate' }
	| { status: 'conflict'; reason: 'field-conflict' | 'mutation-reused' | 'record-exists'; server: SyncChange | null; conflicts: SyncConflict[] };

export type ItemContext = {
	tx: OrgTx;
	/** Prepared statements on the same connection (db/hot-statements.ts): the encounter path uses them. */
	hot: HotStatements;
	org: OrgHandle;
	viewer: Viewer;
	device: DeviceRow;
	mutationId: string;
	contentHash: string;
	meta: SyncMeta;
	settings: EffectiveSettings;
};

export function recordMutation(ctx: ItemContext, kind: Mutation['kind'], result: string): void {
	// Only the keyed digest (sync.service.ts openItem) is stored: a plain one would confirm guessed content.
	if (!ctx.contentHash.startsWith(KEYED_DIGEST_PREFIX)) throw new Error('recordMutation takes a keyed content digest');
	ctx.hot.insertMutation.run({
		mutationId: ctx.mutationId,
		userId: ctx.viewer.userId,
		deviceId: ctx.device.id,
		kind,
		contentHash: ctx.contentHash,
		result,
		at: ctx.meta.now.toISOString()
	});
}

export function audit(ctx: ItemContext, action: AuditAction, entity: string, entityId: string, detail: Record<string, unknown> = {}): void {
	appendAuditFast(ctx.org.sqlite, {
		at: ctx.meta.now,
		actorId: ctx.viewer.userId,
		action,
		entity,
		entityId,
		address: ctx.meta.address,
		detail: { mutationId: ctx.mutationId, deviceId: ctx.device.id, ...detail }
	});
}

/** A create whose id exists: the same content is a duplicate (recorded), other content a conflict. */
export function existingCreate(ctx: ItemContext, kind: Mutation['kind'], same: boolean, server: SyncChange | null): Outcome {
	if (same) {
		recordMutation(ctx, kind, 'duplicate');
		return { status: 'duplicate' };
	}
	return { status: 'conflict', reason: 'record-exists', server, conflicts: [] };
}

export const sameContent = <T extends object>(input: T, stored: object): boolean =>
	canonicalJson(input) === canonicalJson(Object.fromEntries(Object.keys(input).map((k) => [k, (stored as Record<string, unknown>)[k]])));

/** A record that is created: `unitId` must be one of the writer's units (any unit for organisation scope). */
export function requireCreateUnit(ctx: ItemContext, resource: 'client' | 'encounter' | 'anonymous-contact', unitId: string): void {
	const scope = scopeFor(ctx.viewer.roles, resource, 'create');
	if (scope !== 'organisation' && !ctx.viewer.unitIds.includes(unitId)) throw forbidden('data.unitId', 'You may only add records to your own units.');
	const unit = ctx.hot.unit.get(unitId);
	if (!unit || unit.deletedAt) throw unknownReference('data.unitId');
}

export type HistoryProtection = 'plain' | 'encrypted' | 'withheld';

/**
 * One field_history row. `encrypted` values are field tokens (context `history:<rowId>`) of the JSON
 * padded to whole blocks (db/sealed-json.ts), so a token's length does not tell `true` from `false`
 * or how many codes a list had; `withheld` keeps no value, `plain` JSON.
 */
export function writeHistory(
	ctx: Pick<ItemContext, 'tx' | 'org' | 'viewer' | 'meta'> & { mutationId: string | null },
	row: { clientId: string; entity: string; entityId: string; field: string; from: unknown; to: unknown; protection: HistoryProtection }
): void {
	const id = randomUUID();
	const value = (v: unknown): string | null => {
		if (row.protection === 'withheld' || v === undefined) return null;
		return row.protection === 'encrypted' ? sealJson(ctx.org.keyring, v, historyValueContext(id)) : JSON.stringify(v);
	};
	ctx.tx
		.insert(fieldHistory)
		.values({
			id,
			at: ctx.meta.now.toISOString(),
			actorId: ctx.viewer.userId,
			clientId: row.clientId,
			entity: row.entity,
			entityId: row.entityId,
			field: row.field,
			fromValue: value(row.from),
			toValue: value(row.to),
			protection: row.protection,
			mutationId: ctx.mutationId
		})
		.run();
}

/**
 * Local codes (`local:<slug>`) must exist in the organisation's overrides of their list. `values`
 * maps field → value; `name(field)` gives the reported field path.
 */
export function checkLocalCodes(ctx: ItemContext, lists: Record<string, CodeList>, values: Record<string, unknown>, name: (field: string) => string): void {
	for (const [field, list] of Object.entries(lists)) {
		const v = values[field];
		if (typeof v === 'string' && v.startsWith('local:') && !isKnownCode(list, ctx.settings.codeOverrides, v)) {
			throw invalid(name(field), 'unknown-code', 'This local code is not defined by your organisation.');
		}
	}
}

export type MergedEntity = 'client' | 'client-sensitive' | 'situation' | 'service' | 'coaching-period' | 'goal' | 'attendance' | 'coaching-report' | 'esf-participation';

export type PatchSpec<F extends object> = {
	kind: Mutation['kind'];
	entity: MergedEntity;
	id: string;
	clientId: string;
	version: number;
	current: F;
	changes: FieldChanges<F>;
	/** Checks the merged record; throws ItemRejected (nothing was written yet). */
	validate: (next: F, applied: (keyof F & string)[]) => void;
	/** Writes the merged fields at `version` with `changeSeq` (a new row when `version` is 1 and `create`). */
	save: (next: F, version: number, changeSeq: number) => void;
	/** The server's version after the write, for a field-conflict answer. */
	serverChange: () => SyncChange;
	protection: (field: string) => HistoryProtection;
	auditAction: AuditAction;
	auditEntity: string;
	/** False when a caller (conflict.resolve) records the mutation and audits itself. */
	record?: boolean;
};

/**
 * Field merge of a shared record (shared/merge.ts): applies the fields the server has not changed
 * since the editor's `from`, records conflicts for the others (the server keeps its value), writes
 * field history and the audit row. Returns the item's outcome.
 */
export function applyPatch<F extends object>(ctx: ItemContext, spec: PatchSpec<F>): Outcome {
	const { tx } = ctx;
	const merged = mergeFields(spec.current, spec.changes);
	const applied = merged.applied as (keyof F & string)[];
	spec.validate(merged.next, applied);
	const at = ctx.meta.now.toISOString();
	let version = spec.version;
	if (applied.length > 0) {
		version = spec.version + 1;
		spec.save(merged.next, version, nextChangeSeq(tx));
		for (const field of applied) {
			writeHistory(ctx, {
				clientId: spec.clientId,
				entity: spec.entity,
				entityId: spec.id,
				field,
				from: spec.current[field],
				to: merged.next[field],
				protection: spec.protection(field)
			});
		}
	}
	const conflicts = merged.conflicts.map((c) => {
		const id = randomUUID();
		const field = String(c.field);
		const keep = (part: 'base' | 'mine' | 'server', v: unknown) =>
			conflictEncrypted(spec.entity, field) ? sealConflictValue(ctx.org.keyring, id, part, v) : v;
		const conflict = {
			id,
			entity: spec.entity,
			entityId: spec.id,
			field,
			base: keep('base', c.base),
			mine: keep('mine', c.mine),
			server: keep('server', c.server),
			mutationId: ctx.mutationId,
			authorId: ctx.viewer.userId,
			version: 1,
			createdAt: at,
			updatedAt: at,
			resolvedAt: null,
			resolution: null,
			changeSeq: nextChangeSeq(tx)
		};
		tx.insert(syncConflicts).values(conflict).run();
		return toConflictDto(conflict, ctx.org.keyring);
	});
	if (spec.record !== false) {
		recordMutation(ctx, spec.kind, conflicts.length > 0 ? 'field-conflict' : 'applied');
		audit(ctx, spec.auditAction, spec.auditEntity, spec.id, { clientId: spec.clientId, fields: applied, conflictFields: conflicts.map((c) => c.field) });
	}
	if (conflicts.length > 0) return { status: 'conflict', reason: 'field-conflict', server: spec.serverChange(), conflicts };
	return { status: 'applied', entity: spec.entity, id: spec.id, version: version === 0 ? 1 : version };
}

/**
 * Holds an item of a blocked device instead of applying it: one `held_mutations` row per mutation id,
 * keeping the sealed envelope as received (never the opened content) and its kind, for an admin to
 * accept or refuse. Sending the same item again finds the same row (`held`); a mutation id already
 * held for another device or with another envelope is `reused` (nothing written).
 */
export function holdMutation(
	tx: OrgTx,
	input: { device: DeviceRow; item: PushItem; kind: Mutation['kind']; reason: HeldReason; meta: SyncMeta }
): 'held' | 'reused' {
	const { device, item, meta } = input;
	const envelope = canonicalJson(item.envelope);
	const existing = tx.select().from(heldMutations).where(eq(heldMutations.mutationId, item.mutationId)).get();
	if (existing) return existing.deviceId === device.id && existing.envelope === envelope ? 'held' : 'reused';
	const id = randomUUID();
	tx.insert(heldMutations)
		.values({
			id,
			mutationId: item.mutationId,
			userId: device.userId,
			deviceId: device.id,
			kind: input.kind,
			schemaVersion: item.schemaVersion,
			envelope,
			reason: input.reason,
			receivedAt: meta.now.toISOString(),
			status: 'pending'
		})
		.run();
	appendAudit(tx, {
		at: meta.now,
		actorId: device.userId,
		action: 'device.hold',
		entity: 'held-mutation',
		entityId: id,
		address: meta.address,
		detail: { mutationId: item.mutationId, deviceId: device.id, kind: input.kind, reason: input.reason }
	});
	return 'held';
}
