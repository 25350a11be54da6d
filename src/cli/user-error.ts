// An error caused by the user's input (a file, a flag). The CLI prints its one-line message and exits 2.

/** A mistake the user can fix; `message` is the whole line printed (e.g. `orders.csv:12: unknown side "bye"`). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
