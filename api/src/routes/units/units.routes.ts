import { CreateUnitSchema, PatchUnitSchema, UnitSchema } from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, IdParams, jsonBody, jsonContent, problems } from '../../lib/openapi';

export const list = defineRoute(
	{
		method: 'get',
		path: '/api/units',
		tags: ['Units'],
		summary: 'List units',
		description: 'Admins see every unit; everyone else the units they belong to.',
		responses: { 200: jsonContent(z.array(UnitSchema), 'The units'), ...problems(401, 403) }
	},
	{ resource: 'unit', action: 'read' }
);

export const create = defineRoute(
	{
		method: 'post',
		path: '/api/units',
		tags: ['Units'],
		summary: 'Create a unit',
		request: { body: jsonBody(CreateUnitSchema, 'The new unit') },
		responses: { 201: jsonContent(UnitSchema, 'The created unit'), ...problems(401, 403, ...BODY_PROBLEMS) }
	},
	{ resource: 'unit', action: 'create' }
);

export const patch = defineRoute(
	{
		method: 'patch',
		path: '/api/units/{id}',
		tags: ['Units'],
		summary: 'Rename a unit or change its kind',
		request: { params: IdParams, body: jsonBody(PatchUnitSchema, 'The fields to change') },
		responses: { 200: jsonContent(UnitSchema, 'The updated unit'), ...problems(401, 403, 404, ...BODY_PROBLEMS) }
	},
	{ resource: 'unit', action: 'update' }
);
