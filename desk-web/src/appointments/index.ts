// The desk's back-office views: today's appointments with the case panel, the mobile counter, the driver's deliveries.
export { DeskNav } from './DeskNav';
export { DeskSection } from './DeskSection';
export { deskSectionOf, deskSectionHash, type DeskSectionRoute } from './route';
