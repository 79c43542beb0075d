import { z } from 'zod';
import { UnitKindSchema } from '../roles';
import { IdSchema, TimestampSchema } from './common';

export const UnitSchema = z.object({
	id: IdSchema,
	name: z.string(),
	kind: UnitKindSchema,
	createdAt: TimestampSchema,
	updatedAt: TimestampSchema,
	deletedAt: TimestampSchema.nullable()
});
export type Unit = z.infer<typeof UnitSchema>;

export const CreateUnitSchema = z.strictObject({
	name: z.string().trim().min(1).max(120),
	kind: UnitKindSchema
});
export type CreateUnit = z.infer<typeof CreateUnitSchema>;
export const PatchUnitSchema = CreateUnitSchema.partial();
export type PatchUnit = z.infer<typeof PatchUnitSchema>;
