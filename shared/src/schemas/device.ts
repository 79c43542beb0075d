/**
 * Devices (issue 3): each browser profile registers once per user. The token it gets authenticates
 * sealed pushes only (`Authorization: Bearer <token>`); reading anything still needs a session.
 * An admin (or the user) revokes a device; at its next contact it pushes what it may and wipes.
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

export const RegisterDeviceSchema = z.strictObject({
	/** Made on the device. Registering the same id again for the same user rotates its token. */
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

export const DeviceSchema = z.object({
	id: IdSchema,
	userId: IdSchema,
	label: z.string(),
	createdAt: TimestampSchema,
	lastSeenAt: TimestampSchema.nullable(),
	revokedAt: TimestampSchema.nullable()
});
export type Device = z.infer<typeof DeviceSchema>;
