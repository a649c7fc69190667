// Citizen booking, appointment management and case status pages; the desk reuses BookingForm.
export { BookingApp, type BookingRoute } from './BookingApp';
export { BookingForm } from './BookingForm';
export { bookingApi, type BookingApi } from './api';
export { bookingCatalogues, type BookingKey } from './i18n';
export { statusLabel } from './statusLabel';
export * from './format';
