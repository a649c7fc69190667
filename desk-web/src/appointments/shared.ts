// The citizen booking pages' building blocks the desk reuses: the booking form itself (reception
// books on a citizen's behalf with the same form and rules) and the date/time formatting in the
// municipality's time zone. Imported across apps on purpose, through this one file.
export {
  BookingForm,
  bookingApi,
  bookingCatalogues,
  statusLabel as citizenStatusLabel,
  addDays,
  formatDateTime,
  formatDay,
  formatMoney,
  formatTime,
  localDateOf,
} from '../../../citizen-web/src/booking';
