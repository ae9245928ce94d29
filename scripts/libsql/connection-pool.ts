import Database from "libsql";

export type Connection = Database.Database;

/**
 * Engine connections to one WAL database file, reused between streams so a one-statement request
 * does not pay for opening the file. A connection goes back to the pool only in autocommit mode.
 */
export class ConnectionPool {
  readonly #file: string;
  readonly #maxIdle: number;
  readonly #idle: Connection[] = [];
  #closed = false;

  constructor(file: string, maxIdle = 8) {
    this.#file = file;
    this.#maxIdle = maxIdle;
    // The first connection sets the file up once; WAL persists in the file itself.
    const first = this.#open();
    first.exec("PRAGMA journal_mode = WAL");
    this.#idle.push(first);
  }

  take(): Connection {
    if (this.#closed) throw new Error("the database is closed");
    return this.#idle.pop() ?? this.#open();
  }

  /** Takes a connection back; one that is not `reusable` (see Stream) is closed instead. */
  give(connection: Connection, reusable = true): void {
    if (connection.inTransaction) {
      try {
        connection.exec("ROLLBACK");
      } catch {
        // The transaction may already have been rolled back by SQLite itself.
      }
    }
    if (!reusable || this.#closed || this.#idle.length >= this.#maxIdle) connection.close();
    else this.#idle.push(connection);
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#idle.splice(0)) connection.close();
  }

  #open(): Connection {
    const connection = new Database(this.#file);
    // busy_timeout 0: a busy wait inside the synchronous engine would freeze the event loop; writers
    // queue on the server's asynchronous WriteLock instead (see write-lock.ts).
    connection.exec("PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL");
    connection.defaultSafeIntegers(true);
    return connection;
  }
}
