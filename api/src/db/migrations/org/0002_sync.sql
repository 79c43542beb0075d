CREATE TABLE `anonymous_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`nickname` text NOT NULL,
	`birth_year_estimate` integer,
	`gender` text NOT NULL,
	`municipality` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `anonymous_contacts_change_seq_idx` ON `anonymous_contacts` (`change_seq`);--> statement-breakpoint
CREATE INDEX `anonymous_contacts_unit_idx` ON `anonymous_contacts` (`unit_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`first_name` text,
	`last_name` text,
	`nickname` text,
	`birth_year` integer,
	`gender` text NOT NULL,
	`municipality` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clients_change_seq_idx` ON `clients` (`change_seq`);--> statement-breakpoint
CREATE INDEX `clients_unit_idx` ON `clients` (`unit_id`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`label` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_tokenHash_unique` ON `devices` (`token_hash`);--> statement-breakpoint
CREATE INDEX `devices_user_idx` ON `devices` (`user_id`);--> statement-breakpoint
CREATE TABLE `encounters` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`occurred_at` text NOT NULL,
	`channel` text NOT NULL,
	`client_id` text,
	`anonymous_contact_id` text,
	`topics` text NOT NULL,
	`actions` text NOT NULL,
	`duration_minutes` integer,
	`note` text NOT NULL,
	`follow_up_date` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`anonymous_contact_id`) REFERENCES `anonymous_contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `encounters_change_seq_idx` ON `encounters` (`change_seq`);--> statement-breakpoint
CREATE INDEX `encounters_unit_idx` ON `encounters` (`unit_id`);--> statement-breakpoint
CREATE INDEX `encounters_client_idx` ON `encounters` (`client_id`);--> statement-breakpoint
CREATE INDEX `encounters_anonymous_contact_idx` ON `encounters` (`anonymous_contact_id`);--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`base` text,
	`mine` text,
	`server` text,
	`mutation_id` text NOT NULL,
	`author_id` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`resolved_at` text,
	`resolution` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_change_seq_idx` ON `sync_conflicts` (`change_seq`);--> statement-breakpoint
CREATE INDEX `sync_conflicts_author_idx` ON `sync_conflicts` (`author_id`);--> statement-breakpoint
CREATE TABLE `sync_counter` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_mutations` (
	`mutation_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`content_hash` text NOT NULL,
	`result` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_mutations_device_idx` ON `sync_mutations` (`device_id`);