import { OrganisationPublicKeySchema, OrganisationSettingsViewSchema, PatchOrganisationSettingsSchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, jsonBody, jsonContent, problems } from '../../lib/openapi';

export const publicKey = defineRoute(
	{
		method: 'get',
		path: '/api/organisation/public-key',
		tags: ['Organisation'],
		summary: "The organisation's public sealing key",
		description: 'Devices seal submitted records to this key (ECDH P-256 + HKDF-SHA256 + AES-256-GCM).',
		responses: { 200: jsonContent(OrganisationPublicKeySchema, 'The public key as a JWK'), ...problems(401) }
	},
	'authenticated'
);

export const settings = defineRoute(
	{
		method: 'get',
		path: '/api/organisation/settings',
		tags: ['Organisation'],
		summary: "The organisation's settings",
		description:
			'Every setting with the value in force: session idle and absolute limits (the server defaults unless set), device vault lock, device token lifetime, small-cell threshold of statistics, required client fields, unit kinds that may record a henkilötunnus, and the address allowlist (empty: any address). Code-list overrides are under /api/code-lists.',
		responses: { 200: jsonContent(OrganisationSettingsViewSchema, 'The settings'), ...problems(401, 403) }
	},
	{ resource: 'organisation', action: 'read' }
);

export const updateSettings = defineRoute(
	{
		method: 'patch',
		path: '/api/organisation/settings',
		tags: ['Organisation'],
		summary: "Change the organisation's settings",
		description: [
			'Keys left out stay as they are; `null` returns `sessionIdleMinutes` or `sessionMaxHours` to the server default. Audited (`organisation.settings-update`) with each changed key\'s old and new value. Answers every setting.',
			'`ipAllowlist`: IPv4 and IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`; IPv4-mapped forms such as `::ffff:10.0.0.1` match their IPv4 address). When not empty, sign-in, every request of a signed-in user and every device push from any other address is refused with 403 `address-not-allowed` and audited (`auth.address-refused`). A list without the address you are using now is refused with 422 (`ipAllowlist`: `would-lock-you-out`).'
		].join('\n\n'),
		request: { body: jsonBody(PatchOrganisationSettingsSchema, 'The settings to change') },
		responses: { 200: jsonContent(OrganisationSettingsViewSchema, 'The settings after the change'), ...problems(401, 403, ...BODY_PROBLEMS) }
	},
	{ resource: 'organisation', action: 'update' }
);
