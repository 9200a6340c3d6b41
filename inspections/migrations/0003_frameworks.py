"""The three inspection frameworks of DESIGN.md section 3, as data.

Every criterion is written in our own words; the facts come from the source named in its
``source_ref`` (a file under ../shared/, relative to the repository, and a line range).
Loading is idempotent (update or create by framework code and criterion code); reversing
removes the three frameworks again (refused by the database while inspections use them).

Thresholds of criteria with a metric, and what their number means, are explained in
``threshold_ref`` and in ``inspections/metrics.py``.
"""

from django.db import migrations

S000 = "seeds/000_c7035e1074614552.txt"
S004 = "seeds/004_9fc604fdf3343b13.txt"
N000 = "domain-notes/seed_000.md"
ANCHORS = "domain-notes/anchors.md"

# --- thresholds and where they come from -------------------------------------------------

ABSTRACTION_FORCE_DEFAULT = (
    "0.20",
    "Force.abstraction_limit default (DESIGN.md section 3): the Policing Pledge's 'at least "
    f"80 per cent' of time in the neighbourhood, {S000} lines 2678-2681; HMIC found policies "
    f"protecting 80% to 95%, {S000} lines 941-942.",
)
ALL_NEIGHBOURHOODS_MEET = (
    "1.0",
    "Every neighbourhood had a priority-setting meeting within Force.meeting_interval_days "
    "(default 90, DESIGN.md section 3). The 2008 Pledge asked for monthly meetings, "
    f"{S000} lines 2706-2709.",
)
ALL_PRIORITIES_UP_TO_DATE = (
    "1.0",
    "Every neighbourhood has a public priority set or reviewed within "
    "Force.priority_review_days (default 90, DESIGN.md section 3): reviews 'at least every 3 "
    f"months', {S004} lines 23154-23160.",
)
MOST_NEIGHBOURHOODS_3_TO_5 = (
    "0.8",
    f"Three to five priorities are recommended, with room for fewer or more ({S004} lines "
    "22942-22945), so not every neighbourhood must be in range: 0.8 is our reading, the same "
    "share as 'virtually all' in inspections.grading.",
)
ALL_PRIORITIES_PLANNED = (
    "1.0",
    f"Action plans for all identified priorities, {S004} lines 23058-23059.",
)
MOST_PLANS_ASSESSED = (
    "0.8",
    "Our reading ('virtually all', as in inspections.grading): HMIC asked forces for coherent "
    f"evaluation of problem solving, {S000} lines 1494-1495.",
)
ALL_CONTACTS_IN_TIME = (
    "1.0",
    "Every contact answered within Force.contact_response_hours (default 72, DESIGN.md "
    f"section 3): the Guarantee's 72-hour response, {ANCHORS} lines 291-292.",
)
ALL_NEIGHBOURHOODS_NAMED = (
    "1.0",
    f"A named officer for every neighbourhood: {S000} lines 67-68; the Guarantee, "
    f"{ANCHORS} line 290.",
)


def ref(path: str, first: int, last: int | None = None) -> str:
    return f"{path} lines {first}-{last or first}"


def looking(*texts: str) -> list[dict]:
    return [{"code": number, "text": text} for number, text in enumerate(texts, start=1)]


# --- hmic-2008 ---------------------------------------------------------------------------

NP = "Neighbourhood Policing"
CF = "Developing Citizen Focus Policing"
MEETING_STANDARD = "Meeting the standard"
EXCEEDING_STANDARD = "Exceeding the standard"

HMIC_2008 = {
    "code": "hmic-2008",
    "name": "HMIC 2008: Neighbourhood Policing and Developing Citizen Focus Policing",
    "source": (
        "HMIC thematic inspection of the 43 forces, 2008: specific grading criteria "
        f"({S000} lines 519-566)"
    ),
    "description": (
        "The criteria HMIC graded every force against in 2008, in two areas. A force met the "
        "standard of an area when it showed all of that area's 'meeting' criteria, and "
        "exceeded it when it also showed all of its 'exceeding' criteria. HMIC published no "
        "grade below 'meeting' in 2008; 'failing' is ours, for a force that does not show "
        "every 'meeting' criterion."
    ),
    "grades": ["exceeding", "meeting", "failing"],
    "criteria": [
        dict(
            code="NP-M1",
            theme=NP,
            area=MEETING_STANDARD,
            text=(
                "Neighbourhood policing is delivered to the same standard throughout the force: "
                "each neighbourhood has the staff it needs, engagement with the community "
                "works, and problem solving with partners is in place and counted in "
                "performance management."
            ),
            source_ref=f"{ref(S000, 521, 526)}; {ref(N000, 342, 345)}",
            metric="supervision_span",
            threshold="12",
            threshold_ref=(
                "Force.supervision_span_limit default (DESIGN.md section 3): HMIC's usual "
                f"supervision of one sergeant to 8 to 12 staff, {S000} lines 131-135."
            ),
        ),
        dict(
            code="NP-M2",
            theme=NP,
            area=MEETING_STANDARD,
            text=(
                "People surveyed feel the results of neighbourhood policing: the force's "
                "performance measures, statutory performance indicators and key diagnostic "
                "indicators are within the average of its most similar forces."
            ),
            source_ref=f"{ref(S000, 528, 531)}; {ref(N000, 346)}",
        ),
        dict(
            code="NP-M3",
            theme=NP,
            area=MEETING_STANDARD,
            text=(
                "Measures of satisfaction and confidence, for the force as a whole and for "
                "local areas, shape how services are delivered."
            ),
            source_ref=f"{ref(S000, 533, 534)}; {ref(N000, 347)}",
        ),
        dict(
            code="NP-M4",
            theme=NP,
            area=MEETING_STANDARD,
            text="The force can show plans that keep neighbourhood policing going in the long run.",
            source_ref=f"{ref(S000, 534, 535)}; {ref(N000, 348)}",
        ),
        dict(
            code="NP-E1",
            theme=NP,
            area=EXCEEDING_STANDARD,
            text="At least one statutory performance indicator shows marked results.",
            source_ref=f"{ref(S000, 537, 539)}; {ref(N000, 350)}",
        ),
        dict(
            code="NP-E2",
            theme=NP,
            area=EXCEEDING_STANDARD,
            text="The force tries new approaches to neighbourhood policing.",
            source_ref=f"{ref(S000, 540)}; {ref(N000, 351)}",
        ),
        dict(
            code="NP-E3",
            theme=NP,
            area=EXCEEDING_STANDARD,
            text="Other forces across the country look to this force as an example.",
            source_ref=f"{ref(S000, 541)}; {ref(N000, 352)}",
        ),
        dict(
            code="NP-E4",
            theme=NP,
            area=EXCEEDING_STANDARD,
            text="Neighbourhood policing is put into practice firmly enough to produce results.",
            source_ref=f"{ref(S000, 542)}; {ref(N000, 353)}",
        ),
        dict(
            code="CF-M1",
            theme=CF,
            area=MEETING_STANDARD,
            text=(
                "A citizen-focused culture is taking root across the force: it asks the people "
                "it serves for their views and acts on them, handles complaints about the "
                "quality of its service well, and checks that it keeps the National Quality of "
                "Service Commitment."
            ),
            source_ref=f"{ref(S000, 545, 550)}; {ref(N000, 357)}",
        ),
        dict(
            code="CF-M2",
            theme=CF,
            area=MEETING_STANDARD,
            text=(
                "Citizen focus is part of day-to-day operations: the force works to leave "
                "everyone it deals with with a good experience, and local satisfaction "
                "measures and locally agreed priorities are part of its performance management."
            ),
            source_ref=f"{ref(S000, 552, 555)}; {ref(N000, 358)}",
        ),
        dict(
            code="CF-M3",
            theme=CF,
            area=MEETING_STANDARD,
            text=(
                "At the least, the statutory performance indicators sit within the average of "
                "the most similar forces."
            ),
            source_ref=f"{ref(S000, 557)}; {ref(N000, 359)}",
        ),
        dict(
            code="CF-M4",
            theme=CF,
            area=MEETING_STANDARD,
            text=(
                "Where white and black and minority ethnic service users get different levels "
                "of service, the force can show what it does to understand the difference and "
                "reduce it."
            ),
            source_ref=f"{ref(S000, 557, 559)}; {ref(N000, 360)}",
        ),
        dict(
            code="CF-E1",
            theme=CF,
            area=EXCEEDING_STANDARD,
            text=(
                "The force breaks new ground in citizen focus, leads the field, and its "
                "initiatives have improved outcomes."
            ),
            source_ref=f"{ref(S000, 561, 564)}; {ref(N000, 362)}",
        ),
        dict(
            code="CF-E2",
            theme=CF,
            area=EXCEEDING_STANDARD,
            text=(
                "At least one statutory performance indicator is well above the average of the "
                "most similar forces."
            ),
            source_ref=f"{ref(S000, 566)}; {ref(N000, 363)}",
        ),
    ],
}

# --- npia-self-assessment ----------------------------------------------------------------

ACCESS, INFLUENCE, INTERVENTIONS, ANSWERS, REALITY = (
    "Access",
    "Influence",
    "Interventions",
    "Answers",
    "Reality checks",
)
PROFILE_AREA = "Raising the profile of the neighbourhood policing team"
PROFILES_AREA = "Neighbourhood profiles"
ENGAGING_AREA = "Engaging with the community: contacts, groups and places"
CONSULTING_AREA = "Consulting the community: finding its priorities"
SETTING_AREA = "Setting priorities"

NPIA_SELF_ASSESSMENT = {
    "code": "npia-self-assessment",
    "name": "NPIA self-assessment of a BCU or team",
    "source": (
        "NPIA practitioner guide to local policing, 'Assessing your BCU or team' "
        f"({S004} lines 22325-23363)"
    ),
    "description": (
        "A template for a BCU commander, with the teams and partners, to judge how well "
        "neighbourhood policing is delivered: questions under access, influence, "
        "interventions and answers, then reality checks made in the neighbourhoods. Each "
        "question is graded red, amber or green by how many of its looking-fors are met and "
        "whether anything serious is missing; each theme then gets an overall grade."
    ),
    "grades": ["green", "amber", "red"],
    "criteria": [
        # Access (lines 22408-22658)
        dict(
            code="ACC-Q1",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "How the team's names, contact details and work are made known to the public "
                "(with examples), and whether partners help with it."
            ),
            looking_fors=looking(
                "Posters are put up where local people will see them.",
                "Local media, such as newspapers and parish newsletters, carry pieces about "
                "the team.",
                "Team members hand out cards with their contact details.",
                "Team members give interviews to the media.",
                "The team goes to local meetings.",
                "The team holds street briefings.",
                "The team runs surgeries where people bring local problems.",
                "The team keeps in touch with the area's key people and organisations.",
                "Someone looks after keeping the team's web pages up to date.",
            ),
            source_ref=ref(S004, 22410, 22434),
        ),
        dict(
            code="ACC-Q2",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "How published information about the team is kept current: who is responsible, "
                "what is checked and how often."
            ),
            looking_fors=looking(
                "A named person is responsible for checking the team's published information.",
                "The team works with the force or area marketing staff on it.",
                "Every place the information appears is checked, not just some.",
                "The checks happen at least once a month.",
            ),
            source_ref=ref(S004, 22447, 22461),
        ),
        dict(
            code="ACC-Q3",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "What help the local or force communications or marketing officer gives in "
                "promoting neighbourhood policing."
            ),
            looking_fors=looking(
                "The team gets help from a communications or marketing officer, locally or "
                "from the force.",
                "The help is specific to the team and its area, not only general advice.",
                "The help covers all the promotion the team needs.",
            ),
            source_ref=ref(S004, 22465, 22473),
        ),
        dict(
            code="ACC-Q4",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "Whether team members get training and development made for the neighbourhood role."
            ),
            looking_fors=looking(
                "Team members are trained for the neighbourhood role specifically.",
                "The training reaches the whole team and the whole role, not a limited part.",
            ),
            source_ref=ref(S004, 22477, 22485),
        ),
        dict(
            code="ACC-Q5",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "Whether a policy keeps people on the teams long enough for continuity, "
                "whether the right people are recruited to the role, and whether posts are "
                "vacant."
            ),
            looking_fors=looking(
                "A policy protects the continuity of staff on neighbourhood teams.",
                "The people recruited to the role are suited to it.",
                "The team's posts are filled.",
            ),
            source_ref=ref(S004, 22489, 22498),
        ),
        dict(
            code="ACC-Q6",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "How often the assessor and the team's members are taken away from their "
                "neighbourhood to other duties."
            ),
            looking_fors=looking(
                "The assessor knows how often they themselves are taken away.",
                "How often each team member is taken away is recorded.",
                "Time taken away stays within the force's abstraction policy.",
            ),
            source_ref=ref(S004, 22505, 22512),
            metric="abstraction_rate",
            threshold=ABSTRACTION_FORCE_DEFAULT[0],
            threshold_ref=ABSTRACTION_FORCE_DEFAULT[1],
        ),
        dict(
            code="ACC-Q7",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "Whether public meetings to agree the neighbourhood's priorities are held "
                "regularly, so the team meets residents and partners; surgeries, street "
                "briefings and visits of a mobile police station can serve too."
            ),
            looking_fors=looking(
                "Public meetings to agree priorities take place.",
                "They are held at a regular, known interval.",
                "Attendance is counted and is reasonable.",
                "Other formats suited to the area (surgeries, street briefings, a mobile "
                "police station) are offered.",
            ),
            source_ref=ref(S004, 22514, 22531),
            metric="meeting_cadence",
            threshold=ALL_NEIGHBOURHOODS_MEET[0],
            threshold_ref=ALL_NEIGHBOURHOODS_MEET[1],
        ),
        dict(
            code="ACC-Q8",
            theme=ACCESS,
            area=PROFILE_AREA,
            text=(
                "Whether the force or BCU tells the public every month about progress and about "
                "local crime and policing, and what is done at local level."
            ),
            looking_fors=looking(
                "An update is published every month.",
                "It includes crime maps.",
                "It reports particular crimes and what happened to the people brought to "
                "justice for them.",
                "It says what police and partners are doing to make the area safer.",
                "It reports how the force is performing.",
                "Updates are also produced locally.",
            ),
            source_ref=ref(S004, 22533, 22549),
        ),
        dict(
            code="ACC-Q9",
            theme=ACCESS,
            area=PROFILES_AREA,
            text=(
                "Whether teams know what a neighbourhood profile is and how to use it: how it "
                "guides their work, whether partners' data goes into it, and whether others in "
                "the organisation use it."
            ),
            looking_fors=looking(
                "Team members can explain what a neighbourhood profile is.",
                "The profile shapes the team's engagement plans and activity.",
                "It directs day-to-day work at hotspots and places of high demand.",
                "It is used to follow signal crimes.",
                "Local issues captured in it feed the team's tasking.",
                "It is used actively to pick up wider issues that affect the area, such as "
                "prolific or young offenders and anti-social behaviour.",
                "Partners' data is used to build and maintain it.",
                "Other parts of the organisation use it.",
            ),
            source_ref=ref(S004, 22552, 22600),
        ),
        dict(
            code="ACC-Q10",
            theme=ACCESS,
            area=PROFILES_AREA,
            text=(
                "Whether new, emerging and hard-to-reach communities have been found and "
                "recorded in the profiles, and how; judged against which neighbourhoods would "
                "be expected to have them."
            ),
            looking_fors=looking(
                "New, emerging and hard-to-reach communities have been identified where they "
                "would be expected.",
                "They are recorded in the neighbourhood profiles.",
                "The methods used to find them can be described.",
            ),
            source_ref=ref(S004, 22602, 22619),
        ),
        dict(
            code="ACC-Q11",
            theme=ACCESS,
            area=PROFILES_AREA,
            text="How teams are briefed about their local community.",
            looking_fors=looking(
                "Briefings at the start of each day cover the community.",
                "Team meetings cover it.",
                "The neighbourhood profile is used to brief the team.",
                "Relevant intelligence is repeated to the team in briefings.",
            ),
            source_ref=ref(S004, 22633, 22644),
        ),
        # Influence (lines 22659-22974)
        dict(
            code="INF-Q1",
            theme=INFLUENCE,
            area=ENGAGING_AREA,
            text="Whether local engagement plans exist, and what information they are built on.",
            looking_fors=looking(
                "Engagement plans exist for the neighbourhoods.",
                "They draw on the community engagement guide.",
                "They draw on the neighbourhood profile.",
                "They use information from partners.",
                "Communities and particular groups were asked how best to engage with them.",
            ),
            source_ref=ref(S004, 22659, 22690),
        ),
        dict(
            code="INF-Q2",
            theme=INFLUENCE,
            area=ENGAGING_AREA,
            text=(
                "Whether more information is needed to develop the neighbourhood engagement "
                "plans, and which."
            ),
            looking_fors=looking(
                "The team has the information it needs to write its engagement plans.",
                "Any information still missing is named precisely.",
            ),
            source_ref=ref(S004, 22692, 22700),
        ),
        dict(
            code="INF-Q3",
            theme=INFLUENCE,
            area=ENGAGING_AREA,
            text=(
                "Whether community contacts and groups in the neighbourhoods have been "
                "identified, how, and where they are recorded."
            ),
            looking_fors=looking(
                "Community contacts and groups have been identified.",
                "Several routes were used to find them: local knowledge, community "
                "intelligence, engagement, surgeries, events and key stakeholders.",
                "Information from partners and from the force's communications centre was used.",
                "They are recorded in the neighbourhood profile or the engagement plan, not "
                "only locally.",
                "A list of key individuals is kept.",
            ),
            source_ref=ref(S004, 22703, 22727),
        ),
        dict(
            code="INF-Q4",
            theme=INFLUENCE,
            area=ENGAGING_AREA,
            text=(
                "Whether regular community meetings the team can join have been identified, "
                "how, where they are recorded, and which the team attends (with examples)."
            ),
            looking_fors=looking(
                "Regular community meetings the team can join have been identified.",
                "Several routes were used to find them, partners included.",
                "They are recorded in the neighbourhood profile or the engagement plan.",
                "The team attends them and can give examples.",
            ),
            source_ref=ref(S004, 22729, 22755),
        ),
        dict(
            code="INF-Q5",
            theme=INFLUENCE,
            area=ENGAGING_AREA,
            text=(
                "Whether contacts in partner organisations and agencies working in the "
                "neighbourhoods have been identified, and where they are recorded."
            ),
            looking_fors=looking(
                "Contacts in partner organisations and agencies have been identified.",
                "They are recorded in the engagement plan or the neighbourhood profile.",
            ),
            source_ref=ref(S004, 22758, 22770),
        ),
        dict(
            code="INF-Q6",
            theme=INFLUENCE,
            area=ENGAGING_AREA,
            text=(
                "Whether supervisors go and check in the neighbourhoods what the team tells them."
            ),
            looking_fors=looking(
                "Supervisors make their own checks in the neighbourhoods.",
                "What they find agrees with what the team reports.",
            ),
            source_ref=ref(S004, 22772, 22783),
        ),
        dict(
            code="INF-Q7",
            theme=INFLUENCE,
            area=CONSULTING_AREA,
            text="How the priorities of the community's different members are found out.",
            looking_fors=looking(
                "The public fill in priority forms.",
                "Community intelligence is submitted.",
                "What people say at meetings is used.",
                "Surgeries are used.",
                "Community events are used.",
                "Environmental visual audits (walking the area to note its problems) are "
                "carried out.",
                "Surveys are used.",
                "Other means suited to the area are used.",
            ),
            source_ref=ref(S004, 22785, 22801),
        ),
        dict(
            code="INF-Q8",
            theme=INFLUENCE,
            area=CONSULTING_AREA,
            text="How the effectiveness of engagement in the neighbourhoods is judged.",
            looking_fors=looking(
                "Feedback from local people.",
                "A count of contacts recorded against the engagement plans.",
                "A count of priority forms received.",
                "A comparison of engagement with the area's population make-up.",
                "Satisfaction survey results.",
                "A comparison of who was engaged with the neighbourhood profile.",
                "The views of key individuals.",
                "Other measures.",
            ),
            source_ref=ref(S004, 22804, 22817),
        ),
        dict(
            code="INF-Q9",
            theme=INFLUENCE,
            area=CONSULTING_AREA,
            text=(
                "How the team makes sure it consults and engages every group and community in "
                "its area, and whether it does so with partners."
            ),
            looking_fors=looking(
                "Feedback from local people is used.",
                "Contacts recorded against the engagement plans are counted.",
                "Engagement is compared with the area's population make-up.",
                "Satisfaction surveys are used.",
                "Who was engaged is compared with the neighbourhood profile.",
                "Key individuals are asked.",
                "Consultation and engagement are done together with partners.",
            ),
            source_ref=ref(S004, 22819, 22839),
        ),
        dict(
            code="INF-Q10",
            theme=INFLUENCE,
            area=CONSULTING_AREA,
            text="Whether community intelligence shows in, or changes, the team's work.",
            looking_fors=looking(
                "Neighbourhood profiles.",
                "Engagement plans.",
                "Setting priorities.",
                "Feedback to the public.",
                "National Intelligence Model products.",
                "Tasking.",
                "Communications material.",
                "Deployment plans.",
            ),
            source_ref=ref(S004, 22841, 22853),
        ),
        dict(
            code="INF-Q11",
            theme=INFLUENCE,
            area=CONSULTING_AREA,
            text=(
                "Whether the team visits the schools in its neighbourhoods, what it does "
                "there, whether it asks staff and pupils about their priorities, and where "
                "this is recorded."
            ),
            looking_fors=looking(
                "The team visits schools in its neighbourhoods.",
                "What the team does with schools can be described.",
                "Staff and pupils are asked about their priorities.",
                "The visits are recorded in the engagement plan.",
            ),
            source_ref=ref(S004, 22856, 22878),
        ),
        dict(
            code="INF-Q12",
            theme=INFLUENCE,
            area=SETTING_AREA,
            text=(
                "Whether teams hold regular public meetings to set priorities: their terms of "
                "reference, how often they meet, who attends so that they represent the "
                "community, where they are recorded, and how they hear what day-to-day "
                "engagement has found."
            ),
            looking_fors=looking(
                "Regular public meetings set the priorities.",
                "The meetings have agreed terms of reference.",
                "How often they meet is known.",
                "Those attending represent the community: people with local knowledge, "
                "Neighbourhood Watch, schools, residents' associations, community leaders, "
                "councillors.",
                "The meetings are recorded in the engagement plan or the neighbourhood profile.",
                "The meeting gets a written summary of the issues day-to-day engagement has "
                "found, not only a spoken update.",
            ),
            source_ref=ref(S004, 22880, 22924),
            metric="meeting_cadence",
            threshold=ALL_NEIGHBOURHOODS_MEET[0],
            threshold_ref=ALL_NEIGHBOURHOODS_MEET[1],
        ),
        dict(
            code="INF-Q13",
            theme=INFLUENCE,
            area=SETTING_AREA,
            text=(
                "Whether the current priorities came out of that process, how many each "
                "neighbourhood has, and where priorities, their updates and their outcomes "
                "are recorded."
            ),
            looking_fors=looking(
                "The current priorities were set through the public process.",
                "Each neighbourhood has about three to five current priorities, fewer or more "
                "where the area justifies it.",
                "Priorities are recorded in the engagement plan or the neighbourhood profile.",
                "Their updates and outcomes are recorded there too.",
            ),
            source_ref=ref(S004, 22927, 22957),
            metric="priorities_per_neighbourhood",
            threshold=MOST_NEIGHBOURHOODS_3_TO_5[0],
            threshold_ref=MOST_NEIGHBOURHOODS_3_TO_5[1],
        ),
        # Interventions (lines 22976-23192)
        dict(
            code="INT-Q1",
            theme=INTERVENTIONS,
            area="Joint problem solving",
            text=(
                "Whether groups for joint problem solving exist, who sits on them (which "
                "partners, whether residents), and how members were found and recruited."
            ),
            looking_fors=looking(
                "Joint problem-solving groups have been set up.",
                "Key partner agencies take part, such as the community safety officer, "
                "probation, youth workers, wardens and highways.",
                "Local councillors take part.",
                "Members of the community take part, Neighbourhood Watch included.",
                "Members were chosen for their expertise and local knowledge.",
                "Members were recruited by invitation or by publicising the group.",
            ),
            source_ref=ref(S004, 22977, 23012),
        ),
        dict(
            code="INT-Q2",
            theme=INTERVENTIONS,
            area="Joint problem solving",
            text=(
                "How often the problem-solving groups meet, and whether they use problem-"
                "solving techniques (with those that worked well)."
            ),
            looking_fors=looking(
                "The groups meet on a regular schedule, not rarely.",
                "Problem-solving techniques are used in the meetings.",
                "Techniques that worked well can be described.",
            ),
            source_ref=ref(S004, 23015, 23035),
        ),
        dict(
            code="INT-Q3",
            theme=INTERVENTIONS,
            area="Sharing and action planning",
            text=(
                "Whether teams pass their solutions on to other teams and people, and can see "
                "other teams' solutions."
            ),
            looking_fors=looking(
                "Teams share their solutions with other teams and individuals.",
                "Teams can get at other teams' solutions.",
            ),
            source_ref=ref(S004, 23037, 23053),
        ),
        dict(
            code="INT-Q4",
            theme=INTERVENTIONS,
            area="Sharing and action planning",
            text=(
                "Whether every identified priority has an action plan: where plans are "
                "recorded, who owns them, which problem-solving tools shape them, and how they "
                "are tasked and managed."
            ),
            looking_fors=looking(
                "Every identified priority has an action plan.",
                "Plans are recorded in the neighbourhood profile or a system the force chose.",
                "Ownership is clear, and partners or community members own some plans.",
                "Plans are built with a problem-solving method such as SARA or the problem "
                "analysis triangle.",
                "Plans are tasked and managed through a set mechanism: tasking documents, "
                "action lists or a local system.",
            ),
            source_ref=ref(S004, 23058, 23096),
            metric="priorities_with_plan",
            threshold=ALL_PRIORITIES_PLANNED[0],
            threshold_ref=ALL_PRIORITIES_PLANNED[1],
        ),
        dict(
            code="INT-Q5",
            theme=INTERVENTIONS,
            area="National Intelligence Model",
            text=(
                "How neighbourhood priorities reach the local tasking and co-ordination process."
            ),
            looking_fors=looking(
                "Neighbourhood priorities are a standing input to local tasking and co-ordination.",
                "The route from a neighbourhood priority to tasking can be described.",
            ),
            source_ref=ref(S004, 23098, 23104),
        ),
        dict(
            code="INT-Q6",
            theme=INTERVENTIONS,
            area="National Intelligence Model",
            text=(
                "Which intelligence products, such as problem profiles of local priorities, "
                "are readily available for problem solving, and whether partners' data is "
                "routinely used in them."
            ),
            looking_fors=looking(
                "Intelligence products are readily available to the teams.",
                "Problem profiles exist for locally identified priorities.",
                "Partners' data is available and routinely used in them.",
            ),
            source_ref=ref(S004, 23109, 23122),
        ),
        dict(
            code="INT-Q7",
            theme=INTERVENTIONS,
            area="Performance",
            text=(
                "How the work of the joint problem-solving groups is evaluated, how well the "
                "priority-setting and problem-solving groups are doing, and what stands in "
                "their way."
            ),
            looking_fors=looking(
                "Effectiveness is assessed at all.",
                "The view of the person who first complained is sought.",
                "Performance measures are used.",
                "Satisfaction data is used.",
                "Priorities are resolved to the satisfaction of the priority-setting meeting.",
                "What gets in the groups' way has been identified.",
            ),
            source_ref=ref(S004, 23124, 23145),
            metric="plans_assessed",
            threshold=MOST_PLANS_ASSESSED[0],
            threshold_ref=MOST_PLANS_ASSESSED[1],
        ),
        dict(
            code="INT-Q8",
            theme=INTERVENTIONS,
            area="Performance",
            text=(
                "How often priorities are reviewed and updated, and by whom; the interval may "
                "vary with the area and force policy, but the review should be shared, not "
                "held by the police team alone."
            ),
            looking_fors=looking(
                "Priorities are reviewed at least every three months.",
                "The priority-setting meeting reviews them with the team, not the police team "
                "alone.",
            ),
            source_ref=ref(S004, 23147, 23162),
            metric="priorities_up_to_date",
            threshold=ALL_PRIORITIES_UP_TO_DATE[0],
            threshold_ref=ALL_PRIORITIES_UP_TO_DATE[1],
        ),
        # Answers (lines 23194-23256)
        dict(
            code="ANS-Q1",
            theme=ANSWERS,
            area="Resolution",
            text="How, and by whom, it is decided and agreed that a priority has been resolved.",
            looking_fors=looking(
                "There is a set way of agreeing that a priority is resolved.",
                "The decision is not left to the police team alone.",
                "The priority-setting meeting takes the decision.",
                "The wider community has a say in it.",
            ),
            source_ref=ref(S004, 23195, 23211),
        ),
        dict(
            code="ANS-Q2",
            theme=ANSWERS,
            area="Feedback",
            text="How the outcomes of priorities are reported back to the wider community.",
            looking_fors=looking(
                "Team newsletters.",
                "Updates on the website.",
                "Posters where local people will see them.",
                "Pieces in local media such as newspapers and parish newsletters.",
                "Interviews with the media.",
                "The team at local meetings.",
                "Street briefings.",
                "Surgeries.",
                "Contact with the area's key people and organisations.",
                "Feedback is built into the local communication plans.",
            ),
            source_ref=ref(S004, 23213, 23228),
        ),
        dict(
            code="ANS-Q3",
            theme=ANSWERS,
            area="Feedback",
            text=(
                "Whether there is a communications strategy and plan shared with partners, "
                "and evidence that it works."
            ),
            looking_fors=looking(
                "A communications strategy shared with partners exists.",
                "A plan puts it into practice.",
                "There is evidence that it works in practice.",
            ),
            source_ref=ref(S004, 23231, 23242),
        ),
        # Reality checks (lines 23270-23362; why they matter: lines 22395-22407)
        dict(
            code="RC-WEBSITE",
            theme=REALITY,
            area="Website",
            text="Whether the website holds all it should, and whether that is current.",
            looking_fors=looking(
                "Search by postcode.",
                "The team's current members.",
                "Contact details.",
                "The current priorities.",
                "What is being done about them.",
                "Coming chances to meet the team.",
                "Photographs.",
                "Interactive features.",
            ),
            source_ref=ref(S004, 23270, 23286),
        ),
        dict(
            code="RC-CONTACT",
            theme=REALITY,
            area="Contact",
            text=(
                "Whether messages left for neighbourhood officers get a timely reply: emails "
                "answered, voicemails returned."
            ),
            looking_fors=looking(
                "An email to a neighbourhood officer is answered in good time.",
                "A voicemail left for a neighbourhood officer is returned in good time.",
            ),
            source_ref=ref(S004, 23288, 23294),
            metric="contact_responsiveness",
            threshold=ALL_CONTACTS_IN_TIME[0],
            threshold_ref=ALL_CONTACTS_IN_TIME[1],
        ),
        dict(
            code="RC-RESIDENTS",
            theme=REALITY,
            area="Residents",
            text=(
                "What a few residents visited at home say (three or four households tell a lot): "
                "do they know their officer, see patrols, know how to get in touch, get asked "
                "and told about priorities, feel safe, and do their worries match the "
                "neighbourhood's priorities?"
            ),
            looking_fors=looking(
                "They can name their neighbourhood officer, or would recognise them.",
                "They have seen an officer on patrol in the neighbourhood recently.",
                "They know how to get in touch with the team.",
                "They have been asked what their priorities are.",
                "They have heard what police and partners have done locally.",
                "They feel safe in the area.",
                "What worries them matches the neighbourhood's identified priorities.",
            ),
            source_ref=ref(S004, 23297, 23318),
        ),
        dict(
            code="RC-BUSINESSES",
            theme=REALITY,
            area="Businesses",
            text=(
                "What local businesses say, chosen among those an officer should have visited "
                "lately (a village-centre convenience shop, a city-centre takeaway): the same "
                "questions as for residents, and whether the team visits often and information "
                "flows both ways."
            ),
            looking_fors=looking(
                "They can name their neighbourhood officer, or would recognise them.",
                "The team visits often and information passes both ways.",
                "They have seen an officer on patrol in the neighbourhood recently.",
                "They know how to get in touch with the team.",
                "They have been asked what their priorities are.",
                "They have heard what police and partners have done locally.",
                "They feel safe in the area.",
                "What worries them matches the neighbourhood's identified priorities.",
            ),
            source_ref=ref(S004, 23320, 23345),
        ),
    ],
}

# --- np-guarantee-2025 -------------------------------------------------------------------

# Two of the Guarantee's five pillars are named in the notes (anchors.md lines 303 and 308);
# the other two themes below are our grouping of the remaining commitments.
BEAT = "Police back on the beat"
COMMUNITY_LED = "Community-led policing"

NP_GUARANTEE_2025 = {
    "code": "np-guarantee-2025",
    "name": "Neighbourhood Policing Guarantee (2025)",
    "source": f"Home Office, April 2025, as summarised in {ANCHORS} lines 288-311",
    "description": (
        "The commitments the government made in 2025 for neighbourhood policing in England "
        "and Wales. Each is met or not."
    ),
    "grades": ["meeting", "failing"],
    "criteria": [
        dict(
            code="NPG-1",
            theme=COMMUNITY_LED,
            text="Every community has officers it knows by name and can contact.",
            source_ref=f"{ref(ANCHORS, 290)}; {ref(ANCHORS, 308, 309)}",
            metric="named_officer_coverage",
            threshold=ALL_NEIGHBOURHOODS_NAMED[0],
            threshold_ref=ALL_NEIGHBOURHOODS_NAMED[1],
        ),
        dict(
            code="NPG-2",
            theme=COMMUNITY_LED,
            text=(
                "Questions about the neighbourhood get a real answer within 72 hours, and "
                "there is a way to complain when they do not."
            ),
            source_ref=ref(ANCHORS, 291, 292),
            metric="contact_responsiveness",
            threshold=ALL_CONTACTS_IN_TIME[0],
            threshold_ref=ALL_CONTACTS_IN_TIME[1],
        ),
        dict(
            code="NPG-3",
            theme=COMMUNITY_LED,
            text="Beat meetings are held regularly, where people raise concerns and priorities.",
            source_ref=ref(ANCHORS, 293),
            metric="meeting_cadence",
            threshold=ALL_NEIGHBOURHOODS_MEET[0],
            threshold_ref=ALL_NEIGHBOURHOODS_MEET[1],
        ),
        dict(
            code="NPG-4",
            theme=COMMUNITY_LED,
            text="Local priorities, and how to have a say in them, are online and kept current.",
            source_ref=f"{ref(ANCHORS, 294)}; {ref(ANCHORS, 308, 310)}",
            metric="priorities_up_to_date",
            threshold=ALL_PRIORITIES_UP_TO_DATE[0],
            threshold_ref=(
                "Every neighbourhood has a public priority set or reviewed within "
                "Force.priority_review_days (default 90, DESIGN.md section 3): the Guarantee's "
                f"measure of priorities updated in the last 3 months, {ANCHORS} lines 308-309."
            ),
        ),
        dict(
            code="NPG-5",
            theme="Anti-social behaviour",
            text="The force has a named lead for anti-social behaviour and a plan to tackle it.",
            source_ref=ref(ANCHORS, 295),
        ),
        dict(
            code="NPG-6",
            theme=BEAT,
            text="Patrols in town centres and hot spots are stepped up at the busiest times.",
            source_ref=ref(ANCHORS, 296),
        ),
        dict(
            code="NPG-7",
            theme=BEAT,
            text=(
                "Neighbourhood teams spend more than half their time in the communities they serve."
            ),
            source_ref=f"{ref(ANCHORS, 297)}; {ref(ANCHORS, 303, 307)}",
            metric="abstraction_rate",
            threshold="0.50",
            threshold_ref=(
                f"'The majority of their time in their communities' ({ANCHORS} line 297): "
                "abstraction at most half of working hours (exactly half counts as met). The "
                "force's own limit (default 0.20) is stricter and is on the dashboards."
            ),
        ),
        dict(
            code="NPG-8",
            theme="Workforce and training",
            text=(
                "More officers, PCSOs and special constables in neighbourhoods: 3,000 more "
                "nationally by 31 March 2026 and 13,000 by 2029."
            ),
            source_ref=ref(ANCHORS, 298),
        ),
        dict(
            code="NPG-9",
            theme="Workforce and training",
            text=(
                "Neighbourhood officers follow the College of Policing's Neighbourhood Policing "
                "Pathway training (from June 2025)."
            ),
            source_ref=ref(ANCHORS, 299),
        ),
    ],
}

FRAMEWORKS = [HMIC_2008, NPIA_SELF_ASSESSMENT, NP_GUARANTEE_2025]


def load_frameworks(apps, schema_editor):
    """Create or update the three frameworks and their criteria (safe to run again)."""
    Framework = apps.get_model("inspections", "Framework")
    Criterion = apps.get_model("inspections", "Criterion")
    for data in FRAMEWORKS:
        framework, _ = Framework.objects.update_or_create(
            code=data["code"],
            defaults={key: data[key] for key in ("name", "source", "description", "grades")},
        )
        for order, item in enumerate(data["criteria"], start=1):
            Criterion.objects.update_or_create(
                framework=framework,
                code=item["code"],
                defaults={
                    "order": order,
                    "theme": item["theme"],
                    "area": item.get("area", ""),
                    "text": item["text"],
                    "looking_fors": item.get("looking_fors", []),
                    "source_ref": item["source_ref"],
                    "metric": item.get("metric", ""),
                    "threshold": item.get("threshold"),
                    "threshold_ref": item.get("threshold_ref", ""),
                },
            )


def unload_frameworks(apps, schema_editor):
    """Remove the three frameworks (the database refuses while an inspection uses one)."""
    Framework = apps.get_model("inspections", "Framework")
    Criterion = apps.get_model("inspections", "Criterion")
    codes = [data["code"] for data in FRAMEWORKS]
    Criterion.objects.filter(framework__code__in=codes).delete()
    Framework.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_criterion_looking_fors_grades")]

    operations = [migrations.RunPython(load_frameworks, unload_frameworks)]
