import { CreateUserSchema, PatchUserSchema, UserSchema } from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, IdParams, jsonBody, jsonContent, problems } from '../../lib/openapi';

export const list = defineRoute(
	{
		method: 'get',
		path: '/api/users',
		tags: ['Users'],
		summary: 'List users',
		description: 'Admins see everyone; supervisors the people of their own units. The read is audited.',
		responses: { 200: jsonContent(z.array(UserSchema), 'The users'), ...problems(401, 403) }
	},
	{ resource: 'user', action: 'read' }
);

export const create = defineRoute(
	{
		method: 'post',
		path: '/api/users',
		tags: ['Users'],
		summary: 'Create a user',
		request: { body: jsonBody(CreateUserSchema, 'The new user with an initial password') },
		responses: {
			201: jsonContent(UserSchema, 'The created user'),
			...problems(401, 403, 409, ...BODY_PROBLEMS)
		}
	},
	{ resource: 'user', action: 'create' }
);

export const getOne = defineRoute(
	{
		method: 'get',
		path: '/api/users/{id}',
		tags: ['Users'],
		summary: 'Read a user',
		description: 'The read is audited. A user outside your scope is a 404.',
		request: { params: IdParams },
		responses: { 200: jsonContent(UserSchema, 'The user'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'user', action: 'read' }
);

export const patch = defineRoute(
	{
		method: 'patch',
		path: '/api/users/{id}',
		tags: ['Users'],
		summary: 'Edit, deactivate or reactivate a user',
		description:
			'`{"active": false}` deactivates the user and ends all their sessions at once. Nobody can deactivate themselves, and the last active admin cannot lose the admin role (409). A new password ends the user\'s other sessions.',
		request: { params: IdParams, body: jsonBody(PatchUserSchema, 'The fields to change') },
		responses: { 200: jsonContent(UserSchema, 'The updated user'), ...problems(401, 403, 404, 409, ...BODY_PROBLEMS) }
	},
	{ resource: 'user', action: 'update' }
);
