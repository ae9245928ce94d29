/** The `WEBHOOK_SECRET` the Workers projects run with (vitest.config.ts); receivers verify with it. */
export const TEST_WEBHOOK_SECRET = "whsec-test-2b7c91d04e";
