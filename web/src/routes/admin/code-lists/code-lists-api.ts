/**
 * The two calls of the code-list admin page (issue 4): GET /api/code-lists and
 * PUT /api/code-lists/:listId. A thin wrapper with the same error behaviour as `$lib/api/client`
 * (ApiError with the server's problem, NetworkError when the server was not reached).
 * TODO(issue 4): move into `$lib/api/client.ts` when its owner adds `getCodeLists`/`putCodeList`.
 */
import { CodeOverridesSchema, type CodeListOverride, type CodeOverrides, type ExtensibleListId } from '@polku/shared';
import { ApiError, NetworkError, parseProblem } from '$lib/api/client';

async function call(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<CodeOverrides> {
	let response: Response;
	try {
		response = await fetch(`/api${path}`, {
			method,
			credentials: 'same-origin',
			headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch (err) {
		throw new NetworkError(err instanceof Error ? err.message : String(err));
	}
	if (!response.ok) throw new ApiError(await parseProblem(response), null);
	const parsed = CodeOverridesSchema.safeParse(await response.json());
	if (!parsed.success) throw new ApiError({ type: 'about:blank', title: 'Unexpected response', status: 500, code: 'internal' }, null);
	return parsed.data;
}

export const getCodeLists = (): Promise<CodeOverrides> => call('GET', '/code-lists');
export const putCodeList = (listId: ExtensibleListId, override: CodeListOverride): Promise<CodeOverrides> =>
	call('PUT', `/code-lists/${encodeURIComponent(listId)}`, override);
