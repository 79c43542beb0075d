import { PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, jsonBody, jsonContent, problems } from '../../lib/openapi';

const bearer = [{ deviceToken: [] }];

export const push = defineRoute(
	{
		method: 'post',
		path: '/api/sync/push',
		tags: ['Sync'],
		summary: 'Push sealed mutations',
		description: [
			'Authenticated by the device token alone (`Authorization: Bearer pd1.…`), no session: a locked app and the service worker push too. A missing or wrong token is a 401 `device-unknown`; a token older than the organisation\'s `deviceTokenDays` since the sign-in that issued or renewed it is a 401 `device-expired` (sign in again: registering the device renews it).',
			'Each item is a mutation sealed to the organisation\'s public key with associated data `syncAad(organisation id, mutation id, schema version)`. Items are handled in order, each in its own transaction, and answered in the same order:',
			'`applied`; `duplicate` (seen before with the same content, or the record exists with the same content); `conflict` (`field-conflict`: applied, and the fields both sides changed kept the server value and became conflicts for their author; `mutation-reused`: the id was used for other content; `record-exists`: the record id exists with other content); or `rejected` with a problem: `schema-unsupported`, `seal-invalid`, `validation-failed` (fields named inside `data`, e.g. `data.channel`), `forbidden` (also for a mutation id dated more than a day before the device was registered), `unknown-reference`; or `held`.',
			'Exactly once: the mutation id is recorded in the same transaction as the change. An empty `items` is a heartbeat. `device` tells a revoked device (or one whose user was deactivated or had the password reset) to wipe; every item it pushes is then `held`: not applied, kept for an admin to accept or refuse (sending it again finds the same held item). Every applied mutation is audited, without its content.'
		].join('\n\n'),
		security: bearer,
		request: { body: jsonBody(PushRequestSchema, 'Up to 100 sealed items, in mutation id order') },
		responses: {
			200: jsonContent(PushResponseSchema, 'One result per item, and the device status'),
			...problems(401, ...BODY_PROBLEMS)
		}
	},
	'device'
);

export const pull = defineRoute(
	{
		method: 'get',
		path: '/api/sync/pull',
		tags: ['Sync'],
		summary: 'Pull changes since a cursor',
		description:
			'Needs the session AND `Authorization: Bearer <device token>` of one of your own devices (missing or wrong: 401 `device-unknown`; another user\'s device: 403). Returns, in change order, what you may read: clients of your units, or those you made or are responsible for (by your role), with every record of such a client (`situation`, `service`, `consent`, `memo`, `follow-up`, `attachment` metadata — never the file — and `client-merge`), and `client-sensitive` (special categories) only where your role reaches them; encounters and anonymous contacts of your units (or your own); and the conflicts you authored. Deleted and merged-away records come as tombstones (`data: null`). A client carries only `hetuMasked` (`***********` when it has a henkilötunnus, else null): no part of the code and no digest of it; exact search by code is `POST /api/clients/search-by-hetu`, online. When you newly reach a client (made responsible for it, or a merge is undone), its older records come again in your next pull. Pull again with `cursor` while `more` is true. A revoked device gets no changes and `wipe: true`. Each page is audited with counts only, and each client delivered with a `client.read` row.',
		security: bearer,
		request: { query: PullQuerySchema },
		responses: { 200: jsonContent(PullResponseSchema, 'A page of changes and the next cursor'), ...problems(401, 403, 422) }
	},
	'authenticated'
);
