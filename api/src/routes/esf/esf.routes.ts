import { EsfParticipantsQuerySchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { fileContent, problems } from '../../lib/openapi';

const ABOUT =
	'One row per participant (one per client per project, DOMAIN.md §4) whose participation overlaps `window`, by Polku participant number: never a name or a henkilötunnus. Columns: participant number, project code, start date, age at start, gender, employment status at start, education (ISCED), disadvantages, end date, status on leaving, qualification gained. `project` (e.g. `S30794`) limits it to one project; without it, every project. Units: `unitId` once per unit (each in your statistics scope, else 404); without it, every unit you may report on. Labels in `lang` (default: your language). A bad `window`, `project` or `unitId` is a 422 naming it. A download (`Cache-Control: no-store`). Audited (`statistics.export`).';

const fileResponses = (contentType: string, description: string) => ({ 200: fileContent(contentType, description), ...problems(401, 403, 404, 422) });

export const participantsCsv = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/esf/participants.csv',
		tags: ['Statistics'],
		summary: 'The ESF participant file of a project, as CSV',
		description: `UTF-8 with a BOM, \`;\`-separated, CRLF, dates as YYYY-MM-DD. ${ABOUT}`,
		request: { query: EsfParticipantsQuerySchema },
		responses: fileResponses('text/csv', 'The CSV file')
	},
	{ resource: 'statistics', action: 'export' }
);

export const participantsXlsx = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/esf/participants.xlsx',
		tags: ['Statistics'],
		summary: 'The ESF participant file of a project, as an Excel workbook',
		description: `Sheet \`participants\` with the CSV's labelled columns, sheet \`data\` with the same columns as codes. ${ABOUT}`,
		request: { query: EsfParticipantsQuerySchema },
		responses: fileResponses('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The XLSX file')
	},
	{ resource: 'statistics', action: 'export' }
);
