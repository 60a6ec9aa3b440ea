import { badUserInput } from "@platform/errors";

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** The IUGG mean radius of the Earth. */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance by the haversine formula: within 0.5% of the true (ellipsoidal) distance. */
export function haversineKm(from: GeoPoint, to: GeoPoint): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLatitude = radians(to.latitude - from.latitude);
  const dLongitude = radians(to.longitude - from.longitude);
  const a =
    Math.sin(dLatitude / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** BAD_USER_INPUT naming `argument.latitude` or `argument.longitude` when either is off the globe. */
export function assertOnEarth(point: GeoPoint, argument: string): void {
  if (point.latitude < -90 || point.latitude > 90) {
    throw badUserInput(`"${argument}.latitude" must be between -90 and 90, got ${point.latitude}`, `${argument}.latitude`);
  }
  if (point.longitude < -180 || point.longitude > 180) {
    throw badUserInput(`"${argument}.longitude" must be between -180 and 180, got ${point.longitude}`, `${argument}.longitude`);
  }
}
