CREATE TABLE `comparisons` (
	`comparison_id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`status` text NOT NULL,
	`content_digest` text NOT NULL,
	`rubric_id` text NOT NULL,
	`rubric_version` integer NOT NULL,
	`reality` text,
	`judge_profile` text NOT NULL,
	`winner` text,
	`margin` real,
	`position_consistency` real,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`error_code` text,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `comparisons_created_idx` ON `comparisons` (`created_at`,`comparison_id`);--> statement-breakpoint
CREATE INDEX `comparisons_status_updated_idx` ON `comparisons` (`status`,`updated_at`);