CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`instrument_id` text NOT NULL,
	`instrument_version` integer NOT NULL,
	`mode` text NOT NULL,
	`date` text NOT NULL,
	`answers` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `coaching_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessments_change_seq_idx` ON `assessments` (`change_seq`);--> statement-breakpoint
CREATE INDEX `assessments_period_idx` ON `assessments` (`period_id`);--> statement-breakpoint
CREATE INDEX `assessments_unit_idx` ON `assessments` (`unit_id`);--> statement-breakpoint
CREATE TABLE `attendance_marks` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`absence_reason` text,
	`hours` real,
	`extra_reason` text,
	`updated_by` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `coaching_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_marks_change_seq_idx` ON `attendance_marks` (`change_seq`);--> statement-breakpoint
CREATE INDEX `attendance_marks_period_idx` ON `attendance_marks` (`period_id`);--> statement-breakpoint
CREATE INDEX `attendance_marks_unit_idx` ON `attendance_marks` (`unit_id`);--> statement-breakpoint
CREATE INDEX `attendance_marks_unit_date_idx` ON `attendance_marks` (`unit_id`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_marks_period_date_uq` ON `attendance_marks` (`period_id`,`date`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `coaching_periods` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`type` text NOT NULL,
	`work_coach_id` text,
	`individual_coach_id` text,
	`referring_organisation` text,
	`referring_contact` text,
	`paying_organisation` text,
	`paying_contact` text,
	`contract_start` text NOT NULL,
	`contract_end` text,
	`days_per_week` integer NOT NULL,
	`hours_per_day` real NOT NULL,
	`weekdays` text NOT NULL,
	`price_cents` integer,
	`price_unit` text,
	`expense_compensation_cents` integer,
	`start_date` text NOT NULL,
	`end_date` text,
	`placement_after` text,
	`work_time_plan` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`work_coach_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`individual_coach_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `coaching_periods_change_seq_idx` ON `coaching_periods` (`change_seq`);--> statement-breakpoint
CREATE INDEX `coaching_periods_client_idx` ON `coaching_periods` (`client_id`);--> statement-breakpoint
CREATE INDEX `coaching_periods_unit_idx` ON `coaching_periods` (`unit_id`);--> statement-breakpoint
CREATE INDEX `coaching_periods_work_coach_idx` ON `coaching_periods` (`work_coach_id`);--> statement-breakpoint
CREATE INDEX `coaching_periods_individual_coach_idx` ON `coaching_periods` (`individual_coach_id`);--> statement-breakpoint
CREATE TABLE `coaching_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`text` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `coaching_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `coaching_reports_change_seq_idx` ON `coaching_reports` (`change_seq`);--> statement-breakpoint
CREATE INDEX `coaching_reports_period_idx` ON `coaching_reports` (`period_id`);--> statement-breakpoint
CREATE INDEX `coaching_reports_unit_idx` ON `coaching_reports` (`unit_id`);--> statement-breakpoint
CREATE TABLE `diary_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`hours` real,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `coaching_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `diary_entries_change_seq_idx` ON `diary_entries` (`change_seq`);--> statement-breakpoint
CREATE INDEX `diary_entries_period_idx` ON `diary_entries` (`period_id`);--> statement-breakpoint
CREATE INDEX `diary_entries_unit_idx` ON `diary_entries` (`unit_id`);--> statement-breakpoint
CREATE TABLE `goal_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`goal_id` text NOT NULL,
	`date` text NOT NULL,
	`text` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `coaching_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goal_notes_change_seq_idx` ON `goal_notes` (`change_seq`);--> statement-breakpoint
CREATE INDEX `goal_notes_period_idx` ON `goal_notes` (`period_id`);--> statement-breakpoint
CREATE INDEX `goal_notes_unit_idx` ON `goal_notes` (`unit_id`);--> statement-breakpoint
CREATE INDEX `goal_notes_goal_idx` ON `goal_notes` (`goal_id`);--> statement-breakpoint
CREATE TABLE `goals` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`text` text NOT NULL,
	`target_date` text,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `coaching_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goals_change_seq_idx` ON `goals` (`change_seq`);--> statement-breakpoint
CREATE INDEX `goals_period_idx` ON `goals` (`period_id`);--> statement-breakpoint
CREATE INDEX `goals_unit_idx` ON `goals` (`unit_id`);