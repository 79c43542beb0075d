import { z } from 'zod';
import { RoleSchema } from '../roles';
import { IdSchema, LocaleSchema, PasswordSchema, TimestampSchema, UsernameSchema } from './common';

export const UserSchema = z.object({
	id: IdSchema,
	username: UsernameSchema,
	displayName: z.string(),
	email: z.email().nullable(),
	roles: z.array(RoleSchema),
	unitIds: z.array(IdSchema),
	locale: LocaleSchema,
	active: z.boolean(),
	createdAt: TimestampSchema,
	updatedAt: TimestampSchema,
	deactivatedAt: TimestampSchema.nullable()
});
export type User = z.infer<typeof UserSchema>;

const roles = z
	.array(RoleSchema)
	.min(1)
	.max(4)
	.refine((r) => new Set(r).size === r.length, 'roles must not repeat');
const unitIds = z
	.array(IdSchema)
	.max(50)
	.refine((u) => new Set(u).size === u.length, 'units must not repeat');

export const CreateUserSchema = z.strictObject({
	username: UsernameSchema,
	displayName: z.string().trim().min(1).max(120),
	email: z.email().max(254).nullable().optional(),
	password: PasswordSchema,
	roles,
	unitIds: unitIds.default([]),
	locale: LocaleSchema.default('fi')
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const PatchUserSchema = z.strictObject({
	displayName: z.string().trim().min(1).max(120).optional(),
	email: z.email().max(254).nullable().optional(),
	password: PasswordSchema.optional(),
	roles: roles.optional(),
	unitIds: unitIds.optional(),
	locale: LocaleSchema.optional(),
	/** `false` deactivates the user and ends every session of theirs at once. */
	active: z.boolean().optional()
});
export type PatchUser = z.infer<typeof PatchUserSchema>;
