// positions -> search-and-rescue regions, distance to the coast, map geometry. Pure and synchronous:
// the assets under assets/geo/ are read once, on first use.
export { placeOf, placeWarnings, classOf, type Place, type CoastFix, type ZoneClass, type SrrId } from './place.js';
export { mapGeometry, type BBox, type MapFeature, type MapGeometry } from './map.js';
export { geoData as loadGeo } from './data.js';
