import { z } from 'zod';
import { RoleSchema } from '../roles';
import { IdSchema, LocaleSchema, SlugSchema, TimestampSchema, UsernameSchema } from './common';
import { CodeOverridesSchema } from '../codes/local-codes';
import { ClientRecordSettingsSchema, ColleagueSchema } from './client-record';
import { UnitSchema } from './unit';

export const LoginSchema = z.strictObject({
	organisation: SlugSchema,
	username: UsernameSchema,
	/** Not length-checked beyond a cap: a wrong password must look like any other wrong password. */
	password: z.string().min(1).max(256)
});
export type Login = z.infer<typeof LoginSchema>;

export const OrganisationSummarySchema = z.object({
	id: IdSchema,
	slug: SlugSchema,
	name: z.string()
});
export type OrganisationSummary = z.infer<typeof OrganisationSummarySchema>;

/** What the signed-in user's device needs to know: who, where, what they may do, how long. */
export const MeSchema = z.object({
	user: z.object({
		id: IdSchema,
		username: UsernameSchema,
		displayName: z.string(),
		roles: z.array(RoleSchema),
		unitIds: z.array(IdSchema),
		locale: LocaleSchema
	}),
	organisation: OrganisationSummarySchema,
	units: z.array(UnitSchema),
	session: z.object({
		expiresAt: TimestampSchema,
		idleTimeoutSeconds: z.number().int().positive(),
		/** The device vault locks after this long without use (organisation setting, default 15 min). */
		deviceLockSeconds: z.number().int().positive()
	}),
	/** Issue 4: the client record's organisation settings, local codes, and colleagues of the user's units. */
	settings: ClientRecordSettingsSchema,
	codeOverrides: CodeOverridesSchema,
	colleagues: z.array(ColleagueSchema)
});
export type Me = z.infer<typeof MeSchema>;

/** The organisation's public sealing key, handed to logged-in devices (DESIGN.md, Keys). */
export const OrganisationPublicKeySchema = z.object({
	kid: z.string(),
	alg: z.literal('ECDH-ES+HKDF-SHA256+A256GCM'),
	jwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() })
});
export type OrganisationPublicKey = z.infer<typeof OrganisationPublicKeySchema>;

export const HealthSchema = z.object({
	status: z.literal('ok'),
	version: z.string(),
	time: TimestampSchema
});
export type Health = z.infer<typeof HealthSchema>;
