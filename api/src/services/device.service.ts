/**
 * Devices (issue 3): a browser profile registers once per user and gets a token that authenticates
 * sealed pushes only. The token is `pd1.<deviceId>.<secret>` (32 random bytes, base64url); only its
 * SHA-256 is stored. Since the token names no organisation, the control database's device directory
 * says which organisation's file holds the device.
 *
 * Invariants:
 * - a device id belongs to one user of one organisation for ever; registering it again as that user
 *   rotates (renews) the token, as anyone else is a 409;
 * - a revoked device is never registered again (409 `device-revoked`): after its wipe the device makes
 *   a new id. Revocation comes from an admin or the user, from deactivating the user, or from a
 *   password reset; each ends the token for good;
 * - a blocked device (revoked, or its user deactivated) still authenticates, so that its next push
 *   is answered with `wipe: true`; every item it pushes is then held for an admin, whatever time its
 *   mutation id claims: the decision rests on server times only;
 * - an active device's token expires `deviceTokenDays` after the sign-in that issued or renewed it.
 */
import { scopeFor, type Device, type DeviceRevokeReason, type DeviceStatus, type HeldReason, type RegisterDevice, type RegisteredDevice } from '@polku/shared';
import { and, eq, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { deviceDirectory } from '../db/control-schema';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { devices, userUnits, users } from '../db/schema';
import type { DeviceAuth } from '../lib/app-types';
import { AppError, Conflict, NotFound } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { hashToken, type UserRow } from './session.service';

export type DeviceRow = typeof devices.$inferSelect;

const TOKEN_RE = /^pd1\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function parseDeviceToken(token: string | undefined): { deviceId: string } | null {
	const m = token ? TOKEN_RE.exec(token) : null;
	return m?.[1] ? { deviceId: m[1] } : null;
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
	const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
	return m?.[1];
}

export class DeviceUnknown extends AppError {
	constructor() {
		super('device-unknown', 401, 'This device is not registered, or its token is wrong. Sign in and register it again.');
	}
}

/** The token outlived `deviceTokenDays` without a sign-in on the device: signing in renews it. */
export class DeviceTokenExpired extends AppError {
	constructor() {
		super('device-expired', 401, 'This device token has expired. Sign in again on this device to renew it; nothing queued is lost.');
	}
}

export function toDeviceDto(row: DeviceRow): Device {
	return {
		id: row.id,
		userId: row.userId,
		label: row.label,
		createdAt: row.createdAt,
		lastSeenAt: row.lastSeenAt,
		revokedAt: row.revokedAt,
		revokedReason: row.revokedAt ? (row.revokedReason ?? 'revoked') : null
	};
}

function unitIdsOf(db: OrgDbOrTx, userId: string): string[] {
	return db
		.select({ unitId: userUnits.unitId })
		.from(userUnits)
		.where(eq(userUnits.userId, userId))
		.orderBy(userUnits.unitId)
		.all()
		.map((r) => r.unitId);
}

/** The device (with its owner) a token belongs to, in `org`; null for anything else. */
export function findDeviceInOrg(org: OrgHandle, token: string | undefined): DeviceAuth | null {
	const parsed = parseDeviceToken(token);
	if (!parsed || !token) return null;
	const found = org.db
		.select({ device: devices, user: users })
		.from(devices)
		.innerJoin(users, eq(users.id, devices.userId))
		.where(eq(devices.tokenHash, hashToken(token)))
		.get();
	if (!found || found.device.id !== parsed.deviceId) return null;
	return { org, device: found.device, user: found.user, unitIds: unitIdsOf(org.db, found.user.id) };
}

/** The device behind a bearer token, in whichever organisation the device directory names. */
export async function findDeviceByToken(ctx: AppContext, token: string | undefined): Promise<DeviceAuth | null> {
	const parsed = parseDeviceToken(token);
	if (!parsed) return null;
	const entry = ctx.control.select().from(deviceDirectory).where(eq(deviceDirectory.deviceId, parsed.deviceId)).get();
	if (!entry) return null;
	const org = await ctx.registry.get({ id: entry.organisationId });
	return org ? findDeviceInOrg(org, token) : null;
}

/**
 * What the device must do, and whether what it pushes is held (`held`: why) instead of applied.
 * Only server facts decide: the device's revocation and its user's state now, never a time the device
 * chose (a mutation id's timestamp is the device's word).
 */
export function deviceStatus(device: DeviceRow, user: UserRow): DeviceStatus & { held: HeldReason | null } {
	if (device.revokedAt) return { status: 'revoked', wipe: true, held: device.revokedReason ?? 'revoked' };
	if (!user.active || user.deletedAt !== null) return { status: 'user-deactivated', wipe: true, held: 'user-deactivated' };
	return { status: 'active', wipe: false, held: null };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the token was issued (or last renewed by a sign-in) `tokenDays` or more days before `now`. */
export function deviceTokenExpired(device: DeviceRow, tokenDays: number, now: Date): boolean {
	const issuedMs = Date.parse(device.tokenIssuedAt ?? device.createdAt);
	return now.getTime() >= issuedMs + tokenDays * DAY_MS;
}

/**
 * Revokes every device of `userId` not revoked yet, with `reason` (deactivation, password reset), in
 * the caller's transaction; each revocation is audited. Returns how many.
 */
export function revokeUserDevices(
	tx: OrgDbOrTx,
	userId: string,
	reason: DeviceRevokeReason,
	by: { at: Date; actorId: string | null; address?: string | null }
): number {
	const open = tx
		.select({ id: devices.id })
		.from(devices)
		.where(and(eq(devices.userId, userId), isNull(devices.revokedAt)))
		.all();
	for (const { id } of open) {
		tx.update(devices).set({ revokedAt: by.at.toISOString(), revokedReason: reason }).where(eq(devices.id, id)).run();
		appendAudit(tx, {
			at: by.at,
			actorId: by.actorId,
			action: 'device.revoke',
			entity: 'device',
			entityId: id,
			address: by.address ?? null,
			detail: { userId, reason }
		});
	}
	return open.length;
}

/**
 * Registers `input.id` for the caller, or rotates its token when the caller registered it before.
 * The token is returned once.
 */
export function registerDevice(ctx: AppContext, org: OrgHandle, caller: Caller, input: RegisterDevice): RegisteredDevice {
	const at = caller.now.toISOString();
	// The directory first: an id another organisation holds is refused before anything is written.
	ctx.control.insert(deviceDirectory).values({ deviceId: input.id, organisationId: org.id, createdAt: at }).onConflictDoNothing().run();
	const entry = ctx.control.select().from(deviceDirectory).where(eq(deviceDirectory.deviceId, input.id)).get();
	if (entry?.organisationId !== org.id) throw new Conflict('This device id is already registered.');

	const token = `pd1.${input.id}.${randomBytes(32).toString('base64url')}`;
	const tokenHash = hashToken(token);
	org.write((tx) => {
		const existing = tx.select().from(devices).where(eq(devices.id, input.id)).get();
		if (existing?.revokedAt) {
			throw new AppError('device-revoked', 409, 'This device was revoked. Make a new device id after wiping.');
		}
		if (existing && existing.userId !== caller.userId) throw new Conflict('This device id is already registered.');
		if (existing) {
			// A sign-in renews the token: its lifetime (deviceTokenDays) starts again from now.
			tx.update(devices).set({ tokenHash, label: input.label, tokenIssuedAt: at }).where(eq(devices.id, input.id)).run();
		} else {
			tx.insert(devices).values({ id: input.id, userId: caller.userId, label: input.label, tokenHash, createdAt: at, tokenIssuedAt: at }).run();
		}
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: existing ? 'device.rotate' : 'device.register',
			entity: 'device',
			entityId: input.id,
			address: caller.address
		});
	});
	return { id: input.id, token };
}

export function listDevices(org: OrgHandle, caller: Caller): Device[] {
	const scope = scopeFor(caller.roles, 'device', 'read');
	if (scope === null) return [];
	const where = scope === 'organisation' ? undefined : eq(devices.userId, caller.userId);
	return org.db.select().from(devices).where(where).orderBy(devices.createdAt, devices.id).all().map(toDeviceDto);
}

/** Revokes a device in the caller's scope (idempotent); out of scope looks like absent (404). */
export function revokeDevice(org: OrgHandle, caller: Caller, id: string): void {
	const scope = scopeFor(caller.roles, 'device', 'delete');
	org.write((tx) => {
		const row = tx.select().from(devices).where(eq(devices.id, id)).get();
		if (!row || scope === null || (scope !== 'organisation' && row.userId !== caller.userId)) throw new NotFound('No such device.');
		if (row.revokedAt) return;
		tx.update(devices).set({ revokedAt: caller.now.toISOString(), revokedReason: 'revoked' }).where(eq(devices.id, id)).run();
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'device.revoke',
			entity: 'device',
			entityId: id,
			address: caller.address,
			detail: { userId: row.userId, reason: 'revoked' }
		});
	});
}

/** Slides `lastSeenAt` (every push). */
export function touchDevice(tx: OrgDbOrTx, deviceId: string, now: Date): void {
	tx.update(devices).set({ lastSeenAt: now.toISOString() }).where(eq(devices.id, deviceId)).run();
}
