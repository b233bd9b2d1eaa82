"""The demo county's districts, their postcode districts and approximate centroids.

A real deployment loads the ONS Postcode Directory instead; demo data and maps need only
this much: which council area a postcode district falls in, and where to draw it.
"""

from typing import NamedTuple


class PostcodeDistrict(NamedTuple):
    code: str
    town: str
    council: str
    latitude: float
    longitude: float


COUNCILS: tuple[str, ...] = (
    "Broxbourne",
    "Dacorum",
    "East Hertfordshire",
    "Hertsmere",
    "North Hertfordshire",
    "St Albans",
    "Stevenage",
    "Three Rivers",
    "Watford",
    "Welwyn Hatfield",
)

POSTCODE_DISTRICTS: tuple[PostcodeDistrict, ...] = (
    PostcodeDistrict("EN7", "Cheshunt", "Broxbourne", 51.709, -0.062),
    PostcodeDistrict("EN8", "Cheshunt", "Broxbourne", 51.700, -0.031),
    PostcodeDistrict("EN10", "Broxbourne", "Broxbourne", 51.745, -0.017),
    PostcodeDistrict("EN11", "Hoddesdon", "Broxbourne", 51.762, -0.011),
    PostcodeDistrict("HP1", "Hemel Hempstead", "Dacorum", 51.756, -0.489),
    PostcodeDistrict("HP2", "Hemel Hempstead", "Dacorum", 51.766, -0.453),
    PostcodeDistrict("HP3", "Hemel Hempstead", "Dacorum", 51.737, -0.464),
    PostcodeDistrict("HP4", "Berkhamsted", "Dacorum", 51.762, -0.565),
    PostcodeDistrict("HP23", "Tring", "Dacorum", 51.793, -0.658),
    PostcodeDistrict("SG9", "Buntingford", "East Hertfordshire", 51.945, -0.016),
    PostcodeDistrict("SG11", "Puckeridge", "East Hertfordshire", 51.886, 0.012),
    PostcodeDistrict("SG12", "Ware", "East Hertfordshire", 51.812, -0.028),
    PostcodeDistrict("SG13", "Hertford", "East Hertfordshire", 51.790, -0.070),
    PostcodeDistrict("SG14", "Hertford", "East Hertfordshire", 51.801, -0.094),
    PostcodeDistrict("CM21", "Sawbridgeworth", "East Hertfordshire", 51.814, 0.150),
    PostcodeDistrict("CM23", "Bishop's Stortford", "East Hertfordshire", 51.871, 0.160),
    PostcodeDistrict("WD6", "Borehamwood", "Hertsmere", 51.656, -0.272),
    PostcodeDistrict("WD7", "Radlett", "Hertsmere", 51.685, -0.313),
    PostcodeDistrict("WD23", "Bushey", "Hertsmere", 51.645, -0.361),
    PostcodeDistrict("EN6", "Potters Bar", "Hertsmere", 51.696, -0.179),
    PostcodeDistrict("SG3", "Knebworth", "North Hertfordshire", 51.866, -0.185),
    PostcodeDistrict("SG4", "Hitchin", "North Hertfordshire", 51.941, -0.259),
    PostcodeDistrict("SG5", "Hitchin", "North Hertfordshire", 51.957, -0.289),
    PostcodeDistrict("SG6", "Letchworth Garden City", "North Hertfordshire", 51.979, -0.227),
    PostcodeDistrict("SG7", "Baldock", "North Hertfordshire", 51.990, -0.188),
    PostcodeDistrict("SG8", "Royston", "North Hertfordshire", 52.049, -0.022),
    PostcodeDistrict("AL1", "St Albans", "St Albans", 51.746, -0.327),
    PostcodeDistrict("AL2", "St Albans", "St Albans", 51.714, -0.338),
    PostcodeDistrict("AL3", "St Albans", "St Albans", 51.770, -0.352),
    PostcodeDistrict("AL4", "St Albans", "St Albans", 51.772, -0.292),
    PostcodeDistrict("AL5", "Harpenden", "St Albans", 51.816, -0.356),
    PostcodeDistrict("SG1", "Stevenage", "Stevenage", 51.908, -0.203),
    PostcodeDistrict("SG2", "Stevenage", "Stevenage", 51.896, -0.172),
    PostcodeDistrict("WD3", "Rickmansworth", "Three Rivers", 51.640, -0.472),
    PostcodeDistrict("WD4", "Kings Langley", "Three Rivers", 51.712, -0.452),
    PostcodeDistrict("WD5", "Abbots Langley", "Three Rivers", 51.705, -0.420),
    PostcodeDistrict("WD19", "South Oxhey", "Three Rivers", 51.631, -0.390),
    PostcodeDistrict("WD17", "Watford", "Watford", 51.660, -0.405),
    PostcodeDistrict("WD18", "Watford", "Watford", 51.650, -0.412),
    PostcodeDistrict("WD24", "Watford", "Watford", 51.671, -0.394),
    PostcodeDistrict("WD25", "Watford", "Watford", 51.691, -0.390),
    PostcodeDistrict("AL6", "Welwyn", "Welwyn Hatfield", 51.832, -0.214),
    PostcodeDistrict("AL7", "Welwyn Garden City", "Welwyn Hatfield", 51.796, -0.184),
    PostcodeDistrict("AL8", "Welwyn Garden City", "Welwyn Hatfield", 51.806, -0.215),
    PostcodeDistrict("AL9", "Hatfield", "Welwyn Hatfield", 51.739, -0.199),
    PostcodeDistrict("AL10", "Hatfield", "Welwyn Hatfield", 51.764, -0.226),
)

_BY_CODE = {d.code: d for d in POSTCODE_DISTRICTS}


def council_for(district_code: str) -> str:
    """The district or borough council for a postcode district, or "" outside the county."""
    found = _BY_CODE.get(district_code.upper())
    return found.council if found else ""
