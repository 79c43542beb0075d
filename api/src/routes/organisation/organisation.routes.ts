import { OrganisationPublicKeySchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { jsonContent, problems } from '../../lib/openapi';

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
