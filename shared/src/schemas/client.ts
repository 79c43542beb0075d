/**
 * The client's basic details as far as the field needs them (issue 3): enough to find a young person
 * offline and to record an encounter. The full record (henkilötunnus, background, situation,
 * consents, services — issue 4) extends this shape; these fields and their merge rules stay.
 *
 * A client is a *shared* record: several workers may edit it offline. Edits travel as field patches
 * against a base (`client.update`), merged field by field on the server (see ../merge.ts).
 */
import { z } from 'zod';
import { GenderSchema } from '../codes/encounter-codes';
import { MunicipalitySchema } from '../codes/municipalities';
import { IdSchema } from './common';
import { SyncedMetaSchema } from './encounter';

const name = z.string().trim().min(1).max(100).nullable();

export const ClientFieldsSchema = z.strictObject({
	firstName: name,
	lastName: name,
	/** Outreach may start pseudonymous: a nickname alone is enough. */
	nickname: name,
	birthYear: z.number().int().min(1900).max(2100).nullable(),
	gender: GenderSchema,
	municipality: MunicipalitySchema
});
export type ClientFields = z.infer<typeof ClientFieldsSchema>;

/** The fields a `client.update` may change, merged one by one. */
export const CLIENT_MERGE_FIELDS = Object.keys(ClientFieldsSchema.shape) as (keyof ClientFields)[];

const needsSomeName = (v: Pick<ClientFields, 'firstName' | 'lastName' | 'nickname'>) =>
	v.nickname !== null || (v.firstName !== null && v.lastName !== null);

export const ClientInputSchema = z
	.strictObject({ id: IdSchema, unitId: IdSchema, ...ClientFieldsSchema.shape })
	.refine(needsSomeName, {
		path: ['nickname'],
		message: 'Give a first and last name, or a nickname',
		params: { code: 'name-required' }
	});
export type ClientInput = z.infer<typeof ClientInputSchema>;

export const ClientSchema = z.object({ id: IdSchema, unitId: IdSchema, ...ClientFieldsSchema.shape, ...SyncedMetaSchema.shape });
export type Client = z.infer<typeof ClientSchema>;

/** One field of a patch: the value the editor saw (`from`) and the value they chose (`to`). */
const change = <T extends z.ZodType>(value: T) => z.strictObject({ from: value, to: value });

export const ClientChangesSchema = z
	.strictObject({
		firstName: change(ClientFieldsSchema.shape.firstName).optional(),
		lastName: change(ClientFieldsSchema.shape.lastName).optional(),
		nickname: change(ClientFieldsSchema.shape.nickname).optional(),
		birthYear: change(ClientFieldsSchema.shape.birthYear).optional(),
		gender: change(ClientFieldsSchema.shape.gender).optional(),
		municipality: change(ClientFieldsSchema.shape.municipality).optional()
	})
	.refine((c) => Object.keys(c).length > 0, { message: 'Nothing to change', params: { code: 'empty' } });
export type ClientChanges = z.infer<typeof ClientChangesSchema>;

export const ClientUpdateSchema = z.strictObject({
	id: IdSchema,
	/** The record version the editor's `from` values came from. */
	baseVersion: z.number().int().positive(),
	changes: ClientChangesSchema
});
export type ClientUpdate = z.infer<typeof ClientUpdateSchema>;
