/**
 * Held items: what a blocked device (revoked, its user deactivated, or the password reset) pushed.
 * Push never applies them (sync.service.ts); an admin sees them on the user's page and decides:
 *
 * - accept: the item goes through the same path as a push by its author (open the envelope,
 *   validate, mutation id seen?, permission and scope with the author's current roles and units,
 *   references, apply), exactly once: the held row's decision and the change commit in one
 *   transaction, and the mutation id is recorded as for any push. If the apply refuses it, the row
 *   is `failed` with the problem and stays visible (it may be accepted again later, or refused);
 * - refuse: the row is `refused`, kept, never applied.
 *
 * Every decision is audited with who decided and which item. Only organisation scope on
 * `device:update` (admins) decides or lists; the list shows kinds, devices and times, never content.
 */
import { scopeFor, SealedEnvelopeSchema, type HeldItem, type Problem } from '@polku/shared';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { OrgDbOrTx, OrgTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { devices, heldMutations, userUnits, users } from '../db/schema';
import { Conflict, NotFound } from '../lib/errors';
import { buildProblem } from '../middlewares/on-error';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import type { EffectiveSettings } from './organisation.service';
import { applyItem, openItem } from './sync.service';
import { ItemRejected, type Outcome, type SyncMeta } from './sync-push.service';

type HeldRow = typeof heldMutations.$inferSelect;

/** Out of scope looks like absent (404), as elsewhere. */
function requireDecider(caller: Caller): void {
	if (scopeFor(caller.roles, 'device', 'update') !== 'organisation') throw new NotFound('No such item.');
}

const deciders = alias(users, 'decider');

function heldItems(tx: OrgDbOrTx, where: SQL): HeldItem[] {
	return tx
		.select({ held: heldMutations, deviceLabel: devices.label, decidedByName: deciders.displayName })
		.from(heldMutations)
		.leftJoin(devices, eq(devices.id, heldMutations.deviceId))
		.leftJoin(deciders, eq(deciders.id, heldMutations.decidedBy))
		.where(where)
		.orderBy(asc(heldMutations.receivedAt), asc(heldMutations.mutationId))
		.all()
		.map(({ held, deviceLabel, decidedByName }) => ({
			id: held.id,
			mutationId: held.mutationId,
			userId: held.userId,
			deviceId: held.deviceId,
			deviceLabel: deviceLabel ?? null,
			kind: held.kind,
			reason: held.reason,
			receivedAt: held.receivedAt,
			status: held.status,
			decidedAt: held.decidedAt,
			decidedBy: held.decidedBy,
			decidedByName: decidedByName ?? null,
			problem: (held.problem as Problem | null) ?? null
		}));
}

function requireUser(tx: OrgDbOrTx, userId: string): void {
	if (!tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new NotFound('No such user.');
}

/** Every held item of a user, oldest arrival first. */
export function listHeldItems(org: OrgHandle, caller: Caller, userId: string): HeldItem[] {
	requireDecider(caller);
	requireUser(org.db, userId);
	return heldItems(org.db, eq(heldMutations.userId, userId));
}

const OPEN: HeldRow['status'][] = ['pending', 'failed'];

/** Applies one held row as its author's push would, inside the caller's transaction; records the result. */
function acceptRow(tx: OrgTx, org: OrgHandle, caller: Caller, row: HeldRow, settings: EffectiveSettings): void {
	const owner = tx.select().from(users).where(eq(users.id, row.userId)).get();
	const device = tx.select().from(devices).where(eq(devices.id, row.deviceId)).get();
	if (!owner || !device) throw new NotFound('No such item.');
	const unitIds = tx
		.select({ unitId: userUnits.unitId })
		.from(userUnits)
		.where(eq(userUnits.userId, owner.id))
		.all()
		.map((r) => r.unitId);
	const viewer = { userId: owner.id, roles: owner.roles, unitIds };
	// The change is its author's (their audit row, as for a push); the admin's decision has its own row.
	const meta: SyncMeta = { now: caller.now, address: null, instance: `/api/held-items/${row.id}/accept`, requestId: row.id };
	let outcome: Outcome | null = null;
	let problem: Problem | null = null;
	try {
		const item = { mutationId: row.mutationId, schemaVersion: row.schemaVersion, envelope: SealedEnvelopeSchema.parse(JSON.parse(row.envelope)) };
		const opened = openItem(org, null, item);
		outcome = tx.transaction((sp) => applyItem(sp, org, viewer, device, row.mutationId, opened, meta, settings));
	} catch (e) {
		if (!(e instanceof ItemRejected)) throw e;
		problem = buildProblem(e.status, e.code, { detail: e.detail, errors: e.errors });
	}
	if (outcome?.status === 'conflict' && outcome.reason !== 'field-conflict') {
		const detail = outcome.reason === 'record-exists' ? 'The record exists with other content.' : 'This mutation id was used for other content.';
		problem = buildProblem(409, 'conflict', { detail, errors: [{ field: 'mutationId', code: outcome.reason, message: detail }] });
	}
	const status = problem ? 'failed' : 'accepted';
	tx.update(heldMutations)
		.set({ status, decidedAt: caller.now.toISOString(), decidedBy: caller.userId, problem })
		.where(eq(heldMutations.id, row.id))
		.run();
	appendAudit(tx, {
		at: caller.now,
		actorId: caller.userId,
		action: 'device.held-accept',
		entity: 'held-mutation',
		entityId: row.id,
		address: caller.address,
		detail: {
			mutationId: row.mutationId,
			userId: row.userId,
			deviceId: row.deviceId,
			kind: row.kind,
			result: problem ? 'failed' : outcome?.status,
			...(problem ? { problem: problem.code } : {})
		}
	});
}

function refuseRow(tx: OrgTx, caller: Caller, row: HeldRow): void {
	tx.update(heldMutations)
		.set({ status: 'refused', decidedAt: caller.now.toISOString(), decidedBy: caller.userId, problem: null })
		.where(eq(heldMutations.id, row.id))
		.run();
	appendAudit(tx, {
		at: caller.now,
		actorId: caller.userId,
		action: 'device.held-refuse',
		entity: 'held-mutation',
		entityId: row.id,
		address: caller.address,
		detail: { mutationId: row.mutationId, userId: row.userId, deviceId: row.deviceId, kind: row.kind }
	});
}

/** Accepts (`accept`) or refuses one held item still waiting (`pending` or `failed`); a decided one is a 409. */
export function decideHeldItem(org: OrgHandle, caller: Caller, id: string, decision: 'accept' | 'refuse', settings: EffectiveSettings): HeldItem {
	requireDecider(caller);
	return org.write((tx) => {
		const row = tx.select().from(heldMutations).where(eq(heldMutations.id, id)).get();
		if (!row) throw new NotFound('No such item.');
		if (!OPEN.includes(row.status)) {
			throw new Conflict(`This item was ${row.status} already.`, [{ field: 'status', code: 'decided', message: `This item was ${row.status} already.` }]);
		}
		if (decision === 'accept') acceptRow(tx, org, caller, row, settings);
		else refuseRow(tx, caller, row);
		const [item] = heldItems(tx, eq(heldMutations.id, id));
		if (!item) throw new NotFound('No such item.');
		return item;
	});
}

/**
 * Accepts or refuses every `pending` item of a user, in mutation id order (the order the device made
 * them, so that a record is created before what refers to it); `failed` ones wait for a decision
 * each. Returns the user's held items afterwards.
 */
export function decideAllHeldItems(org: OrgHandle, caller: Caller, userId: string, decision: 'accept' | 'refuse', settings: EffectiveSettings): HeldItem[] {
	requireDecider(caller);
	return org.write((tx) => {
		requireUser(tx, userId);
		const rows = tx
			.select()
			.from(heldMutations)
			.where(and(eq(heldMutations.userId, userId), inArray(heldMutations.status, ['pending'])))
			.orderBy(asc(heldMutations.mutationId))
			.all();
		for (const row of rows) {
			if (decision === 'accept') acceptRow(tx, org, caller, row, settings);
			else refuseRow(tx, caller, row);
		}
		return heldItems(tx, eq(heldMutations.userId, userId));
	});
}
