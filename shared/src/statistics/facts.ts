/**
 * What the engine counts (./engine.ts): plain rows the server loads from an organisation's file for
 * one window and set of units. Code fields hold national codes (the server maps local codes first) or
 * null (unanswered; counted as `unknown`). Encounters, anonymous contacts, attendance and staff come
 * pre-aggregated (counted in SQL: two million encounters never travel as rows); clients and periods
 * come as rows, because their categories depend on the window.
 */
import type { Role } from '../roles';

export interface StatClient {
	readonly id: string;
	readonly unitId: string;
	/** A GENDERS code. */
	readonly gender: string;
	/** ISO date; when only the year is known, `birthYear` (the engine takes 1 July of it). */
	readonly birthDate: string | null;
	readonly birthYear: number | null;
	/** A MOTHER_TONGUES code (grouped by `motherTongueGroup`). */
	readonly motherTongue: string | null;
	readonly referralSource: string | null;
	/** The main activity of the client's first `start` situation. */
	readonly mainActivityAtStart: string | null;
	/** The client relationship; a client without a start date is not counted (completeness lists it). */
	readonly startDate: string | null;
	readonly endDate: string | null;
	readonly placementAtEnd: string | null;
	/** Live services of the client (any status); the engine keeps those overlapping the window. */
	readonly services: readonly { readonly type: string; readonly startDate: string; readonly endDate: string | null }[];
}

export interface StatPeriod {
	readonly id: string;
	readonly clientId: string;
	readonly unitId: string;
	/** A PERIOD_TYPES code. */
	readonly type: string;
	/** The participant's gender (GENDERS code). */
	readonly gender: string;
	readonly startDate: string;
	readonly endDate: string | null;
	readonly placementAfter: string | null;
}

/** Encounters within the window, counted per channel and subject. */
export interface StatEncounterCount {
	readonly channel: string;
	readonly subject: 'client' | 'anonymous' | 'none';
	readonly count: number;
}

/** Anonymous contacts with an encounter in the window, counted per gender. */
export interface StatAnonymousCount {
	readonly gender: string;
	readonly count: number;
}

/** Attendance marks within the window of the counted periods: days per status/reason, hours present. */
export interface StatAttendance {
	readonly presentDays: number;
	readonly presentHours: number;
	/** Absence days per ABSENCE_REASONS code. */
	readonly absentDays: Readonly<Record<string, number>>;
}

export interface StatStaffCount {
	readonly role: Role;
	readonly count: number;
}

/**
 * One ESF participation record (DOMAIN.md §4) with what the report needs of its client. Code fields
 * hold national codes or null (counted as `unknown`); `disadvantages` are decrypted by the server.
 */
export interface StatEsfParticipation {
	readonly id: string;
	readonly clientId: string;
	readonly unitId: string;
	/** EURA project code, e.g. S30794. */
	readonly projectCode: string;
	/** The client's GENDERS code. */
	readonly gender: string;
	readonly birthDate: string | null;
	readonly birthYear: number | null;
	readonly startDate: string;
	readonly endDate: string | null;
	readonly employmentStatusAtStart: string | null;
	/** ISCED band code (`0-2`, `3-4`, `5-8`, `unknown`). */
	readonly educationAtStart: string | null;
	readonly disadvantages: readonly string[];
	readonly disadvantageDeclined: boolean;
	readonly employmentStatusAtEnd: string | null;
	readonly qualificationGained: string | null;
}

export interface ReportFacts {
	/** The window's dates (ISO, both included). */
	readonly from: string;
	readonly to: string;
	readonly clients: readonly StatClient[];
	readonly encounters: readonly StatEncounterCount[];
	readonly anonymousContacts: readonly StatAnonymousCount[];
	readonly staff: readonly StatStaffCount[];
	/** Distinct active users behind `staff` (a user with two roles counts once); else Σ counts. */
	readonly staffTotal?: number;
	readonly periods: readonly StatPeriod[];
	readonly attendance: StatAttendance;
	/** ESF participation records of the units (the `esf` report); none when absent. */
	readonly esfParticipations?: readonly StatEsfParticipation[];
	/** Count only this project's participations (the `esf` report's `project=`); all when absent or null. */
	readonly esfProject?: string | null;
}

export const EMPTY_ATTENDANCE: StatAttendance = { presentDays: 0, presentHours: 0, absentDays: {} };
