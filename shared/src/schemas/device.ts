/**
 * Devices (issue 3): each browser profile registers once per user. The token it gets authenticates
 * sealed pushes only (`Authorization: Bearer <token>`); reading anything still needs a session.
 * An admin (or the user) revokes a device; at its next contact it is told to wipe, and whatever it
 * pushes from then on is held on the server for an admin to accept or refuse.
 */
import { z } from 'zod';
import { ProblemSchema } from '../problem';
import { IdSchema, TimestampSchema } from './common';

export const RegisterDeviceSchema = z.strictObject({
	/** Made on the device. Registering the same id again for the same user rotates (renews) its token. */
	id: IdSchema,
	/** What the user recognises it by, e.g. "Chrome, Android"; never a name or a number. */
	label: z.string().trim().min(1).max(120)
});
export type RegisterDevice = z.infer<typeof RegisterDeviceSchema>;

export const RegisteredDeviceSchema = z.object({
	id: IdSchema,
	/** Shown once; only its SHA-256 is stored on the server. */
	token: z.string()
});
export type RegisteredDevice = z.infer<typeof RegisteredDeviceSchema>;

/**
 * Why a device was revoked: by an admin or its user (`revoked`), or because its user was deactivated
 * or had the password reset. Each ends the device's token for good.
 */
export const DEVICE_REVOKE_REASONS = ['revoked', 'user-deactivated', 'password-reset'] as const;
export const DeviceRevokeReasonSchema = z.enum(DEVICE_REVOKE_REASONS);
export type DeviceRevokeReason = z.infer<typeof DeviceRevokeReasonSchema>;

export const DeviceSchema = z.object({
	id: IdSchema,
	userId: IdSchema,
	label: z.string(),
	createdAt: TimestampSchema,
	lastSeenAt: TimestampSchema.nullable(),
	revokedAt: TimestampSchema.nullable(),
	revokedReason: DeviceRevokeReasonSchema.nullable()
});
export type Device = z.infer<typeof DeviceSchema>;

/** Why an item was held: the device's revocation reason, or its user deactivated (not yet revoked). */
export const HeldReasonSchema = DeviceRevokeReasonSchema;
export type HeldReason = z.infer<typeof HeldReasonSchema>;

/**
 * A held item waits (`pending`) for an admin: `accepted` was applied (exactly once, through the same
 * checks as its author's push), `refused` is kept but never applied, `failed` was accepted but the
 * apply refused it (see `problem`; it may be accepted again or refused).
 */
export const HeldStatusSchema = z.enum(['pending', 'accepted', 'refused', 'failed']);
export type HeldStatus = z.infer<typeof HeldStatusSchema>;

/** An item a blocked device pushed, as an admin sees it: who, which device, when and what kind; never its content. */
export const HeldItemSchema = z.object({
	id: IdSchema,
	mutationId: IdSchema,
	userId: IdSchema,
	deviceId: IdSchema,
	/** The device's label, e.g. "Chrome, Android". */
	deviceLabel: z.string().nullable(),
	/** The mutation kind, e.g. `encounter.create`. */
	kind: z.string(),
	reason: HeldReasonSchema,
	/** Server time of arrival. */
	receivedAt: TimestampSchema,
	status: HeldStatusSchema,
	decidedAt: TimestampSchema.nullable(),
	decidedBy: IdSchema.nullable(),
	decidedByName: z.string().nullable(),
	/** Why applying it failed (`failed` only). */
	problem: ProblemSchema.nullable()
});
export type HeldItem = z.infer<typeof HeldItemSchema>;
