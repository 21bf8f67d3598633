"""Place and department names for the demo hierarchy (plausible, not an official directory).

Each region lists its service areas, and each service area the towns that hold its facilities;
the first town of a service area has the medical center. Town names are unique across regions, so
facility and department names (``"Oakland Pharmacy"``) are unique too and can be grouped by name.
"""

from __future__ import annotations

# region → (share of the partnership's teams, whether it runs its own hospitals, service areas)
REGIONS: dict[str, tuple[float, bool, dict[str, tuple[str, ...]]]] = {
    "Northern California": (
        0.30,
        True,
        {
            "Central Valley": ("Modesto", "Manteca", "Stockton", "Tracy", "Turlock"),
            "Diablo": ("Walnut Creek", "Antioch", "Martinez", "Pittsburg", "Delta Fair"),
            "East Bay": ("Oakland", "Richmond", "Pinole", "Alameda", "Berkeley"),
            "Fresno": ("Fresno", "Clovis", "Selma", "Oakhurst"),
            "Golden Gate": ("San Francisco", "Mission Bay", "Daly City", "French Campus"),
            "Greater Southern Alameda": ("San Leandro", "Fremont", "Hayward", "Union City", "Livermore"),
            "Marin-Sonoma": ("Santa Rosa", "San Rafael", "Petaluma", "Novato", "Rohnert Park"),
            "Napa-Solano": ("Vallejo", "Vacaville", "Napa", "Fairfield"),
            "Redwood City": ("Redwood City", "South San Francisco", "San Mateo", "Menlo Park"),
            "Roseville": ("Roseville", "Rocklin", "Lincoln", "Folsom"),
            "Sacramento": ("Sacramento", "Point West", "Davis", "Elk Grove"),
            "San Jose": ("San Jose", "Santa Teresa", "Gilroy", "Morgan Hill"),
            "Santa Clara": ("Santa Clara", "Mountain View", "Milpitas", "Campbell"),
            "South Sacramento": ("South Sacramento", "Rancho Cordova", "Lodi", "Galt"),
        },
    ),
    "Southern California": (
        0.32,
        True,
        {
            "Antelope Valley": ("Lancaster", "Palmdale"),
            "Baldwin Park": ("Baldwin Park", "West Covina", "Diamond Bar", "Covina"),
            "Downey": ("Downey", "Bellflower", "Norwalk", "Whittier"),
            "Fontana": ("Fontana", "Rancho Cucamonga", "Upland", "Chino"),
            "Kern County": ("Bakersfield", "Delano", "Tehachapi"),
            "Los Angeles": ("Los Angeles", "Glendale", "Pasadena", "Atwater Village"),
            "Orange County": ("Anaheim", "Irvine", "Santa Ana", "Huntington Beach", "Tustin"),
            "Panorama City": ("Panorama City", "Santa Clarita", "Sherman Oaks", "North Hollywood"),
            "Riverside": ("Riverside", "Corona", "Moreno Valley", "Murrieta", "Temecula"),
            "San Diego": ("San Diego", "Otay Mesa", "Carlsbad", "Escondido", "San Marcos"),
            "South Bay": ("Harbor City", "Carson", "Torrance", "Long Beach"),
            "West Los Angeles": ("West Los Angeles", "Culver City", "Inglewood", "Crenshaw"),
            "Woodland Hills": ("Woodland Hills", "Canoga Park", "Oxnard", "Camarillo", "Simi Valley"),
        },
    ),
    "Colorado": (
        0.07,
        False,
        {
            "Denver-Boulder": ("Denver", "Boulder", "Arvada", "Westminster", "Aurora", "Littleton"),
            "Southern Colorado": ("Colorado Springs", "Pueblo", "Briargate", "Canon City"),
        },
    ),
    "Georgia": (
        0.045,
        False,
        {
            "Metro Atlanta": ("Atlanta", "Cumberland", "Gwinnett", "Marietta", "Stockbridge"),
            "Greater Georgia": ("Athens", "Southwood", "Douglasville", "Alpharetta"),
        },
    ),
    "Hawaii": (
        0.045,
        True,
        {
            "Oahu": ("Moanalua", "Waipio", "Kapolei", "Mapunapuna", "Honolulu"),
            "Maui": ("Wailuku", "Lahaina", "Kihei"),
            "Hawaii Island": ("Hilo", "Kona", "Waimea"),
        },
    ),
    "Mid-Atlantic States": (
        0.08,
        False,
        {
            "Baltimore": ("Towson", "Woodlawn", "South Baltimore", "White Marsh", "Halethorpe"),
            "Maryland Suburbs": ("Largo", "Gaithersburg", "Silver Spring", "Marlow Heights"),
            "Northern Virginia": ("Tysons Corner", "Falls Church", "Reston", "Woodbridge", "Fair Oaks"),
            "District of Columbia": ("Capitol Hill", "Northwest DC", "Kensington"),
        },
    ),
    "Northwest": (
        0.07,
        True,
        {
            "Portland": ("Sunnyside", "Interstate", "Beaverton", "Gresham", "Tualatin"),
            "Salem": ("Salem", "Keizer", "Lebanon"),
            "Southwest Washington": ("Cascade Park", "Salmon Creek", "Longview"),
        },
    ),
    "Washington": (
        0.07,
        False,
        {
            "Puget Sound": ("Capitol Hill Seattle", "Bellevue", "Everett", "Tacoma", "Federal Way"),
            "South Sound": ("Olympia", "Lacey", "Puyallup"),
            "Eastern Washington": ("Spokane", "Spokane Valley", "Wenatchee"),
        },
    ),
}

MEDICAL_CENTER_DEPARTMENTS = (
    "Emergency Department",
    "Intensive Care Unit",
    "Medical-Surgical Unit",
    "Telemetry Unit",
    "Labor and Delivery",
    "Mother-Baby Unit",
    "Neonatal ICU",
    "Pediatric Unit",
    "Surgical Services",
    "Post-Anesthesia Care",
    "Sterile Processing",
    "Inpatient Pharmacy",
    "Clinical Laboratory",
    "Diagnostic Imaging",
    "Cardiology",
    "Oncology and Infusion",
    "Dialysis",
    "Respiratory Therapy",
    "Rehabilitation Services",
    "Environmental Services",
    "Nutrition and Food Services",
    "Facilities Engineering",
    "Patient Transport",
    "Admitting and Registration",
    "Case Management",
    "Health Information Management",
    "Behavioral Health",
    "Endoscopy",
    "Interventional Radiology",
    "Wound Care",
)

MEDICAL_OFFICE_DEPARTMENTS = (
    "Adult Primary Care",
    "Family Medicine",
    "Pediatrics Clinic",
    "Obstetrics and Gynecology",
    "Outpatient Pharmacy",
    "Laboratory Draw Station",
    "Radiology",
    "Optometry",
    "Physical Therapy",
    "Dermatology",
    "Member Services",
    "Appointment Center",
    "Urgent Care",
    "Mental Health Clinic",
    "Allergy",
    "Orthopedics",
    "Head and Neck Surgery",
    "Health Education",
    "Occupational Health",
    "Vision Essentials",
)

# Departments that are one small team (fewer than 11 people): every medical center has one, so
# small-group suppression always has something to hide.
SMALL_DEPARTMENTS = (
    "Spiritual Care",
    "Interpreter Services",
    "Medical Library",
    "Ethics Consultation",
    "Volunteer Services",
    "Patient Advocacy",
)

TEAM_SUFFIXES = (
    "Days",
    "Nights",
    "Clinical",
    "Support",
    "Front Office",
    "North",
    "South",
    "Weekend",
    "Float Pool",
    "Administrative",
    "East",
    "West",
)
