import type { GeoPoint } from '@videoloket/contracts';

// There is no geocoder (the issue forbids an external map service and no address register is
// connected yet), so a home visit needs coordinates some other way. The embedded demo offers
// these addresses around the default depot (Ghent city hall, MOBILE_DEPOT_LAT/LON) and, for
// anything else, plain latitude/longitude fields. A municipality replaces this list with a
// lookup in its own address register (CRAB/Adressenregister) behind the same shape.
export interface DemoAddress {
  id: string;
  line: string;
  location: GeoPoint;
}

export const DEMO_ADDRESSES: DemoAddress[] = [
  { id: 'korenmarkt', line: 'Korenmarkt 12, 9000 Gent', location: { lat: 51.0545, lon: 3.7211 } },
  { id: 'dampoort', line: 'Dampoortstraat 45, 9000 Gent', location: { lat: 51.0601, lon: 3.7423 } },
  { id: 'sint-amandsberg', line: 'Antwerpsesteenweg 210, 9040 Sint-Amandsberg', location: { lat: 51.0676, lon: 3.7608 } },
  { id: 'ledeberg', line: 'Hundelgemsesteenweg 90, 9050 Ledeberg', location: { lat: 51.0381, lon: 3.7369 } },
  { id: 'mariakerke', line: 'Brugsesteenweg 455, 9030 Mariakerke', location: { lat: 51.0712, lon: 3.6788 } },
  { id: 'gentbrugge', line: 'Brusselsesteenweg 300, 9050 Gentbrugge', location: { lat: 51.0386, lon: 3.7645 } },
  { id: 'wondelgem', line: 'Botestraat 20, 9032 Wondelgem', location: { lat: 51.0899, lon: 3.7195 } },
  { id: 'zwijnaarde', line: 'Grote Steenweg-Noord 5, 9052 Zwijnaarde', location: { lat: 51.0105, lon: 3.7108 } },
];
