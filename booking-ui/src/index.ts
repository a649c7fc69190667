// @videoloket/booking-ui: the citizen's booking, appointment and case status pages (citizen-web
// mounts them) and the booking form the desk's reception uses to book on a citizen's behalf.
export { BookingApp, bookingRouteOf, type BookingRoute } from './BookingApp';
export { BookingForm } from './BookingForm';
export { bookingApi, type BookingApi, BackofficeHttpError } from './api';
export { bookingCatalogues, type BookingKey } from './i18n';
export { statusLabel } from './statusLabel';
export * from './format';
