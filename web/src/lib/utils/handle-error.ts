/**
 * One way to report a failure that has no better place on the page: a toast in the current
 * locale. Aborted requests are not failures (the user navigated away) and are ignored.
 */
import { problemMessage } from '$lib/api/problem-message';
import { toasts } from '$lib/managers/toast-manager.svelte';

export function isAbortError(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'AbortError';
}

/** Shows `fallback` (or the problem's own sentence when it is more precise) and returns it. */
export function handleError(error: unknown, fallback?: string): string | undefined {
	if (isAbortError(error)) return undefined;
	const specific = problemMessage(error);
	const text = fallback ? `${fallback} ${specific}` : specific;
	toasts.error(text);
	return text;
}
