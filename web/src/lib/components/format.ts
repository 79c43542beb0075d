/**
 * Dates and times as people read them, in the UI language and the device's time zone. Pure
 * functions of the locale, so components re-render when the language changes (`{#key}` in the layout).
 */
import { localeManager } from '$lib/i18n/locale-manager.svelte';

const TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

function tag(): string {
	return TAGS[localeManager.current] ?? 'fi-FI';
}

/** "23.11.2026 klo 14.05", or just the time when it is today. */
export function formatDateTime(value: number | string | Date, now = new Date()): string {
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return '';
	const sameDay = date.toDateString() === now.toDateString();
	return new Intl.DateTimeFormat(tag(), sameDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function formatDate(value: string): string {
	const date = new Date(`${value}T12:00:00`);
	if (Number.isNaN(date.getTime())) return value;
	return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium' }).format(date);
}

/** The value of an `<input type="datetime-local">` for an instant, in local time. */
export function toLocalInput(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An `<input type="datetime-local">` value back to an ISO instant; '' when it is not a time. */
export function fromLocalInput(value: string): string {
	if (!value) return '';
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
