import { DeviceSchema, RegisterDeviceSchema, RegisteredDeviceSchema } from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, IdParams, jsonBody, jsonContent, problems } from '../../lib/openapi';

export const register = defineRoute(
	{
		method: 'post',
		path: '/api/devices',
		tags: ['Devices'],
		summary: 'Register this device (or rotate its token)',
		description:
			'The device makes its own id. The answer carries the push token `pd1.<id>.<secret>` once; the server keeps only its SHA-256. Registering the same id again as the same user rotates the token (201 again): the app does so at every sign-in, which renews it, since a token expires `deviceTokenDays` (organisation setting, default 30) after the sign-in that issued it. An id registered by someone else is a 409 `conflict`; a revoked id is a 409 `device-revoked` (after a wipe the device makes a new id). Audited.',
		request: { body: jsonBody(RegisterDeviceSchema, 'The device id and a label the user recognises') },
		responses: {
			201: jsonContent(RegisteredDeviceSchema, 'The device id and its new token'),
			...problems(401, 409, ...BODY_PROBLEMS)
		}
	},
	'authenticated'
);

export const list = defineRoute(
	{
		method: 'get',
		path: '/api/devices',
		tags: ['Devices'],
		summary: 'List devices',
		description: 'Your own devices; an admin sees every device of the organisation.',
		responses: { 200: jsonContent(z.array(DeviceSchema), 'The devices'), ...problems(401, 403) }
	},
	{ resource: 'device', action: 'read' }
);

export const revoke = defineRoute(
	{
		method: 'delete',
		path: '/api/devices/{id}',
		tags: ['Devices'],
		summary: 'Revoke a device',
		description:
			'At its next push the device is told to wipe its user\'s local data (`wipe: true`); every item it pushes from then on is held for an admin (answered `held`), whatever time its mutation id claims. Deactivating the user or resetting the password revokes their devices the same way. Idempotent. A device outside your scope is a 404. Audited.',
		request: { params: IdParams },
		responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404, 422) }
	},
	{ resource: 'device', action: 'delete' }
);
