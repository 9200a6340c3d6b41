"""Word lists for the fictional demo force. Every name here is invented; telephone numbers
come from Ofcom's ranges reserved for drama (01632 960xxx, 07700 900xxx), e-mail addresses use
the force's own fictional domain or example.org."""

FORCE_DOMAIN = "midshire.police.example"

# Midchester is the county town (the urban BCU); the other two BCUs are market towns and
# villages.
BCUS = [
    ("MC", "Midchester City", "ward_panel"),
    ("EM", "Eastmere and the Wolds", "pact_meeting"),
    ("SV", "Severnside Vale", "pact_meeting"),
]

CITY_NEIGHBOURHOODS = [
    "Castle",
    "Cathedral Quarter",
    "Riverside",
    "Station Quarter",
    "Abbey Fields",
    "Northgate",
    "Southgate",
    "Westbury Park",
    "Canal Basin",
    "Market Square",
    "St Anne's",
    "Priory Vale",
    "Hollins Green",
    "Temple Meads",
    "Copper Hill",
    "Foundry Lane",
    "Victoria Park",
    "Brewers Yard",
    "Kingsmead",
    "Orchard Rise",
    "Tanners Row",
    "University",
    "Moorside",
    "Ropewalk",
    "Bishops Court",
    "Lark Rise",
]

VILLAGE_ROOTS = [
    "Ash",
    "Brad",
    "Cald",
    "Dun",
    "Elm",
    "Fern",
    "Gran",
    "Hart",
    "Ick",
    "Kel",
    "Lang",
    "Mar",
    "Nor",
    "Ot",
    "Pen",
    "Quar",
    "Red",
    "Sal",
    "Thorn",
    "Ux",
    "Wil",
    "Yar",
    "Brom",
    "Cress",
    "Whit",
    "Stan",
    "Ather",
    "Hal",
]
VILLAGE_SUFFIXES = [
    "ley",
    "ton",
    "field",
    "bury",
    "wood",
    "ford",
    "well",
    "cote",
    "by",
    "stow",
    "ham",
    "worth",
    "mere",
    "dale",
    "hurst",
    "combe",
]
VILLAGE_QUALIFIERS = ["", "", "", "", "Upper ", "Lower ", "Great ", "Little ", "North ", "East "]

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amir",
    "Amy",
    "Ben",
    "Bethany",
    "Callum",
    "Chloe",
    "Connor",
    "Daniel",
    "Deepa",
    "Eleanor",
    "Emma",
    "Ewan",
    "Fatima",
    "Finley",
    "Gareth",
    "Grace",
    "Hannah",
    "Harjit",
    "Imran",
    "Isla",
    "Jack",
    "Jade",
    "James",
    "Jasmine",
    "Kate",
    "Kieran",
    "Laura",
    "Leah",
    "Liam",
    "Lucy",
    "Mark",
    "Megan",
    "Mohammed",
    "Natalie",
    "Nathan",
    "Olivia",
    "Owen",
    "Priya",
    "Rachel",
    "Rhys",
    "Ryan",
    "Samira",
    "Sarah",
    "Scott",
    "Sian",
    "Sophie",
    "Stephen",
    "Tom",
    "Victoria",
    "Wei",
    "Yusuf",
    "Zoe",
]
SURNAMES = [
    "Ahmed",
    "Ali",
    "Atkinson",
    "Bailey",
    "Begum",
    "Bennett",
    "Brown",
    "Campbell",
    "Chan",
    "Clarke",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fletcher",
    "Foster",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Jones",
    "Kaur",
    "Khan",
    "Lewis",
    "Marsh",
    "Martin",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nowak",
    "O'Brien",
    "Owen",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wood",
    "Wright",
    "Young",
]

STREETS = [
    "Station Road",
    "Mill Lane",
    "Church Street",
    "High Street",
    "Victoria Road",
    "Park Avenue",
    "Queen Street",
    "The Green",
    "Chapel Lane",
    "School Lane",
    "Manor Road",
    "Orchard Close",
    "Albert Street",
    "Canal Walk",
    "Brook Street",
    "King's Road",
    "Meadow Way",
    "Bridge Street",
    "London Road",
    "Elm Grove",
]
PLACES = [
    "the recreation ground",
    "the Co-op car park",
    "the play park",
    "the underpass by the bus station",
    "the canal towpath",
    "the parade of shops",
    "the skate park",
    "the community centre",
    "the railway footbridge",
    "the churchyard",
    "the primary school gates",
    "the retail park",
    "the allotments",
    "the garages behind the flats",
]
VENUES = [
    "Community Centre",
    "Village Hall",
    "Library",
    "Methodist Church Hall",
    "Scout Hut",
    "Sports and Social Club",
    "Primary School",
    "Leisure Centre",
]

# Priority templates by category: title, where, when, who. {place} and {street} are filled in.
PRIORITY_TEMPLATES = {
    "asb": [
        (
            "Youths gathering and causing nuisance at {place}",
            "{place}, off {street}",
            "Friday and Saturday evenings, 19:00 to 23:00",
            "Groups of 10 to 15 teenagers; residents of {street} and shop staff affected",
        ),
        (
            "Off-road motorbikes ridden on {street} and footpaths",
            "{street} and the footpaths to {place}",
            "Weekday evenings after 18:00 and Sunday afternoons",
            "Two or three riders without helmets; walkers and children at risk",
        ),
        (
            "Noise and intimidation outside takeaways on {street}",
            "{street}, by the takeaways",
            "Late evenings, 22:00 to 01:00, mostly weekends",
            "Young adults in cars; residents above the shops",
        ),
    ],
    "crime": [
        (
            "Thefts from vans parked on {street}",
            "{street} and surrounding residential roads",
            "Overnight, 23:00 to 05:00",
            "Tradespeople's vans targeted for tools; offenders unknown",
        ),
        (
            "Shed and garage burglaries near {place}",
            "Gardens backing onto {place}",
            "Overnight, particularly at weekends",
            "Householders and allotment holders; bicycles and power tools taken",
        ),
        (
            "Shoplifting at the shops on {street}",
            "The parade on {street}",
            "Daytime, 10:00 to 16:00",
            "Small independent shops; repeat offenders known to staff",
        ),
    ],
    "drugs": [
        (
            "Drug dealing from cars at {place}",
            "{place}",
            "Evenings, 20:00 to midnight",
            "Dealers arriving by car; local young people drawn in",
        ),
        (
            "Cannabis smoking and discarded needles at {place}",
            "{place}, near {street}",
            "Afternoons and evenings",
            "Adults using the area; children and dog walkers exposed",
        ),
    ],
    "road_safety": [
        (
            "Speeding on {street}",
            "{street}, between the school and the junction",
            "School run (08:00 to 09:00, 15:00 to 16:00) and evenings",
            "Through traffic; pupils and parents crossing",
        ),
        (
            "Inconsiderate parking outside the school on {street}",
            "{street}, outside the primary school",
            "School days, 08:15 to 09:00 and 15:00 to 15:30",
            "Parents parking on the zig-zags; pupils crossing between cars",
        ),
    ],
    "environmental": [
        (
            "Fly-tipping behind {place}",
            "The lane behind {place}",
            "Mostly overnight and at weekends",
            "Household and trade waste dumped; residents and the council affected",
        ),
        (
            "Graffiti and criminal damage at {place}",
            "{place} and the walls along {street}",
            "Evenings and overnight",
            "Local young people suspected; businesses and the parish council affected",
        ),
    ],
    "other": [
        (
            "Rogue traders cold-calling on {street}",
            "{street} and the sheltered housing nearby",
            "Weekday mornings",
            "Older residents targeted by doorstep callers",
        ),
    ],
}

# What the team did, by the category of the priority it is reported against (issue 13: a
# parking priority is never answered with "drugs warrant executed").
UPDATES_BY_CATEGORY = {
    "asb": [
        "Extra high-visibility patrols carried out at the times reported",
        "Two warning letters issued under the ASB process",
        "Joint visit with the council's ASB officer completed",
        "Youth diversion session arranged with the youth service",
        "Section 35 dispersal order used on two occasions",
    ],
    "crime": [
        "Extra high-visibility patrols carried out at the times reported",
        "CCTV request submitted to the council",
        "Crime prevention leaflets delivered to the affected streets",
        "Offender identified and referred to the youth offending team",
    ],
    "drugs": [
        "Drugs warrant executed; two arrests made",
        "Intelligence from residents passed to the BCU drugs team",
        "Extra high-visibility patrols carried out at the times reported",
    ],
    "road_safety": [
        "Community Speed Watch session held with volunteers",
        "Overgrown hedges cut back by the housing association to improve sightlines",
        "Parking tickets issued with the council's civil enforcement officers",
        "Letters sent to the owners of vehicles seen parked on the zig-zags",
    ],
    "environmental": [
        "Fly-tipped waste removed by the council and evidence searched",
        "Graffiti removed by the council within a week of the report",
        "Council to install improved street lighting",
    ],
    "other": [
        "Crime prevention leaflets delivered to the affected streets",
        "Visits made to the older residents affected, with Trading Standards",
    ],
}
UPDATES = sorted({u for updates in UPDATES_BY_CATEGORY.values() for u in updates})


def lower_first(text: str) -> str:
    """``text`` to follow a colon mid-sentence: its first letter lower-cased unless the first
    word is an acronym ("CCTV ...") -- never the whole text, so "Queen Street" and "ASB" keep
    their capitals (issue 13)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


OUTCOME_TEXT = {
    "resolved": "Reports have fallen to none in the last month; the panel agreed the issue is "
    "resolved.",
    "partially_resolved": "Reports have roughly halved; the panel agreed to close the priority "
    "and keep watching.",
    "not_resolved": "Despite the work done, reports have not fallen; the problem has passed to "
    "the BCU tasking group.",
    "withdrawn": "The panel withdrew this priority after the premises closed.",
}

CONTACT_SUMMARIES = [
    "Resident reports youths on bikes riding on the pavement",
    "Request for a crime prevention visit after a shed break-in",
    "Complaint about cars parked on the zig-zags outside the school",
    "Asks when the next PACT meeting is",
    "Reports fly-tipping on the lane behind the shops",
    "Asks for an update on the speeding priority",
    "Concern about a vulnerable neighbour being visited by cold callers",
    "Reports a suspected cannabis farm in a rented house",
    "Thanks the team for their help with a neighbour dispute",
    "Reports graffiti on the bus shelter",
    "Asks how to join Neighbourhood Watch",
    "Complaint about noise from the takeaway late at night",
]
CONTACT_RESPONSES = [
    "Thank you for getting in touch. An officer will patrol the area this week.",
    "Thanks for letting us know. We have passed this to the council and will update you.",
    "The next meeting details are on our page; we hope to see you there.",
    "A PCSO will call to arrange a crime prevention visit.",
    "We have logged your report and added it to our patrol plan.",
]

KIN_ROLES = [
    "shopkeeper",
    "school governor",
    "faith leader",
    "Neighbourhood Watch co-ordinator",
    "parish councillor",
    "youth club leader",
    "publican",
    "residents' association chair",
    "postal worker",
    "community nurse",
]

EPIC_ACTIONS = {
    "enforcement": [
        "Targeted patrols at the hotspot at the reported times",
        "Apply for a closure order on the address",
        "Issue Community Protection Warnings to identified offenders",
        "Speed enforcement operation with the roads policing unit",
    ],
    "prevention": [
        "Council to install improved street lighting",
        "Housing association to fit secure gates to the alleyway",
        "Youth service to run diversionary sessions on Friday evenings",
        "Deliver crime prevention advice and property marking kits",
    ],
    "intelligence": [
        "Submit intelligence reports from house-to-house enquiries",
        "Review CCTV and identify vehicles involved",
        "Map incidents over the last 12 months to confirm the hotspot",
    ],
    "communication": [
        "Publish a 'you said, we did' update on the neighbourhood page",
        "Leaflet drop to residents of the affected streets",
        "Report progress to the next panel meeting",
    ],
}

# SARA plan content (the seed's minimum content of a plan, seeds/004 lines 7433-7468).
PLAN_OBJECTIVES = [
    "Reduce calls about the problem by half within 12 weeks, measured against the last quarter.",
    "No repeat incidents at the location for eight consecutive weeks by the next panel.",
    "Identify and engage every repeat offender within six weeks.",
    "Residents at the next PACT meeting report they feel safe using the area again.",
]
PLAN_DATA_SOURCES = [
    "Calls for service and recorded crime for the last 12 months; council ASB case log.",
    "Police incident data, housing association complaints and a door-to-door survey.",
    "CCTV review, fire service deliberate-fire records and street briefing notes.",
    "Recorded crime, intelligence reports and the council's fly-tipping reports.",
]
PLAN_RISKS = [
    "Low risk to officers; patrols in pairs after dark. No pursuits of young riders.",
    "Possible displacement to the next estate; monitor calls there weekly.",
    "Vulnerable young people involved: safeguarding referrals before enforcement.",
]
PLAN_IMPACTS = [
    "Businesses report lost trade; residents avoid the area after dark.",
    "Older residents feel unsafe; tension between neighbours is rising.",
    "Visible enforcement may strain trust with young people; youth service consulted.",
]
