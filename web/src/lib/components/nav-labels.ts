import type { NavId } from '$lib/nav/nav-items';
import { m } from '$lib/paraglide/messages.js';

export const NAV_LABELS: Record<NavId, () => string> = {
	home: () => m.nav_home(),
	encounters: () => m.nav_encounters(),
	clients: () => m.nav_clients(),
	sync: () => m.nav_sync(),
	'workshop-day': () => m.nav_workshop_day(),
	periods: () => m.nav_periods(),
	'attendance-summary': () => m.nav_attendance_summary(),
	statistics: () => m.nav_statistics(),
	users: () => m.nav_users(),
	'code-lists': () => m.nav_code_lists()
};

export const NAV_DESCRIPTIONS: Record<NavId, () => string> = {
	home: () => m.nav_home_description(),
	encounters: () => m.nav_encounters_description(),
	clients: () => m.nav_clients_description(),
	sync: () => m.nav_sync_description(),
	'workshop-day': () => m.nav_workshop_day_description(),
	periods: () => m.nav_periods_description(),
	'attendance-summary': () => m.nav_attendance_summary_description(),
	statistics: () => m.nav_statistics_description(),
	users: () => m.nav_users_description(),
	'code-lists': () => m.nav_code_lists_description()
};
