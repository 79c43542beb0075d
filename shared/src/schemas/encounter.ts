/**
 * Outreach records made in the field (issue 3): an encounter (kohtaaminen) with a client or with an
 * anonymous contact, and the anonymous contact itself (nickname, estimated birth year, gender,
 * municipality — DESIGN.md "Lessons": first contacts are often pseudonymous).
 *
 * The `*InputSchema`s are what a device writes, sealed, and what the server validates after opening
 * the envelope: one schema on both ends. Encounters have one author and are append-only.
 */
import { z } from 'zod';
import { EncounterActionSchema, EncounterChannelSchema, EncounterTopicSchema, GenderSchema } from '../codes/encounter-codes';
import { MunicipalitySchema } from '../codes/municipalities';
import { IdSchema, TimestampSchema } from './common';

export const IsoDateSchema = z.iso.date();

const uniqueCodes = <T extends z.ZodType<string>>(code: T) =>
	z
		.array(code)
		.max(20)
		.refine((list) => new Set(list).size === list.length, { message: 'Each code at most once', params: { code: 'duplicate' } });

export const ENCOUNTER_NOTE_MAX = 4000;

export const EncounterInputSchema = z
	.strictObject({
		id: IdSchema,
		unitId: IdSchema,
		occurredAt: TimestampSchema,
		channel: EncounterChannelSchema,
		/** Exactly one of `clientId` and `anonymousContactId` is set. */
		clientId: IdSchema.nullable(),
		anonymousContactId: IdSchema.nullable(),
		topics: uniqueCodes(EncounterTopicSchema),
		actions: uniqueCodes(EncounterActionSchema),
		durationMinutes: z.number().int().min(1).max(24 * 60).nullable(),
		note: z.string().max(ENCOUNTER_NOTE_MAX),
		followUpDate: IsoDateSchema.nullable()
	})
	.superRefine((value, ctx) => {
		if ((value.clientId === null) === (value.anonymousContactId === null)) {
			ctx.addIssue({
				code: 'custom',
				path: ['clientId'],
				message: 'Choose a client or an anonymous contact',
				params: { code: 'subject-required' }
			});
		}
	});
export type EncounterInput = z.infer<typeof EncounterInputSchema>;

/** Server bookkeeping on every synced record (DESIGN.md "Sync rules"). */
export const SyncedMetaSchema = z.object({
	/** Per-record counter, bumped by the server on every change; the base of field merges. */
	version: z.number().int().positive(),
	createdBy: IdSchema,
	createdAt: TimestampSchema,
	updatedAt: TimestampSchema,
	deletedAt: TimestampSchema.nullable()
});

export const EncounterSchema = z.object({
	...z.object(EncounterInputSchema.shape).shape,
	...SyncedMetaSchema.shape
});
export type Encounter = z.infer<typeof EncounterSchema>;

const thisYear = () => new Date().getUTCFullYear();

export const AnonymousContactInputSchema = z.strictObject({
	id: IdSchema,
	unitId: IdSchema,
	nickname: z.string().trim().min(1).max(60),
	birthYearEstimate: z
		.number()
		.int()
		.min(1900)
		.refine((y) => y <= thisYear(), { message: 'Not in the future', params: { code: 'future' } })
		.nullable(),
	gender: GenderSchema,
	municipality: MunicipalitySchema
});
export type AnonymousContactInput = z.infer<typeof AnonymousContactInputSchema>;

export const AnonymousContactSchema = z.object({ ...AnonymousContactInputSchema.shape, ...SyncedMetaSchema.shape });
export type AnonymousContact = z.infer<typeof AnonymousContactSchema>;
