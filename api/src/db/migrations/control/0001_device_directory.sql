CREATE TABLE `device_directory` (
	`device_id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
