/** A mistake in how socklint was called or configured: one line on stderr and exit status 2, no stack. */
export class UsageError extends Error {}
