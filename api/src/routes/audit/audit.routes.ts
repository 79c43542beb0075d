import { defineRoute } from '../../lib/define-route';
import { jsonContent, problems } from '../../lib/openapi';
import { AuditPageSchema, AuditQuerySchema, AuditVerificationSchema } from '@polku/shared';

export const list = defineRoute(
	{
		method: 'get',
		path: '/api/audit',
		tags: ['Audit'],
		summary: 'Read the audit trail, newest first',
		description: 'Pages with `?before=<seq>&limit=<n>` (default 100, at most 500). The read itself is audited.',
		request: { query: AuditQuerySchema },
		responses: { 200: jsonContent(AuditPageSchema, 'A page of audit entries'), ...problems(401, 403, 422) }
	},
	{ resource: 'audit', action: 'read' }
);

export const verify = defineRoute(
	{
		method: 'get',
		path: '/api/audit/verify',
		tags: ['Audit'],
		summary: 'Verify the audit hash chain',
		description:
			'Recomputes every hash and checks the chain against the anchor kept in the control database. `firstBadSeq` is the first row that was edited, removed, reordered or cut off.',
		responses: { 200: jsonContent(AuditVerificationSchema, 'The verification result'), ...problems(401, 403) }
	},
	{ resource: 'audit', action: 'read' }
);
