import { AttendanceSummaryQuerySchema, AttendanceSummarySchema, LocaleSchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { fileContent, jsonContent, problems } from '../../lib/openapi';

/** `?unitId=&month=YYYY-MM[&lang=fi|sv|en]`: without `lang`, the signed-in user's language. */
export const SummaryQuerySchema = AttendanceSummaryQuerySchema.extend({ lang: LocaleSchema.optional() });

const SCOPE =
	'The unit must be one whose attendance you may see (else 404); only periods you reach are counted. Rows are the live periods overlapping the month, sorted by payer (none last), then participant; `payers` holds one total per payer. A bad `unitId` or `month` is a 422 naming it.';

export const summary = defineRoute(
	{
		method: 'get',
		path: '/api/attendance/summary',
		tags: ['Workshop'],
		summary: "A workshop's attendance summary for a month",
		description: `${SCOPE} Audited (\`attendance.summary-read\`).`,
		request: { query: SummaryQuerySchema },
		responses: { 200: jsonContent(AttendanceSummarySchema, 'The summary'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'attendance', action: 'read' }
);

const fileResponses = (contentType: string, description: string) => ({ 200: fileContent(contentType, description), ...problems(401, 403, 404, 422) });

export const summaryCsv = defineRoute(
	{
		method: 'get',
		path: '/api/attendance/summary.csv',
		tags: ['Workshop'],
		summary: "A workshop's attendance summary for a month, as CSV",
		description: `UTF-8 with a BOM, \`;\`-separated, CRLF, decimal comma (as Finnish Excel opens it); the header row in \`lang\`. Columns: participant, period type, payer, contract days, days present, hours present, contract hours, sick, authorised, unauthorised, other, unmarked days, extra days, expense compensation €; then one subtotal row per payer. A download (\`lasnaolo-<month>.csv\`, \`Cache-Control: no-store\`). ${SCOPE} Audited (\`attendance.export\`).`,
		request: { query: SummaryQuerySchema },
		responses: fileResponses('text/csv', 'The CSV file')
	},
	{ resource: 'attendance', action: 'export' }
);

export const summaryXlsx = defineRoute(
	{
		method: 'get',
		path: '/api/attendance/summary.xlsx',
		tags: ['Workshop'],
		summary: "A workshop's attendance summary for a month, as an Excel workbook",
		description: `One sheet "Yhteenveto": the header row, one row per period, then one subtotal row per payer, with the CSV's columns; numbers as numbers, € with two decimals. A download (\`lasnaolo-<month>.xlsx\`, \`Cache-Control: no-store\`). ${SCOPE} Audited (\`attendance.export\`).`,
		request: { query: SummaryQuerySchema },
		responses: fileResponses('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The XLSX file')
	},
	{ resource: 'attendance', action: 'export' }
);
