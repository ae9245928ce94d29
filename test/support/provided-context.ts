/** What test/global-setup.ts provides to the test pools (read with `inject(...)`). */
declare module "vitest" {
  export interface ProvidedContext {
    /** The real local libSQL server, migrated. */
    libsqlUrl: string;
    /** The bearer token the libSQL server was started with (random per run). */
    libsqlAuthToken: string;
    /** The fake model server (scripts/fake-model/server.ts). */
    fakeModelUrl: string;
    /** Three fake model servers (the first is `fakeModelUrl`), one per juror of the test panels. */
    juryModelUrls: string[];
    /** Runs Redocly's linter and openapi-typescript on a document (test/support/openapi-tools-server.ts). */
    openApiToolsUrl: string;
    /** The webhook receiver (test/support/webhook-receiver.ts). */
    webhookUrl: string;
    /** Fault project only: the control server of the libSQL process (test/support/control-server.ts). */
    controlUrl: string;
  }
}

export {};
