/**
 * Units (an outreach team, a workshop…). Everyone sees the units they belong to; admins see and
 * manage all. Changes are audited in the same transaction.
 */
import { scopeFor, type CreateUnit, type PatchUnit, type Unit } from '@polku/shared';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { units } from '../db/schema';
import { NotFound } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';

type UnitRow = typeof units.$inferSelect;

export function toUnitDto(row: UnitRow): Unit {
	return {
		id: row.id,
		name: row.name,
		kind: row.kind,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

/** The live units `caller` may see: all for organisation scope, else their own. */
export function visibleUnits(db: OrgDbOrTx, roles: Caller['roles'], unitIds: string[]): Unit[] {
	const scope = scopeFor(roles, 'unit', 'read');
	if (scope === null) return [];
	const where =
		scope === 'organisation' ? isNull(units.deletedAt) : and(isNull(units.deletedAt), inArray(units.id, unitIds));
	return db.select().from(units).where(where).orderBy(units.name).all().map(toUnitDto);
}

export function listUnits(org: OrgHandle, caller: Caller): Unit[] {
	return visibleUnits(org.db, caller.roles, caller.unitIds);
}

export function createUnit(org: OrgHandle, caller: Caller, input: CreateUnit): Unit {
	return org.write((tx) => {
		const at = caller.now.toISOString();
		const row: UnitRow = { id: randomUUID(), name: input.name, kind: input.kind, createdAt: at, updatedAt: at, deletedAt: null };
		tx.insert(units).values(row).run();
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'unit.create',
			entity: 'unit',
			entityId: row.id,
			address: caller.address,
			detail: { name: input.name, kind: input.kind }
		});
		return toUnitDto(row);
	});
}

export function patchUnit(org: OrgHandle, caller: Caller, id: string, input: PatchUnit): Unit {
	return org.write((tx) => {
		const current = tx.select().from(units).where(and(eq(units.id, id), isNull(units.deletedAt))).get();
		if (!current) throw new NotFound('No such unit.');
		const next: UnitRow = { ...current, ...stripUndefined(input), updatedAt: caller.now.toISOString() };
		tx.update(units).set({ name: next.name, kind: next.kind, updatedAt: next.updatedAt }).where(eq(units.id, id)).run();
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'unit.update',
			entity: 'unit',
			entityId: id,
			address: caller.address,
			detail: { fields: Object.keys(stripUndefined(input)), ...stripUndefined(input) }
		});
		return toUnitDto(next);
	});
}

function stripUndefined<T extends object>(o: T): Partial<T> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
