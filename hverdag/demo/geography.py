"""Where the demo district lies: an approximate boundary of Bydel Gamle Oslo, its streets
and how the four teams divide it.

The boundary is a hand-drawn approximation (about 3.4 km east-west, 2.9 km north-south)
covering Grønland, Tøyen, Kampen, Vålerenga, Gamlebyen, Bjørvika/Sørenga, Ensjø,
Etterstad, Helsfyr and Kværner/Lodalen: good enough to place clients on a map and route
between them, not an official border. Street positions are approximate centres of real
streets of the district; postal codes are the usual ones for each street, not verified
address by address. Pure Python, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# (lat, lon), counter-clockwise starting at Vaterland in the north-west.
DISTRICT_POLYGON: tuple[tuple[float, float], ...] = (
    (59.9165, 10.7515),  # Vaterland
    (59.9212, 10.7640),  # Tøyen, north of Botanisk hage
    (59.9222, 10.7800),  # Kampen / Hasle border
    (59.9200, 10.8025),  # Ensjø north
    (59.9125, 10.8060),  # Helsfyr
    (59.9040, 10.8045),  # Etterstad south
    (59.8985, 10.7870),  # Kværner / Lodalen
    (59.8962, 10.7660),  # Ekebergskråningen
    (59.9000, 10.7505),  # Sørenga
    (59.9068, 10.7470),  # Bjørvika
)

# Teams divide the district into four wedges around this point, split along the
# diagonals: a client north-east of the centre is Nord or Øst by which way is farther.
TEAM_CENTRE: tuple[float, float] = (59.9110, 10.7700)
TEAM_SLUGS = ("sor", "ost", "nord", "vest")
TEAM_NAMES = {"sor": "Sør", "ost": "Øst", "nord": "Nord", "vest": "Vest"}

KM_PER_DEGREE_LAT = 111.2
KM_PER_DEGREE_LON = KM_PER_DEGREE_LAT * math.cos(math.radians(59.91))


def inside_district(lat: float, lon: float) -> bool:
    """Ray casting against DISTRICT_POLYGON."""
    return point_in_polygon(lat, lon, DISTRICT_POLYGON)


def point_in_polygon(lat: float, lon: float, polygon: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    n = len(polygon)
    for i in range(n):
        lat1, lon1 = polygon[i]
        lat2, lon2 = polygon[(i + 1) % n]
        if (lon1 > lon) != (lon2 > lon):
            crossing = lat1 + (lon - lon1) * (lat2 - lat1) / (lon2 - lon1)
            if lat < crossing:
                inside = not inside
    return inside


def team_for(lat: float, lon: float) -> str:
    """The slug of the team whose wedge of the district holds the point."""
    north_km = (lat - TEAM_CENTRE[0]) * KM_PER_DEGREE_LAT
    east_km = (lon - TEAM_CENTRE[1]) * KM_PER_DEGREE_LON
    if abs(north_km) >= abs(east_km):
        return "nord" if north_km >= 0 else "sor"
    return "ost" if east_km >= 0 else "vest"


@dataclass(frozen=True)
class Street:
    name: str
    lat: float
    lon: float
    postal_code: str
    max_number: int
    weight: int = 2  # how many clients live here, relatively (blocks of flats weigh more)


POSTAL_PLACE = "Oslo"

STREETS: tuple[Street, ...] = (
    # Grønland, Vaterland, Bjørvika, Sørenga
    Street("Grønlandsleiret", 59.9112, 10.7635, "0190", 70, 4),
    Street("Tøyenbekken", 59.9128, 10.7588, "0188", 40, 2),
    Street("Grønland", 59.9127, 10.7610, "0188", 70, 2),
    Street("Hollendergata", 59.9108, 10.7598, "0190", 12, 1),
    Street("Nordbygata", 59.9135, 10.7622, "0187", 30, 2),
    Street("Lakkegata", 59.9160, 10.7615, "0187", 80, 3),
    Street("Motzfeldts gate", 59.9145, 10.7600, "0187", 30, 2),
    Street("Urtegata", 59.9150, 10.7645, "0187", 50, 2),
    Street("Schweigaards gate", 59.9092, 10.7640, "0191", 90, 3),
    Street("Dronning Eufemias gate", 59.9075, 10.7565, "0191", 60, 2),
    Street("Sørengkaia", 59.9025, 10.7530, "0194", 150, 2),
    # Tøyen, Kampen
    Street("Tøyengata", 59.9148, 10.7685, "0190", 60, 4),
    Street("Smedgata", 59.9138, 10.7668, "0651", 50, 3),
    Street("Hagegata", 59.9128, 10.7705, "0653", 40, 3),
    Street("Sørligata", 59.9115, 10.7690, "0653", 50, 2),
    Street("Kolstadgata", 59.9142, 10.7655, "0652", 30, 2),
    Street("Jens Bjelkes gate", 59.9172, 10.7725, "0652", 80, 3),
    Street("Åkebergveien", 59.9118, 10.7665, "0650", 70, 2),
    Street("Kampengata", 59.9158, 10.7800, "0654", 30, 3),
    Street("Bøgata", 59.9165, 10.7770, "0655", 40, 2),
    Street("Normannsgata", 59.9118, 10.7800, "0655", 70, 3),
    Street("Skedsmogata", 59.9142, 10.7852, "0655", 20, 1),
    Street("Kjølberggata", 59.9128, 10.7822, "0653", 40, 2),
    Street("Brinken", 59.9180, 10.7790, "0654", 70, 1),
    # Vålerenga, Ensjø, Etterstad, Helsfyr
    Street("Vålerenggata", 59.9088, 10.7862, "0656", 70, 3),
    Street("Hedmarksgata", 59.9095, 10.7830, "0658", 30, 2),
    Street("Strømsveien", 59.9112, 10.7925, "0658", 100, 3),
    Street("Etterstadgata", 59.9065, 10.7905, "0658", 40, 2),
    Street("Ensjøveien", 59.9135, 10.7935, "0655", 40, 3),
    Street("Etterstadsletta", 59.9080, 10.8005, "0660", 90, 3),
    Street("Ensjøsvingen", 59.9160, 10.7980, "0659", 20, 1),
    # Gamlebyen, Kværner, Lodalen, Ekebergskråningen
    Street("Oslo gate", 59.9058, 10.7690, "0192", 40, 4),
    Street("St. Halvards gate", 59.9062, 10.7720, "0192", 35, 3),
    Street("Egedes gate", 59.9068, 10.7745, "0653", 10, 1),
    Street("Bispegata", 59.9045, 10.7675, "0191", 12, 1),
    Street("Konows gate", 59.9015, 10.7760, "0192", 100, 4),
    Street("Kværnerveien", 59.9032, 10.7810, "0193", 20, 3),
    Street("Ekebergveien", 59.9000, 10.7700, "0192", 20, 1),
    Street("Dyvekes vei", 59.9005, 10.7780, "0192", 40, 1),
    Street("Mosseveien", 59.9020, 10.7600, "0193", 20, 1),
)


@dataclass(frozen=True)
class Place:
    """A named address with coordinates: a team base, an office, a centre."""

    address: str
    lat: float
    lon: float

    @property
    def address_line(self) -> str:
        return self.address


# Each team works from a base inside its own wedge.
TEAM_BASES: dict[str, Place] = {
    "nord": Place("Hagegata 23, 0653 Oslo", 59.9132, 10.7712),
    "ost": Place("Strømsveien 40, 0658 Oslo", 59.9111, 10.7905),
    "sor": Place("Oslo gate 13, 0192 Oslo", 59.9055, 10.7695),
    "vest": Place("Grønlandsleiret 28, 0190 Oslo", 59.9113, 10.7630),
}
# District-wide staff (therapists, coordinators) work from the district office.
DISTRICT_OFFICE = Place("Tøyen torg 1, 0653 Oslo", 59.9148, 10.7745)
DISTRICT_POSTAL_ADDRESS = "Postboks 9406 Grønland, 0135 Oslo"
PROVIDER_OFFICES: dict[str, Place] = {
    "trivsel": Place("Schweigaards gate 46, 0191 Oslo", 59.9090, 10.7660),
    "partner": Place("Etterstadsletta 40, 0660 Oslo", 59.9081, 10.8000),
}
CENTRES: tuple[tuple[str, str], ...] = (
    ("Kampen seniorsenter", "Kampengata 18, 0654 Oslo"),
    ("Tøyen bydelssenter", "Hagegata 30, 0653 Oslo"),
)


def jitter(lat: float, lon: float, metres: float, u: float, v: float) -> tuple[float, float]:
    """Move a point up to ``metres`` in a direction given by two uniform numbers in [0, 1)."""
    distance = metres * math.sqrt(u) / 1000
    angle = 2 * math.pi * v
    return (
        lat + distance * math.sin(angle) / KM_PER_DEGREE_LAT,
        lon + distance * math.cos(angle) / KM_PER_DEGREE_LON,
    )
