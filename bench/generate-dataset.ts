/**
 * Seeded generator of OpenDOM datasets: a US retailer with distribution
 * centres, a warehouse and stores at real city coordinates, a category tree,
 * products with colour/size variants, inventory, two fulfillment profiles,
 * rules and open sales orders.
 *
 *   npx tsx bench/generate-dataset.ts --out DIR [--orders N] [--locations K]
 *     [--variants V] [--seed S] [--stock ample|scarce]
 *
 * `generateDataset` is pure and deterministic for given options; `writeDataset`
 * writes the dataset directory the file data adapter reads (docs/data-format.md).
 */
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { at, Random } from '../testing/random.js';
import type {
  Category,
  Dataset,
  FulfillmentGroup,
  Id,
  InventoryRecord,
  Location,
  LocationType,
  Parameters,
  Profile,
  Product,
  RuleRecord,
  RuleScope,
  SalesLine,
  SalesOrder,
  Variant,
} from '../core/domain/types.js';

// ------------------------------------------------------------- options ----

export type StockLevel = 'ample' | 'scarce';

export interface GenerateOptions {
  /** Open sales orders. */
  orders: number;
  /** All locations: 3 distribution centres, 1 warehouse, the rest stores. */
  locations: number;
  /** Product variants (about four per product). */
  variants: number;
  seed: number;
  /** `ample`: nearly every line can be served; `scarce`: roughly 60–80 % of demand can. */
  stock: StockLevel;
}

export const DEFAULT_OPTIONS: GenerateOptions = { orders: 1200, locations: 46, variants: 360, seed: 42, stock: 'ample' };

/** Locations that are not stores (see HUBS); at least six stores are needed so every region has one. */
const MIN_LOCATIONS = 10;
const MIN_VARIANTS = 8;

// --------------------------------------------------------------- output ----

/** Fields of `T` named by `K` become optional: the schema fills their defaults. */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export type RuleInput = WithDefaults<Omit<RuleRecord, 'scope'>, 'startDate' | 'endDate' | 'disabled'> & {
  scope: Partial<RuleScope>;
};
export type SalesLineInput = Pick<
  SalesLine,
  'id' | 'variantId' | 'quantity' | 'unitPrice' | 'tax' | 'modeOfDelivery' | 'version'
> &
  Partial<Pick<SalesLine, 'domStatus' | 'exceptionType' | 'attempts'>>;
export type SalesOrderInput = WithDefaults<Omit<SalesOrder, 'lines' | 'onHold'>, 'attributes'> & { lines: SalesLineInput[] };
/** Generated records carry no custom attributes. */
type LocationInput = WithDefaults<Location, 'attributes'>;
type ProductInput = WithDefaults<Product, 'attributes'>;
type VariantInput = WithDefaults<Variant, 'attributes'>;
type ParametersInput = WithDefaults<Parameters, 'attributes'>;

/** A generated dataset, record by record as written to the files (defaults may be omitted). */
export type GeneratedDataset = Omit<Dataset, 'rules' | 'orders' | 'locations' | 'products' | 'variants' | 'parameters'> & {
  parameters: ParametersInput;
  locations: LocationInput[];
  products: ProductInput[];
  variants: VariantInput[];
  rules: RuleInput[];
  orders: SalesOrderInput[];
};

/**
 * An independent stream per part of the dataset, so that e.g. `--orders`
 * changes the orders but not the catalogue or the locations.
 */
function streamOf(seed: number, label: string): Random {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return new Random(Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) ^ seed);
}


// --------------------------------------------------------------- places ----

/** [city, state, postal code, latitude, longitude]: real US cities, roughly by metro size. */
type City = readonly [name: string, state: string, postalCode: string, latitude: number, longitude: number];

const CITIES: readonly City[] = [
  ['New York', 'NY', '10001', 40.7128, -74.006],
  ['Los Angeles', 'CA', '90012', 34.0522, -118.2437],
  ['Chicago', 'IL', '60601', 41.8781, -87.6298],
  ['Dallas', 'TX', '75201', 32.7767, -96.797],
  ['Houston', 'TX', '77002', 29.7604, -95.3698],
  ['Washington', 'DC', '20001', 38.9072, -77.0369],
  ['Philadelphia', 'PA', '19103', 39.9526, -75.1652],
  ['Miami', 'FL', '33130', 25.7617, -80.1918],
  ['Atlanta', 'GA', '30303', 33.749, -84.388],
  ['Boston', 'MA', '02108', 42.3601, -71.0589],
  ['Phoenix', 'AZ', '85004', 33.4484, -112.074],
  ['San Francisco', 'CA', '94103', 37.7749, -122.4194],
  ['Riverside', 'CA', '92501', 33.9533, -117.3962],
  ['Detroit', 'MI', '48226', 42.3314, -83.0458],
  ['Seattle', 'WA', '98101', 47.6062, -122.3321],
  ['Minneapolis', 'MN', '55401', 44.9778, -93.265],
  ['San Diego', 'CA', '92101', 32.7157, -117.1611],
  ['Tampa', 'FL', '33602', 27.9506, -82.4572],
  ['Denver', 'CO', '80202', 39.7392, -104.9903],
  ['Baltimore', 'MD', '21202', 39.2904, -76.6122],
  ['St. Louis', 'MO', '63101', 38.627, -90.1994],
  ['Orlando', 'FL', '32801', 28.5383, -81.3792],
  ['Charlotte', 'NC', '28202', 35.2271, -80.8431],
  ['San Antonio', 'TX', '78205', 29.4241, -98.4936],
  ['Portland', 'OR', '97204', 45.5152, -122.6784],
  ['Sacramento', 'CA', '95814', 38.5816, -121.4944],
  ['Pittsburgh', 'PA', '15222', 40.4406, -79.9959],
  ['Austin', 'TX', '78701', 30.2672, -97.7431],
  ['Las Vegas', 'NV', '89101', 36.1699, -115.1398],
  ['Cincinnati', 'OH', '45202', 39.1031, -84.512],
  ['Kansas City', 'MO', '64105', 39.0997, -94.5786],
  ['Columbus', 'OH', '43215', 39.9612, -82.9988],
  ['Indianapolis', 'IN', '46204', 39.7684, -86.1581],
  ['Cleveland', 'OH', '44113', 41.4993, -81.6944],
  ['San Jose', 'CA', '95113', 37.3382, -121.8863],
  ['Nashville', 'TN', '37203', 36.1627, -86.7816],
  ['Virginia Beach', 'VA', '23451', 36.8529, -75.978],
  ['Providence', 'RI', '02903', 41.824, -71.4128],
  ['Jacksonville', 'FL', '32202', 30.3322, -81.6557],
  ['Milwaukee', 'WI', '53202', 43.0389, -87.9065],
  ['Raleigh', 'NC', '27601', 35.7796, -78.6382],
  ['Oklahoma City', 'OK', '73102', 35.4676, -97.5164],
  ['Memphis', 'TN', '38103', 35.1495, -90.049],
  ['Richmond', 'VA', '23219', 37.5407, -77.436],
  ['Louisville', 'KY', '40202', 38.2527, -85.7585],
  ['New Orleans', 'LA', '70112', 29.9511, -90.0715],
  ['Salt Lake City', 'UT', '84101', 40.7608, -111.891],
  ['Hartford', 'CT', '06103', 41.7658, -72.6734],
  ['Buffalo', 'NY', '14202', 42.8864, -78.8784],
  ['Birmingham', 'AL', '35203', 33.5186, -86.8104],
  ['Rochester', 'NY', '14604', 43.1566, -77.6088],
  ['Grand Rapids', 'MI', '49503', 42.9634, -85.6681],
  ['Tucson', 'AZ', '85701', 32.2226, -110.9747],
  ['Tulsa', 'OK', '74103', 36.154, -95.9928],
  ['Fresno', 'CA', '93721', 36.7378, -119.7871],
  ['Worcester', 'MA', '01608', 42.2626, -71.8023],
  ['Omaha', 'NE', '68102', 41.2565, -95.9345],
  ['Bridgeport', 'CT', '06604', 41.1865, -73.1952],
  ['Greenville', 'SC', '29601', 34.8526, -82.394],
  ['Albuquerque', 'NM', '87102', 35.0844, -106.6504],
  ['Bakersfield', 'CA', '93301', 35.3733, -119.0187],
  ['Albany', 'NY', '12207', 42.6526, -73.7562],
  ['Knoxville', 'TN', '37902', 35.9606, -83.9207],
  ['El Paso', 'TX', '79901', 31.7619, -106.485],
  ['Baton Rouge', 'LA', '70802', 30.4515, -91.1871],
  ['McAllen', 'TX', '78501', 26.2034, -98.23],
  ['New Haven', 'CT', '06510', 41.3083, -72.9279],
  ['Allentown', 'PA', '18101', 40.6023, -75.4714],
  ['Oxnard', 'CA', '93030', 34.1975, -119.1771],
  ['Columbia', 'SC', '29201', 34.0007, -81.0348],
  ['Sarasota', 'FL', '34236', 27.3364, -82.5307],
  ['Dayton', 'OH', '45402', 39.7589, -84.1916],
  ['Charleston', 'SC', '29401', 32.7765, -79.9311],
  ['Greensboro', 'NC', '27401', 36.0726, -79.792],
  ['Stockton', 'CA', '95202', 37.9577, -121.2908],
  ['Cape Coral', 'FL', '33904', 26.5629, -81.9495],
  ['Boise', 'ID', '83702', 43.615, -116.2023],
  ['Colorado Springs', 'CO', '80903', 38.8339, -104.8214],
  ['Little Rock', 'AR', '72201', 34.7465, -92.2896],
  ['Lakeland', 'FL', '33801', 28.0395, -81.9498],
  ['Akron', 'OH', '44308', 41.0814, -81.519],
  ['Des Moines', 'IA', '50309', 41.5868, -93.625],
  ['Springfield', 'MA', '01103', 42.1015, -72.5898],
  ['Ogden', 'UT', '84401', 41.223, -111.9738],
  ['Madison', 'WI', '53703', 43.0731, -89.4012],
  ['Winston-Salem', 'NC', '27101', 36.0999, -80.2442],
  ['Deltona', 'FL', '32725', 28.9005, -81.2637],
  ['Syracuse', 'NY', '13202', 43.0481, -76.1474],
  ['Provo', 'UT', '84601', 40.2338, -111.6585],
  ['Toledo', 'OH', '43604', 41.6528, -83.5379],
  ['Wichita', 'KS', '67202', 37.6872, -97.3301],
  ['Durham', 'NC', '27701', 35.994, -78.8986],
  ['Augusta', 'GA', '30901', 33.4735, -82.0105],
  ['Palm Bay', 'FL', '32905', 28.0345, -80.5887],
  ['Jackson', 'MS', '39201', 32.2988, -90.1848],
  ['Harrisburg', 'PA', '17101', 40.2732, -76.8867],
  ['Spokane', 'WA', '99201', 47.6588, -117.426],
  ['Scranton', 'PA', '18503', 41.409, -75.6624],
  ['Chattanooga', 'TN', '37402', 35.0456, -85.3097],
  ['Modesto', 'CA', '95354', 37.6391, -120.9969],
  ['Lancaster', 'PA', '17602', 40.0379, -76.3055],
  ['Portland', 'ME', '04101', 43.6591, -70.2568],
  ['Fayetteville', 'AR', '72701', 36.0626, -94.1574],
  ['Lexington', 'KY', '40507', 38.0406, -84.5037],
  ['Lansing', 'MI', '48933', 42.7325, -84.5555],
  ['Pensacola', 'FL', '32502', 30.4213, -87.2169],
  ['Santa Rosa', 'CA', '95404', 38.4404, -122.7141],
  ['Reno', 'NV', '89501', 39.5296, -119.8138],
  ['Huntsville', 'AL', '35801', 34.7304, -86.5861],
  ['Myrtle Beach', 'SC', '29577', 33.6891, -78.8867],
  ['Port St. Lucie', 'FL', '34952', 27.273, -80.3582],
  ['Springfield', 'MO', '65806', 37.209, -93.2923],
  ['Corpus Christi', 'TX', '78401', 27.8006, -97.3964],
  ['Asheville', 'NC', '28801', 35.5951, -82.5515],
  ['Fort Wayne', 'IN', '46802', 41.0793, -85.1394],
  ['Vallejo', 'CA', '94590', 38.1041, -122.2566],
  ['Salem', 'OR', '97301', 44.9429, -123.0351],
  ['Mobile', 'AL', '36602', 30.6954, -88.0399],
  ['Eugene', 'OR', '97401', 44.0521, -123.0868],
  ['Rockford', 'IL', '61101', 42.2711, -89.094],
  ['Savannah', 'GA', '31401', 32.0809, -81.0912],
  ['Tallahassee', 'FL', '32301', 30.4383, -84.2807],
  ['Shreveport', 'LA', '71101', 32.5252, -93.7502],
  ['Lubbock', 'TX', '79401', 33.5779, -101.8552],
  ['Amarillo', 'TX', '79101', 35.222, -101.8313],
  ['Sioux Falls', 'SD', '57104', 43.5446, -96.7311],
  ['Fargo', 'ND', '58102', 46.8772, -96.7898],
  ['Billings', 'MT', '59101', 45.7833, -108.5007],
  ['Cheyenne', 'WY', '82001', 41.14, -104.8202],
  ['Casper', 'WY', '82601', 42.8666, -106.3131],
  ['Bismarck', 'ND', '58501', 46.8083, -100.7837],
  ['Rapid City', 'SD', '57701', 44.0805, -103.231],
  ['Missoula', 'MT', '59802', 46.8721, -113.994],
  ['Bozeman', 'MT', '59715', 45.677, -111.0429],
  ['Great Falls', 'MT', '59401', 47.5002, -111.3008],
  ['Idaho Falls', 'ID', '83402', 43.4917, -112.0339],
  ['Flagstaff', 'AZ', '86001', 35.1983, -111.6513],
  ['Santa Fe', 'NM', '87501', 35.687, -105.9378],
  ['Grand Junction', 'CO', '81501', 39.0639, -108.5506],
  ['Medford', 'OR', '97501', 42.3265, -122.8756],
  ['Redding', 'CA', '96001', 40.5865, -122.3917],
  ['Yakima', 'WA', '98901', 46.6021, -120.5059],
  ['Tacoma', 'WA', '98402', 47.2529, -122.4443],
  ['Bend', 'OR', '97701', 44.0582, -121.3153],
  ['Lincoln', 'NE', '68508', 40.8136, -96.7026],
  ['Topeka', 'KS', '66603', 39.0473, -95.6752],
  ['Duluth', 'MN', '55802', 46.7867, -92.1005],
  ['Green Bay', 'WI', '54301', 44.5133, -88.0133],
  ['Cedar Rapids', 'IA', '52401', 41.9779, -91.6656],
  ['Davenport', 'IA', '52801', 41.5236, -90.5776],
  ['Peoria', 'IL', '61602', 40.6936, -89.589],
  ['Springfield', 'IL', '62701', 39.7817, -89.6501],
  ['Evansville', 'IN', '47708', 37.9716, -87.5711],
  ['South Bend', 'IN', '46601', 41.6764, -86.252],
  ['Burlington', 'VT', '05401', 44.4759, -73.2121],
  ['Manchester', 'NH', '03101', 42.9956, -71.4548],
  ['Bangor', 'ME', '04401', 44.8016, -68.7712],
  ['Wilmington', 'DE', '19801', 39.7391, -75.5398],
  ['Charleston', 'WV', '25301', 38.3498, -81.6326],
  ['Roanoke', 'VA', '24011', 37.271, -79.9414],
  ['Wilmington', 'NC', '28401', 34.2257, -77.9447],
  ['Gainesville', 'FL', '32601', 29.6516, -82.3248],
  ['Macon', 'GA', '31201', 32.8407, -83.6324],
  ['Montgomery', 'AL', '36104', 32.3792, -86.3077],
  ['Lafayette', 'LA', '70501', 30.2241, -92.0198],
  ['Waco', 'TX', '76701', 31.5493, -97.1467],
  ['Midland', 'TX', '79701', 31.9973, -102.0779],
  ['Abilene', 'TX', '79601', 32.4487, -99.7331],
  ['Laredo', 'TX', '78040', 27.5306, -99.4803],
  ['Brownsville', 'TX', '78520', 25.9017, -97.4975],
];

type Region = 'west' | 'central' | 'east';

const WEST_STATES = new Set(['WA', 'OR', 'CA', 'NV', 'ID', 'MT', 'WY', 'UT', 'CO', 'AZ', 'NM']);
const CENTRAL_STATES = new Set(['ND', 'SD', 'NE', 'KS', 'OK', 'TX', 'MN', 'IA', 'MO', 'AR', 'LA', 'WI', 'IL', 'IN', 'MI']);

function regionOf(state: string): Region {
  if (WEST_STATES.has(state)) return 'west';
  return CENTRAL_STATES.has(state) ? 'central' : 'east';
}

interface Hub {
  id: Id;
  name: string;
  type: LocationType;
  city: City;
}

/** Distribution centres and the warehouse, in logistics parks outside the cities they serve. */
const HUBS: readonly Hub[] = [
  { id: 'DC-COLUMBUS', name: 'Columbus Distribution Center', type: 'distribution-center', city: ['Groveport', 'OH', '43125', 39.8784, -82.8838] },
  { id: 'DC-RENO', name: 'Reno Distribution Center', type: 'distribution-center', city: ['Sparks', 'NV', '89431', 39.5349, -119.7527] },
  { id: 'DC-ATLANTA', name: 'Atlanta Distribution Center', type: 'distribution-center', city: ['McDonough', 'GA', '30253', 33.4473, -84.1469] },
  { id: 'WH-DALLAS', name: 'Dallas Regional Warehouse', type: 'warehouse', city: ['Lancaster', 'TX', '75134', 32.5921, -96.7561] },
];

const STREET_NAMES = [
  'Main St', 'Oak Ave', 'Maple Dr', 'Commerce Blvd', 'Market St', 'Park Ave', 'Lake Rd', 'Elm St',
  'Washington Ave', 'Cedar Ln', 'Highland Ave', 'Industrial Pkwy', 'River Rd', 'Pine St', 'Sunset Blvd', 'Hillcrest Dr',
];

const LEGAL_ENTITY = 'usrt';

// ------------------------------------------------------------ catalogue ----

interface LeafClass {
  id: Id;
  name: string;
  parentId: Id;
  nouns: readonly string[];
  priceRange: readonly [number, number];
  colors: readonly string[];
  /** Second variant dimension, when the class has one. */
  sizes?: readonly string[];
  configurations?: readonly string[];
}

const COLORS = ['Black', 'White', 'Navy', 'Grey', 'Red', 'Blue', 'Green', 'Olive', 'Tan', 'Pink', 'Charcoal', 'Teal'];
const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOE_SIZES = ['7', '8', '9', '10', '11', '12'];

/** Departments and intermediate nodes of the primary hierarchy (below the root). */
const BRANCHES: readonly Category[] = [
  { id: 'cat-apparel', name: 'Apparel', parentId: 'cat-root', supplemental: false },
  { id: 'cat-apparel-tops', name: 'Tops', parentId: 'cat-apparel', supplemental: false },
  { id: 'cat-apparel-bottoms', name: 'Bottoms', parentId: 'cat-apparel', supplemental: false },
  { id: 'cat-footwear', name: 'Footwear', parentId: 'cat-root', supplemental: false },
  { id: 'cat-home', name: 'Home', parentId: 'cat-root', supplemental: false },
  { id: 'cat-electronics', name: 'Electronics', parentId: 'cat-root', supplemental: false },
  { id: 'cat-outdoor', name: 'Outdoor', parentId: 'cat-root', supplemental: false },
];

const LEAVES: readonly LeafClass[] = [
  { id: 'cat-apparel-tops-tshirts', name: 'T-shirts', parentId: 'cat-apparel-tops', nouns: ['Crew Tee', 'V-Neck Tee', 'Pocket Tee', 'Graphic Tee', 'Long-Sleeve Tee'], priceRange: [9, 35], colors: COLORS, sizes: APPAREL_SIZES },
  { id: 'cat-apparel-tops-sweaters', name: 'Sweaters', parentId: 'cat-apparel-tops', nouns: ['Cardigan', 'Crewneck Sweater', 'Quarter-Zip', 'Hoodie'], priceRange: [35, 120], colors: COLORS, sizes: APPAREL_SIZES },
  { id: 'cat-apparel-bottoms-jeans', name: 'Jeans', parentId: 'cat-apparel-bottoms', nouns: ['Slim Jean', 'Straight Jean', 'Relaxed Jean', 'Bootcut Jean'], priceRange: [39, 110], colors: ['Indigo', 'Black', 'Light Wash', 'Grey'], sizes: ['28', '30', '32', '34', '36', '38'] },
  { id: 'cat-apparel-bottoms-shorts', name: 'Shorts', parentId: 'cat-apparel-bottoms', nouns: ['Chino Short', 'Cargo Short', 'Running Short', 'Swim Short'], priceRange: [19, 55], colors: COLORS, sizes: APPAREL_SIZES },
  { id: 'cat-apparel-outerwear', name: 'Outerwear', parentId: 'cat-apparel', nouns: ['Rain Jacket', 'Puffer Jacket', 'Fleece Jacket', 'Parka'], priceRange: [60, 280], colors: COLORS, sizes: APPAREL_SIZES },
  { id: 'cat-footwear-running', name: 'Running', parentId: 'cat-footwear', nouns: ['Road Runner', 'Trail Runner', 'Racing Flat', 'Stability Trainer'], priceRange: [70, 180], colors: COLORS, sizes: SHOE_SIZES },
  { id: 'cat-footwear-casual', name: 'Casual', parentId: 'cat-footwear', nouns: ['Canvas Sneaker', 'Leather Loafer', 'Slip-On', 'Boat Shoe'], priceRange: [40, 130], colors: COLORS, sizes: SHOE_SIZES },
  { id: 'cat-footwear-boots', name: 'Boots', parentId: 'cat-footwear', nouns: ['Chelsea Boot', 'Hiking Boot', 'Work Boot', 'Snow Boot'], priceRange: [90, 260], colors: ['Black', 'Brown', 'Tan', 'Grey', 'Olive'], sizes: SHOE_SIZES },
  { id: 'cat-home-kitchen', name: 'Kitchen', parentId: 'cat-home', nouns: ['Skillet', 'Chef Knife', 'Dutch Oven', 'Mixing Bowl Set', 'French Press'], priceRange: [15, 250], colors: COLORS },
  { id: 'cat-home-bedding', name: 'Bedding', parentId: 'cat-home', nouns: ['Sheet Set', 'Duvet Cover', 'Quilt', 'Pillow Pair'], priceRange: [30, 220], colors: COLORS, sizes: ['Twin', 'Full', 'Queen', 'King'] },
  { id: 'cat-home-decor', name: 'Decor', parentId: 'cat-home', nouns: ['Throw Blanket', 'Table Lamp', 'Wall Mirror', 'Vase', 'Candle Set'], priceRange: [12, 180], colors: COLORS },
  { id: 'cat-electronics-audio', name: 'Audio', parentId: 'cat-electronics', nouns: ['Wireless Earbuds', 'Over-Ear Headphones', 'Bluetooth Speaker', 'Soundbar'], priceRange: [25, 300], colors: COLORS },
  { id: 'cat-electronics-accessories', name: 'Accessories', parentId: 'cat-electronics', nouns: ['Charging Cable', 'Power Bank', 'Phone Case', 'Wall Charger'], priceRange: [8, 70], colors: ['Black', 'White', 'Blue', 'Red'], configurations: ['USB-C', 'Lightning', 'Micro-USB'] },
  { id: 'cat-electronics-wearables', name: 'Wearables', parentId: 'cat-electronics', nouns: ['Fitness Band', 'Smartwatch', 'Sport Watch'], priceRange: [40, 300], colors: COLORS, sizes: ['S', 'M', 'L'] },
  { id: 'cat-outdoor-camping', name: 'Camping', parentId: 'cat-outdoor', nouns: ['Tent', 'Sleeping Bag', 'Camp Chair', 'Headlamp', 'Water Bottle'], priceRange: [10, 300], colors: COLORS },
  { id: 'cat-outdoor-cycling', name: 'Cycling', parentId: 'cat-outdoor', nouns: ['Bike Helmet', 'Cycling Jersey', 'Bike Light', 'Saddle Bag'], priceRange: [15, 160], colors: COLORS, sizes: ['S', 'M', 'L', 'XL'] },
];

const SUPPLEMENTAL: readonly Category[] = [
  { id: 'sup-seasonal', name: 'Seasonal', parentId: null, supplemental: true },
  { id: 'sup-seasonal-holiday', name: 'Holiday', parentId: 'sup-seasonal', supplemental: true },
  { id: 'sup-seasonal-summer', name: 'Summer', parentId: 'sup-seasonal', supplemental: true },
  { id: 'sup-clearance', name: 'Clearance', parentId: null, supplemental: true },
];

const ADJECTIVES = ['Everyday', 'Classic', 'Essential', 'Heritage', 'Trail', 'Urban', 'Coastal', 'Summit', 'Studio', 'Weekend', 'Nordic', 'Canyon'];

/** Most variants a product gets (every leaf class has at least this many colour × size combinations). */
const MAX_VARIANTS_PER_PRODUCT = 8;

interface CatalogueItem {
  product: ProductInput;
  /** Unit price in cents. */
  priceCents: number;
  variants: VariantInput[];
}

/** Goods with lithium batteries: hazardous to ship, marked with the custom attribute `hazmat` (examples/partner-plugin). */
const LITHIUM_BATTERY_GOODS = ['Bluetooth Speaker', 'Fitness Band', 'Bike Light'];

function buildCategories(): Category[] {
  const root: Category = { id: 'cat-root', name: 'All products', parentId: null, supplemental: false };
  const leaves = LEAVES.map(({ id, name, parentId }): Category => ({ id, name, parentId, supplemental: false }));
  return [root, ...BRANCHES, ...leaves, ...SUPPLEMENTAL];
}

function buildCatalogue(rng: Random, variantCount: number): CatalogueItem[] {
  const productCount = Math.max(1, Math.round(variantCount / 4));
  const classes = Array.from({ length: productCount }, (_, i) => at(LEAVES, i % LEAVES.length));
  const counts = variantCounts(rng, variantCount, productCount);
  const width = Math.max(4, String(productCount).length);
  const usedNames = new Set<string>();
  return classes.map((leaf, i) => {
    const productId = `P-${String(i + 1).padStart(width, '0')}`;
    const name = productName(rng, leaf, usedNames);
    const product: ProductInput = {
      id: productId,
      name,
      categoryIds: [leaf.id],
      supplementalCategoryIds: supplementalCategories(rng),
      ...(LITHIUM_BATTERY_GOODS.some((noun) => name.endsWith(noun)) ? { attributes: { hazmat: true } } : {}),
    };
    const priceCents = rng.int(leaf.priceRange[0], leaf.priceRange[1] - 1) * 100 + rng.pick([99, 99, 99, 49, 0]);
    return { product, priceCents, variants: buildVariants(rng, productId, leaf, at(counts, i)) };
  });
}

/** Splits `total` variants over `products` products: about four each, between 1 and the maximum. */
function variantCounts(rng: Random, total: number, products: number): number[] {
  const counts = Array.from({ length: products }, (_, i) => Math.floor(total / products) + (i < total % products ? 1 : 0));
  for (let moves = 0; moves < products * 3; moves++) {
    const from = rng.int(0, products - 1);
    const to = rng.int(0, products - 1);
    if (at(counts, from) > 1 && at(counts, to) < MAX_VARIANTS_PER_PRODUCT) {
      counts[from] = at(counts, from) - 1;
      counts[to] = at(counts, to) + 1;
    }
  }
  return counts;
}

function productName(rng: Random, leaf: LeafClass, used: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = `${rng.pick(ADJECTIVES)} ${rng.pick(leaf.nouns)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const name = `${rng.pick(ADJECTIVES)} ${rng.pick(leaf.nouns)} ${used.size + 1}`;
  used.add(name);
  return name;
}

function supplementalCategories(rng: Random): Id[] {
  const ids: Id[] = [];
  if (rng.chance(0.15)) ids.push('sup-seasonal-holiday');
  else if (rng.chance(0.08)) ids.push('sup-seasonal-summer');
  if (rng.chance(0.08)) ids.push('sup-clearance');
  return ids;
}

function buildVariants(rng: Random, productId: Id, leaf: LeafClass, count: number): VariantInput[] {
  const second = leaf.sizes ?? leaf.configurations ?? [''];
  const combos = rng.shuffle(leaf.colors.flatMap((color) => second.map((other) => [color, other] as const))).slice(0, count);
  const suffix = productId.slice(2);
  return combos.map(([color, other]) => {
    const id = ['V', suffix, slug(color), ...(other ? [slug(other)] : [])].join('-');
    const variant: VariantInput = { id, productId, color };
    if (leaf.sizes) variant.size = other;
    if (leaf.configurations) variant.configuration = other;
    return variant;
  });
}

/** Upper-case ASCII letters, digits and single dashes: `St. Louis` → `ST-LOUIS`. */
function slug(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ------------------------------------------------------------ locations ----

interface LocationsResult {
  locations: LocationInput[];
  stores: LocationInput[];
  /** Stores of the biggest metros (the first quarter of the table), which also ship express. */
  flagships: LocationInput[];
  regionOf: Map<Id, Region>;
}

function buildLocations(rng: Random, total: number): LocationsResult {
  const regions = new Map<Id, Region>();
  const hubs = HUBS.map((hub) => {
    regions.set(hub.id, regionOf(hub.city[1]));
    return makeLocation(rng, hub.id, hub.name, hub.type, hub.city);
  });
  const storeCount = total - HUBS.length;
  const width = Math.max(3, String(storeCount).length);
  const stores = Array.from({ length: storeCount }, (_, i) => {
    const base = at(CITIES, i % CITIES.length);
    // Past the end of the table, reuse its cities with a small offset so no two stores coincide.
    const city: City = i < CITIES.length ? base : [base[0], base[1], base[2], base[3] + rng.between(-0.3, 0.3), base[4] + rng.between(-0.3, 0.3)];
    const number = String(i + 1).padStart(width, '0');
    const id = `ST-${number}-${slug(city[0])}`;
    regions.set(id, regionOf(city[1]));
    return makeLocation(rng, id, `${city[0]} Store ${number}`, 'store', city);
  });
  const flagships = stores.slice(0, Math.ceil(stores.length / 4));
  return { locations: [...hubs, ...stores], stores, flagships, regionOf: regions };
}

function makeLocation(rng: Random, id: Id, name: string, type: LocationType, city: City): LocationInput {
  const [cityName, state, postalCode, latitude, longitude] = city;
  return {
    id,
    name,
    type,
    legalEntity: LEGAL_ENTITY,
    address: {
      street: streetAddress(rng),
      city: cityName,
      state,
      postalCode,
      country: 'US',
      coordinates: { latitude: round(latitude, 4), longitude: round(longitude, 4) },
    },
    shipping: true,
    pickup: type === 'store',
  };
}

function streetAddress(rng: Random): string {
  return `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)}`;
}

function buildGroups(result: LocationsResult): FulfillmentGroup[] {
  const ids = (locations: LocationInput[]) => locations.map((location) => location.id);
  const hubIds = HUBS.map((hub) => hub.id);
  const regional = (['west', 'central', 'east'] as const).map(
    (region): FulfillmentGroup => ({
      id: `region-${region}`,
      name: `${region[0]?.toUpperCase()}${region.slice(1)} region stores`,
      locationIds: ids(result.stores).filter((id) => result.regionOf.get(id) === region),
    }),
  );
  return [
    { id: 'all-stores', name: 'All stores', locationIds: ids(result.stores) },
    { id: 'dcs', name: 'Distribution centers and warehouse', locationIds: hubIds },
    ...regional,
    { id: 'dcs-and-flagships', name: 'Distribution centers, warehouse and flagship stores', locationIds: [...hubIds, ...ids(result.flagships)] },
  ];
}

// -------------------------------------------------- rules and profiles ----

function buildRules(rng: Random, result: LocationsResult): RuleInput[] {
  const flagshipIds = new Set(result.flagships.map((store) => store.id));
  const offline = rng
    .shuffle(result.stores.filter((store) => !flagshipIds.has(store.id)))
    .slice(0, 3)
    .map((store) => store.id);
  return [
    {
      id: 'rule-offline-stores',
      type: 'dom/offline-location',
      description: 'Stores closed for remodelling',
      hardConstraint: true,
      scope: { locationIds: offline },
      options: {},
    },
    {
      id: 'rule-offline-east-inventory-count',
      type: 'dom/offline-location',
      description: 'East region stores offline for the October inventory count (expired)',
      startDate: '2026-10-01',
      endDate: '2026-10-31',
      hardConstraint: true,
      scope: { groupIds: ['region-east'] },
      options: {},
    },
    {
      id: 'rule-offline-reno-dc',
      type: 'dom/offline-location',
      description: 'Reno DC offline (disabled)',
      disabled: true,
      hardConstraint: true,
      scope: { locationIds: ['DC-RENO'] },
      options: {},
    },
    {
      id: 'rule-max-distance-stores',
      type: 'dom/max-distance',
      description: 'Stores ship to customers within 600 miles',
      hardConstraint: false,
      scope: { groupIds: ['all-stores'] },
      options: { maxDistance: 600 },
    },
    {
      id: 'rule-max-distance-dcs',
      type: 'dom/max-distance',
      description: 'DCs and the warehouse ship within 2500 miles',
      hardConstraint: true,
      scope: { groupIds: ['dcs'] },
      options: { maxDistance: 2500 },
    },
    {
      id: 'rule-max-distance-express',
      type: 'dom/max-distance',
      description: 'Express orders ship from within 1500 miles',
      hardConstraint: true,
      scope: { groupIds: ['dcs-and-flagships'] },
      options: { maxDistance: 1500 },
    },
  ];
}

type ProfileFields = Pick<Profile, 'id' | 'name' | 'modesOfDelivery' | 'salesOrigins' | 'processEmptyOrigin' | 'fulfillmentGroupId' | 'ruleIds'>;

/** A profile of the legal entity, in the key order of the Profile type. */
function profile(fields: ProfileFields): Profile {
  return {
    id: fields.id,
    name: fields.name,
    enabled: true,
    legalEntities: [LEGAL_ENTITY],
    modesOfDelivery: fields.modesOfDelivery,
    salesOrigins: fields.salesOrigins,
    processEmptyOrigin: fields.processEmptyOrigin,
    fulfillmentGroupId: fields.fulfillmentGroupId,
    autoApply: false,
    maxLinesPerOptimization: 0,
    ruleIds: fields.ruleIds,
    costFactorIds: [],
  };
}

/**
 * Two profiles with neither a mode of delivery nor a sales origin in common
 * (docs/spec.md §1): standard orders come from the web, call centre and
 * marketplace; express orders from the mobile app or without an origin.
 */
function buildProfiles(): Profile[] {
  return [
    profile({
      id: 'standard-ship',
      name: 'Standard shipping',
      modesOfDelivery: ['standard'],
      salesOrigins: ['web', 'callcenter', 'marketplace'],
      processEmptyOrigin: false,
      fulfillmentGroupId: null,
      ruleIds: [
        'rule-offline-stores',
        'rule-offline-east-inventory-count',
        'rule-offline-reno-dc',
        'rule-max-distance-stores',
        'rule-max-distance-dcs',
      ],
    }),
    profile({
      id: 'express-ship',
      name: 'Express shipping from DCs and flagship stores',
      modesOfDelivery: ['express'],
      salesOrigins: ['app'],
      processEmptyOrigin: true,
      fulfillmentGroupId: 'dcs-and-flagships',
      ruleIds: ['rule-max-distance-express'],
    }),
  ];
}

function buildParameters(): ParametersInput {
  return {
    solver: 'dom/highs',
    maxAutoFulfillmentAttempts: 3,
    localStoreRegionRadius: 25,
    distanceUnit: 'mi',
    weightUnit: 'lb',
    roadDistance: false,
    planRetentionDays: 30,
    logRetentionDays: 30,
    rejectionPeriodDays: 7,
    threadUtilization: 0,
    poolGuideWindowLines: 20_000,
    skipAcceptedStoreOrders: false,
  };
}

// --------------------------------------------------------------- orders ----

/** Orders are created over the four days before this instant (the example's "now" is 2026-11-20). */
const ORDER_WINDOW_END = Date.UTC(2026, 10, 20);
const ORDER_WINDOW_SECONDS = 4 * 24 * 3600;
/** The inventory is a snapshot taken at the end of the order window. */
const SNAPSHOT_AS_OF = new Date(ORDER_WINDOW_END).toISOString().replace('.000Z', 'Z');
const TAX_RATE = 0.08;

/** Cumulative popularity of variants, for fast weighted sampling by binary search. */
class VariantSampler {
  private readonly cumulative: number[] = [];
  private readonly ids: Id[] = [];

  constructor(rng: Random, catalogue: CatalogueItem[]) {
    // Zipf-like popularity over a random ranking of products; sizes within a product vary a little.
    const ranks = rng.shuffle(catalogue.map((_, i) => i));
    let total = 0;
    catalogue.forEach((item, i) => {
      const productWeight = 1 / Math.pow(at(ranks, i) + 1, 0.7);
      for (const variant of item.variants) {
        total += productWeight * rng.between(0.5, 1.5);
        this.cumulative.push(total);
        this.ids.push(variant.id);
      }
    });
  }

  sample(rng: Random): Id {
    const total = at(this.cumulative, this.cumulative.length - 1);
    const point = rng.next() * total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (at(this.cumulative, mid) > point) high = mid;
      else low = mid + 1;
    }
    return at(this.ids, low);
  }
}

function buildOrders(rng: Random, count: number, catalogue: CatalogueItem[]): SalesOrderInput[] {
  const sampler = new VariantSampler(rng, catalogue);
  const priceOf = new Map<Id, number>();
  for (const item of catalogue) for (const variant of item.variants) priceOf.set(variant.id, item.priceCents);
  // Bigger metros order more, but every city orders something.
  const cityWeights = CITIES.map((city, rank) => [city, 1 / Math.sqrt(rank + 1)] as const);
  const times = Array.from({ length: count }, () => rng.int(0, ORDER_WINDOW_SECONDS - 1)).sort((a, b) => a - b);
  const width = Math.max(6, String(count).length);
  return times.map((offset, i) => {
    const id = `SO-${String(i + 1).padStart(width, '0')}`;
    const express = rng.chance(0.15);
    const city = rng.weighted(cityWeights);
    const order: SalesOrderInput = {
      id,
      legalEntity: LEGAL_ENTITY,
      // Express orders come from the app, a few without an origin (express-ship processes empty origins).
      salesOrigin: express ? (rng.chance(0.03) ? null : 'app') : rng.weighted([['web', 70], ['marketplace', 20], ['callcenter', 10]]),
      deliveryAddress: customerAddress(rng, city),
      createdAt: new Date(ORDER_WINDOW_END - (ORDER_WINDOW_SECONDS - offset) * 1000).toISOString().replace('.000Z', 'Z'),
      version: 1,
      lines: buildLines(rng, id, express ? 'express' : 'standard', sampler, priceOf),
    };
    if (rng.chance(0.01)) markException(rng.pick(order.lines));
    return order;
  });
}

function customerAddress(rng: Random, city: City): SalesOrderInput['deliveryAddress'] {
  const [name, state, postalCode, latitude, longitude] = city;
  // Uniform over a disc of 0.5° around the city centre.
  const angle = rng.next() * 2 * Math.PI;
  const radius = 0.5 * Math.sqrt(rng.next());
  return {
    street: streetAddress(rng),
    city: name,
    state,
    postalCode,
    country: 'US',
    coordinates: {
      latitude: round(latitude + radius * Math.sin(angle), 4),
      longitude: round(longitude + radius * Math.cos(angle), 4),
    },
  };
}

function buildLines(rng: Random, orderId: Id, mode: string, sampler: VariantSampler, priceOf: Map<Id, number>): SalesLineInput[] {
  const lineCount = rng.weighted([[1, 45], [2, 28], [3, 14], [4, 8], [5, 5]]);
  const variantIds = new Set<Id>();
  // Distinct variants per order; a few retries, then the order just has fewer lines.
  for (let tries = 0; variantIds.size < lineCount && tries < lineCount * 5; tries++) variantIds.add(sampler.sample(rng));
  return [...variantIds].map((variantId, i) => {
    const quantity = rng.weighted([[1, 72], [2, 18], [3, 7], [4, 2], [5, 1]]);
    const priceCents = priceOf.get(variantId) ?? 0;
    return {
      id: `${orderId}-${i + 1}`,
      variantId,
      quantity,
      unitPrice: priceCents / 100,
      tax: Math.round(quantity * priceCents * TAX_RATE) / 100,
      modeOfDelivery: mode,
      version: 1,
    };
  });
}

/** A line an earlier run could not fulfil: it is retried while attempts < maxAutoFulfillmentAttempts. */
function markException(line: SalesLineInput): void {
  line.domStatus = 'exception';
  line.exceptionType = 'no-quantity-available';
  line.attempts = 1;
}

// ------------------------------------------------------------ inventory ----

interface StockContext {
  rng: Random;
  level: StockLevel;
  stores: LocationInput[];
  hubs: LocationInput[];
}

/**
 * Stores carry 20–50 % of the variants (popular ones more often) in small
 * quantities; DCs carry most variants deeply. Supply is then fitted to the
 * orders' demand: topped up to well above it (`ample`) or scaled down to a
 * random 45–95 % of it (`scarce`).
 */
function buildInventory(rng: Random, level: StockLevel, result: LocationsResult, catalogue: CatalogueItem[], orders: SalesOrderInput[]): InventoryRecord[] {
  const demand = demandByVariant(orders);
  const variants = catalogue.flatMap((item) => item.variants);
  const percentile = popularityPercentiles(variants, demand);
  const context: StockContext = { rng, level, stores: result.stores, hubs: result.locations.filter((l) => l.type !== 'store') };
  const byLocation = new Map<Id, InventoryRecord[]>(result.locations.map((location) => [location.id, []]));
  for (const variant of variants) {
    const records = stockVariant(context, variant.id, percentile.get(variant.id) ?? 0, demand.get(variant.id) ?? 0);
    for (const record of records) byLocation.get(record.locationId)?.push(record);
  }
  // Written per location, each in catalogue order, like a stock export.
  return result.locations.flatMap((location) => byLocation.get(location.id) ?? []);
}

function demandByVariant(orders: SalesOrderInput[]): Map<Id, number> {
  const demand = new Map<Id, number>();
  for (const order of orders) for (const line of order.lines) demand.set(line.variantId, (demand.get(line.variantId) ?? 0) + line.quantity);
  return demand;
}

/** 0 for the least demanded variant, 1 for the most (ties broken by catalogue order). */
function popularityPercentiles(variants: VariantInput[], demand: Map<Id, number>): Map<Id, number> {
  const ranked = variants.map((variant, index) => ({ id: variant.id, index, demand: demand.get(variant.id) ?? 0 }));
  ranked.sort((a, b) => a.demand - b.demand || a.index - b.index);
  const last = Math.max(1, ranked.length - 1);
  return new Map(ranked.map((entry, rank) => [entry.id, rank / last]));
}

function stockVariant(context: StockContext, variantId: Id, percentile: number, demand: number): InventoryRecord[] {
  const { rng } = context;
  const records: InventoryRecord[] = [];
  const coverage = 0.2 + 0.3 * percentile;
  for (const store of context.stores) {
    const draw = rng.next();
    if (draw < coverage) {
      const onHand = rng.weighted([[1, 30], [2, 25], [3, 18], [4, 12], [5, 8], [6, 7]]);
      records.push(inventoryRecord(variantId, store.id, onHand, rng.chance(0.15) ? rng.int(1, Math.min(onHand, 2)) : 0));
    } else if (draw < coverage + 0.08) {
      records.push(inventoryRecord(variantId, store.id, 0, 0)); // sold out, record kept
    }
  }
  for (const hub of context.hubs) {
    if (!rng.chance(hub.type === 'warehouse' ? 0.7 : 0.9)) continue;
    const onHand = rng.chance(0.03) ? 0 : rng.int(20, 200);
    records.push(inventoryRecord(variantId, hub.id, onHand, onHand > 0 && rng.chance(0.3) ? rng.int(1, Math.min(onHand, 10)) : 0));
  }
  if (context.level === 'ample') topUp(context, records, variantId, Math.ceil(demand * 1.25) + 2);
  else scaleDown(records, demand > 0 ? Math.floor(demand * rng.between(0.45, 0.95) + rng.next()) : rng.int(0, 4));
  return records;
}

function inventoryRecord(variantId: Id, locationId: Id, onHand: number, reserved: number): InventoryRecord {
  return { variantId, locationId, status: 'available', onHand, reserved, asOf: SNAPSHOT_AS_OF };
}

function available(record: InventoryRecord): number {
  return record.onHand - record.reserved;
}

/** Adds the shortfall to the deepest DC record (creating one when no DC carries the variant). */
function topUp(context: StockContext, records: InventoryRecord[], variantId: Id, target: number): void {
  const shortfall = target - records.reduce((sum, record) => sum + available(record), 0);
  if (shortfall <= 0) return;
  const hubIds = new Set(context.hubs.map((hub) => hub.id));
  const hubRecords = records.filter((record) => hubIds.has(record.locationId));
  let deepest = hubRecords.reduce<InventoryRecord | undefined>((best, record) => (!best || record.onHand > best.onHand ? record : best), undefined);
  if (!deepest) {
    deepest = inventoryRecord(variantId, context.rng.pick(context.hubs).id, 0, 0);
    records.push(deepest);
  }
  deepest.onHand += shortfall;
}

/** Scales the available quantities down to `target` in total, largest remainders first; reserved stays. */
function scaleDown(records: InventoryRecord[], target: number): void {
  const scaled = scaleToTotal(records.map(available), target);
  records.forEach((record, i) => {
    record.onHand = record.reserved + at(scaled, i);
  });
}

function scaleToTotal(values: number[], total: number): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= total) return values;
  const exact = values.map((value) => (value * total) / sum);
  const result = exact.map(Math.floor);
  const order = exact.map((value, i) => ({ i, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  let left = total - result.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left-- <= 0) break;
    result[i] = at(result, i) + 1;
  }
  return result;
}

// ------------------------------------------------------------- assembly ----

export function generateDataset(options: Partial<GenerateOptions> = {}): GeneratedDataset {
  const opts = checkOptions({ ...DEFAULT_OPTIONS, ...options });
  const { seed } = opts;
  const locations = buildLocations(streamOf(seed, 'locations'), opts.locations);
  const catalogue = buildCatalogue(streamOf(seed, 'catalogue'), opts.variants);
  const orders = buildOrders(streamOf(seed, 'orders'), opts.orders, catalogue);
  return {
    parameters: buildParameters(),
    locations: locations.locations,
    groups: buildGroups(locations),
    categories: buildCategories(),
    products: catalogue.map((item) => item.product),
    variants: catalogue.flatMap((item) => item.variants),
    inventory: buildInventory(streamOf(seed, 'inventory'), opts.stock, locations, catalogue, orders),
    profiles: buildProfiles(),
    rules: buildRules(streamOf(seed, 'rules'), locations),
    costFactors: [],
    orders,
  };
}

function checkOptions(options: GenerateOptions): GenerateOptions {
  const positiveInteger = (name: keyof GenerateOptions, min: number) => {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
    }
  };
  positiveInteger('orders', 1);
  positiveInteger('locations', MIN_LOCATIONS);
  positiveInteger('variants', MIN_VARIANTS);
  positiveInteger('seed', 0);
  if (options.stock !== 'ample' && options.stock !== 'scarce') throw new RangeError(`stock must be "ample" or "scarce", got "${String(options.stock)}"`);
  return options;
}

// -------------------------------------------------------------- writing ----

/** Config collections: file name → records, written as pretty-printed JSON arrays. */
function configFiles(dataset: GeneratedDataset): [string, unknown][] {
  return [
    ['parameters.json', dataset.parameters],
    ['locations.json', dataset.locations],
    ['groups.json', dataset.groups],
    ['categories.json', dataset.categories],
    ['products.json', dataset.products],
    ['variants.json', dataset.variants],
    ['profiles.json', dataset.profiles],
    ['rules.json', dataset.rules],
    ['cost-factors.json', dataset.costFactors],
  ];
}

/** Writes the dataset directory (created if missing); existing dataset files are replaced. */
export function writeDataset(dir: string, dataset: GeneratedDataset): void {
  mkdirSync(dir, { recursive: true });
  for (const [file, value] of configFiles(dataset)) writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  writeNdjson(join(dir, 'inventory.ndjson'), dataset.inventory);
  writeNdjson(join(dir, 'orders.ndjson'), dataset.orders);
  // The file adapter refuses a collection present both as .json and .ndjson.
  for (const stale of ['inventory.json', 'orders.json']) rmSync(join(dir, stale), { force: true });
}

/** One record per line, written in chunks so large datasets never sit in one string. */
function writeNdjson(path: string, records: readonly unknown[]): void {
  const fd = openSync(path, 'w');
  try {
    for (let start = 0; start < records.length; start += 1000) {
      const chunk = records.slice(start, start + 1000).map((record) => `${JSON.stringify(record)}\n`);
      writeSync(fd, chunk.join(''));
    }
  } finally {
    closeSync(fd);
  }
}

// ------------------------------------------------------------- summary ----

export interface DatasetSummary {
  locations: Record<LocationType, number>;
  groups: number;
  categories: number;
  products: number;
  variants: number;
  inventoryRecords: number;
  orders: number;
  lines: number;
  units: number;
  exceptionLines: number;
  expressOrders: number;
  /** Share of ordered units that the available inventory could cover, per variant, ignoring rules: Σ min(supply, demand) / Σ demand. */
  servableShare: number;
}

export function summarize(dataset: GeneratedDataset): DatasetSummary {
  const locations: Record<LocationType, number> = { store: 0, warehouse: 0, 'distribution-center': 0 };
  for (const location of dataset.locations) locations[location.type] += 1;
  const lines = dataset.orders.flatMap((order) => order.lines);
  const demand = demandByVariant(dataset.orders);
  const supply = new Map<Id, number>();
  for (const record of dataset.inventory) supply.set(record.variantId, (supply.get(record.variantId) ?? 0) + available(record));
  let units = 0;
  let servable = 0;
  for (const [variantId, quantity] of demand) {
    units += quantity;
    servable += Math.min(quantity, supply.get(variantId) ?? 0);
  }
  return {
    locations,
    groups: dataset.groups.length,
    categories: dataset.categories.length,
    products: dataset.products.length,
    variants: dataset.variants.length,
    inventoryRecords: dataset.inventory.length,
    orders: dataset.orders.length,
    lines: lines.length,
    units,
    exceptionLines: lines.filter((line) => line.domStatus === 'exception').length,
    expressOrders: dataset.orders.filter((order) => order.lines[0]?.modeOfDelivery === 'express').length,
    servableShare: units === 0 ? 1 : round(servable / units, 3),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// ------------------------------------------------------------------ CLI ----

const USAGE =
  'usage: npx tsx bench/generate-dataset.ts --out DIR [--orders N] [--locations K] [--variants V] [--seed S] [--stock ample|scarce]';

function parseCli(argv: string[]): { out: string; options: GenerateOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' },
      orders: { type: 'string' },
      locations: { type: 'string' },
      variants: { type: 'string' },
      seed: { type: 'string' },
      stock: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.out) throw new Error(USAGE);
  const integer = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));
  return {
    out: values.out,
    options: {
      orders: integer(values.orders, DEFAULT_OPTIONS.orders),
      locations: integer(values.locations, DEFAULT_OPTIONS.locations),
      variants: integer(values.variants, DEFAULT_OPTIONS.variants),
      seed: integer(values.seed, DEFAULT_OPTIONS.seed),
      stock: (values.stock ?? DEFAULT_OPTIONS.stock) as StockLevel,
    },
  };
}

function main(): void {
  try {
    const { out, options } = parseCli(process.argv.slice(2));
    const started = performance.now();
    const dataset = generateDataset(options);
    writeDataset(out, dataset);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`wrote ${resolve(out)} in ${seconds}s`);
    console.log(JSON.stringify(summarize(dataset), null, 2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
