import { LocaleSchema } from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { fileContent, IdParams, problems } from '../../lib/openapi';

/** `?lang=fi|sv|en`: the PDF's language; without it, the signed-in user's own. */
export const ReportPdfQuerySchema = z.object({ lang: LocaleSchema.optional() });

export const pdf = defineRoute(
	{
		method: 'get',
		path: '/api/coaching-reports/{id}/pdf',
		tags: ['Workshop'],
		summary: 'Download an interim report or final statement as PDF',
		description:
			"The report drafted from the period's data (attendance from the period's start to the report's date, goals, assessments, placement) with the coach's text, in the chosen language. A download (`Content-Disposition: attachment; filename=\"valiraportti-<date>.pdf\"`, or `loppulausunto-<date>.pdf` for a final statement; no names in it) with `Cache-Control: no-store`. Audited (`coaching-report.download`). A report outside your scope, or deleted, is a 404.",
		request: { params: IdParams, query: ReportPdfQuerySchema },
		responses: {
			200: fileContent('application/pdf', 'The PDF'),
			...problems(401, 403, 404, 422)
		}
	},
	{ resource: 'coaching-period', action: 'export' }
);
