import { createHttpClient, type HttpClient } from '@videoloket/contracts/http-client';

// The booking pages' HTTP client, built from contracts' route table (docs/architecture.md,
// "HTTP contract"): the public booking routes and the private manage and status links.
// Failures are HttpErrors with the server's code and field issues, so the pages branch on
// `code` and put `issues` next to the fields; every answer is checked against its schema.

export type BookingApi = HttpClient;
export const bookingApi: BookingApi = createHttpClient();
