import { HeldItemSchema } from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { IdParams, jsonContent, problems } from '../../lib/openapi';

/** Deciding on held items is an admin's: `device:update` is granted at organisation scope only. */
const rule = { resource: 'device', action: 'update' } as const;

export const listForUser = defineRoute(
	{
		method: 'get',
		path: '/api/users/{id}/held-items',
		tags: ['Devices'],
		summary: "List a user's held items",
		description:
			'What the user\'s devices pushed after they were blocked (revoked, the user deactivated, or the password reset): held, never applied on arrival. Each shows the device, the server time of arrival, the mutation kind and the decision; never its content. Oldest arrival first. An unknown user is a 404.',
		request: { params: IdParams },
		responses: { 200: jsonContent(z.array(HeldItemSchema), 'The held items'), ...problems(401, 403, 404, 422) }
	},
	rule
);

const decide = (action: 'accept' | 'refuse') =>
	defineRoute(
		{
			method: 'post',
			path: `/api/held-items/{id}/${action}`,
			tags: ['Devices'],
			summary: action === 'accept' ? 'Accept a held item' : 'Refuse a held item',
			description:
				action === 'accept'
					? 'Applies the item exactly as a push by its author would (same validation, permission and scope with the author\'s current roles and units), exactly once. If the apply refuses it, the item becomes `failed` with the problem and can be accepted again or refused. An item already accepted or refused is a 409. Audited.'
					: 'Marks the item `refused`: kept, never applied. An item already accepted or refused is a 409. Audited.',
			request: { params: IdParams },
			responses: { 200: jsonContent(HeldItemSchema, 'The item after the decision'), ...problems(401, 403, 404, 409, 422) }
		},
		rule
	);

export const accept = decide('accept');
export const refuse = decide('refuse');

const decideAll = (action: 'accept' | 'refuse') =>
	defineRoute(
		{
			method: 'post',
			path: `/api/users/{id}/held-items/${action}-all`,
			tags: ['Devices'],
			summary: action === 'accept' ? "Accept all of a user's waiting held items" : "Refuse all of a user's waiting held items",
			description:
				'Decides every `pending` item of the user, in the order the device made them, as the single decision would (`failed` items wait for a decision each). Returns all the user\'s held items afterwards. Each decision is audited.',
			request: { params: IdParams },
			responses: { 200: jsonContent(z.array(HeldItemSchema), "The user's held items"), ...problems(401, 403, 404, 422) }
		},
		rule
	);

export const acceptAll = decideAll('accept');
export const refuseAll = decideAll('refuse');
