import type { NavId } from '$lib/nav/nav-items';
import { m } from '$lib/paraglide/messages.js';

export const NAV_LABELS: Record<NavId, () => string> = {
	home: () => m.nav_home(),
	encounters: () => m.nav_encounters(),
	sync: () => m.nav_sync(),
	'workshop-day': () => m.nav_workshop_day(),
	statistics: () => m.nav_statistics(),
	users: () => m.nav_users()
};

export const NAV_DESCRIPTIONS: Record<NavId, () => string> = {
	home: () => m.nav_home_description(),
	encounters: () => m.nav_encounters_description(),
	sync: () => m.nav_sync_description(),
	'workshop-day': () => m.nav_workshop_day_description(),
	statistics: () => m.nav_statistics_description(),
	users: () => m.nav_users_description()
};
