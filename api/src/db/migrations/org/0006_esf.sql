CREATE TABLE `esf_participations` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`project_code` text NOT NULL,
	`participant_number` integer NOT NULL,
	`start_date` text NOT NULL,
	`employment_status_at_start` text NOT NULL,
	`education_at_start` text NOT NULL,
	`disadvantages` text NOT NULL,
	`disadvantage_declined` integer NOT NULL,
	`end_date` text,
	`employment_status_at_end` text,
	`qualification_gained` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `esf_participations_change_seq_idx` ON `esf_participations` (`change_seq`);--> statement-breakpoint
CREATE INDEX `esf_participations_client_idx` ON `esf_participations` (`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `esf_participations_client_project_uq` ON `esf_participations` (`client_id`,`project_code`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `esf_participations_number_uq` ON `esf_participations` (`participant_number`);--> statement-breakpoint
CREATE INDEX `esf_participations_unit_project_idx` ON `esf_participations` (`unit_id`,`project_code`);