/**
 * Devices (issue 3): a browser profile registers once per user and gets a token that authenticates
 * sealed pushes only. The token is `pd1.<deviceId>.<secret>` (32 random bytes, base64url); only its
 * SHA-256 is stored. Since the token names no organisation, the control database's device directory
 * says which organisation's file holds the device.
 *
 * Invariants:
 * - a device id belongs to one user of one organisation for ever; registering it again as that user
 *   rotates the token, as anyone else is a 409;
 * - a revoked device is never registered again (409 `device-revoked`): after its wipe the device makes
 *   a new id;
 * - a revoked device (or a device of a deactivated user) still authenticates, so that its next push
 *   is answered with `wipe: true` and the items it made before the cut-off are still accepted.
 */
import { scopeFor, type Device, type DeviceStatus, type RegisterDevice, type RegisteredDevice } from '@polku/shared';
import { eq } from 'drizzle-orm';
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

export function toDeviceDto(row: DeviceRow): Device {
	return {
		id: row.id,
		userId: row.userId,
		label: row.label,
		createdAt: row.createdAt,
		lastSeenAt: row.lastSeenAt,
		revokedAt: row.revokedAt
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
 * What the device must do, and the cut-off (epoch ms) after which its items are no longer accepted:
 * the revocation, or the owner's deactivation, whichever came first.
 */
export function deviceStatus(device: DeviceRow, user: UserRow, now: Date): DeviceStatus & { cutoffMs: number | null } {
	const revokedMs = device.revokedAt ? Date.parse(device.revokedAt) : null;
	const userGone = !user.active || user.deletedAt !== null;
	const userMs = userGone ? Date.parse(user.deactivatedAt ?? user.deletedAt ?? now.toISOString()) : null;
	if (revokedMs !== null) {
		return { status: 'revoked', wipe: true, cutoffMs: userMs === null ? revokedMs : Math.min(revokedMs, userMs) };
	}
	if (userMs !== null) return { status: 'user-deactivated', wipe: true, cutoffMs: userMs };
	return { status: 'active', wipe: false, cutoffMs: null };
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
			tx.update(devices).set({ tokenHash, label: input.label }).where(eq(devices.id, input.id)).run();
		} else {
			tx.insert(devices).values({ id: input.id, userId: caller.userId, label: input.label, tokenHash, createdAt: at }).run();
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
		tx.update(devices).set({ revokedAt: caller.now.toISOString() }).where(eq(devices.id, id)).run();
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'device.revoke',
			entity: 'device',
			entityId: id,
			address: caller.address,
			detail: { userId: row.userId }
		});
	});
}

/** Slides `lastSeenAt` (every push). */
export function touchDevice(tx: OrgDbOrTx, deviceId: string, now: Date): void {
	tx.update(devices).set({ lastSeenAt: now.toISOString() }).where(eq(devices.id, deviceId)).run();
}
