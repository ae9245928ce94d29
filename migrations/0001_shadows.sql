CREATE TABLE `judgment_shadows` (
	`cell_id` text NOT NULL,
	`candidate_profile` text NOT NULL,
	`candidate_cell_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`cell_id`, `candidate_profile`)
);
--> statement-breakpoint
CREATE INDEX `judgment_shadows_profile_idx` ON `judgment_shadows` (`candidate_profile`,`created_at`);