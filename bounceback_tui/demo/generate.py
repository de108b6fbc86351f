"""A realistic synthetic job hunt, for demos and benchmarks.

`generate_hunt(store)` fills an empty database with applications and their histories,
reflections on some of the no's, wins and growth actions, in one write transaction with bulk
Core inserts. Everything comes from `random.Random(seed)` and `now`: the same seed and the
same `now` give the same rows, byte for byte. Days (follow-ups, due days) are UTC days, so
the output does not depend on the machine's time zone.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Generic, TypeVar


from ..domain.stages import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    FORWARD_PATH,
    FORWARD_RANK,
    NO_STAGES,
    YES_STAGES,
)
from ..store.errors import InvalidInput
from ..store import bulk
from ..store.models import search_text, summary_columns
from ..store.records import ACTION_KINDS

if TYPE_CHECKING:
    from ..store.service import Store

T = TypeVar("T")


class _Weighted(Generic[T]):
    """Items with weights, drawn like `Random.choices` but without rebuilding the
    cumulative weights on every draw (a big hunt draws ~100,000 times)."""

    __slots__ = ("cum", "hi", "items", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        listed = list(pairs)
        self.items = [item for item, _ in listed]
        self.cum = list(accumulate(weight for _, weight in listed))
        self.total = self.cum[-1]
        self.hi = len(self.items) - 1

    def pick(self, rng: random.Random) -> T:
        """One item, at random by weight."""
        return self.items[bisect(self.cum, rng.random() * self.total, 0, self.hi)]


# --- pools ---------------------------------------------------------------------------------

COMPANIES: tuple[str, ...] = (
    "Brightloom", "Quillfeather", "Copperline Logistics", "Harborlight Studio",
    "Mossgrove Energy", "Pinecrest Data", "Bluefinch Software", "Driftwood Analytics",
    "Saltmarsh Bio", "Ironbark Systems", "Fernhollow", "Orchardly", "Cinderpath Games",
    "Wrenfield Capital", "Marigold Health", "Stonebridge Payments", "Larkspur AI",
    "Tallgrass Robotics", "Cobalt Meadow", "Foxglove Learning", "Juniper Reach", "Kitefin",
    "Lumenvale", "Northpine Labs", "Oakmoss", "Pebblewise", "Quarry Point Media",
    "Riverstone Mobility", "Silverbirch Security", "Thistledown", "Umberfield", "Vellum & Vine",
    "Willowbank Insurance", "Yellowpine", "Zephyrine", "Amberwell", "Beaconfold", "Clovermint",
    "Dapplegray", "Emberlight Media", "Fablework", "Glasswing Health", "Hollowreed",
    "Inkwell Cloud", "Jadeport", "Kindlewood", "Lodemark Freight", "Millbrook Foods",
    "Nimbleroot", "Otterpath", "Parchment Labs", "Quietwater", "Redpoll Travel",
    "Seaglass Commerce", "Tinderbox Studio", "Upland Climate", "Verdant Loop", "Windrose Maps",
    "Yarrow Bank", "Zinnia Care", "Alderbrook", "Brambleworks", "Canopy Street",
    "Dovetail Forms", "Elmstead Legal", "Fieldnote", "Greylag Networks", "Heathermoor",
    "Ivywell", "Jetsam Labs", "Knotgrass", "Littlefern Retail", "Meadowlark Finance",
    "Nettlefield", "Oriole Health", "Pennyroyal", "Rookery Labs", "Sparrowmark", "Teasel Data",
    "Underleaf", "Vireo Systems", "Wavelet Audio", "Yewtree Analytics", "Ashgrove Robotics",
    "Birchlight", "Coralroot", "Duneland Solar", "Everfold", "Gannet Shipping",
    "Hazelpath Health", "Inchcape Grid", "Marrowbone Games", "Nightjar Security", "Oxbow Civic",
    "Puffin Payroll", "Rushlight Learning", "Skylark Ledger", "Tamarisk Travel",
    "Whinchat Works", "Bellwether & Hart",
)
"""Invented names (~100): plausible, not real companies."""

NEIGHBOURS = {"engineering": "ops", "ops": "engineering", "data": "engineering",
              "design": "product", "product": "design"}
"""A hunt leans on one family of roles, looks at a neighbouring one, rarely elsewhere."""
ROLES: tuple[tuple[str, str], ...] = (
    ("Backend Engineer", "engineering"),
    ("Senior Backend Engineer", "engineering"),
    ("Staff Backend Engineer", "engineering"),
    ("Junior Backend Developer", "engineering"),
    ("Frontend Engineer", "engineering"),
    ("Senior Frontend Engineer", "engineering"),
    ("Full-Stack Developer", "engineering"),
    ("Senior Full-Stack Engineer", "engineering"),
    ("iOS Engineer", "engineering"),
    ("Android Developer", "engineering"),
    ("Lead Software Engineer", "engineering"),
    ("Principal Engineer", "engineering"),
    ("Engineering Manager", "engineering"),
    ("QA Automation Engineer", "engineering"),
    ("Developer Advocate", "engineering"),
    ("Platform Engineer", "ops"),
    ("Senior Platform Engineer", "ops"),
    ("Site Reliability Engineer", "ops"),
    ("DevOps Engineer", "ops"),
    ("Cloud Infrastructure Engineer", "ops"),
    ("Security Engineer", "ops"),
    ("IT Operations Specialist", "ops"),
    ("Support Engineer", "ops"),
    ("Data Analyst", "data"),
    ("Senior Data Analyst", "data"),
    ("Data Engineer", "data"),
    ("Senior Data Engineer", "data"),
    ("Analytics Engineer", "data"),
    ("Data Scientist", "data"),
    ("Machine Learning Engineer", "data"),
    ("Product Designer", "design"),
    ("Senior Product Designer", "design"),
    ("UX Researcher", "design"),
    ("UI Designer", "design"),
    ("Design Systems Lead", "design"),
    ("Product Manager", "product"),
    ("Senior Product Manager", "product"),
    ("Associate Product Manager", "product"),
    ("Technical Program Manager", "product"),
    ("Product Operations Manager", "product"),
    ("Technical Writer", "product"),
    ("Solutions Engineer", "product"),
)
"""Titles with seniority, each in a family; a hunt leans towards one family."""

SOURCES: tuple[tuple[str, float, float], ...] = (
    # (source, how often, how much more often it leads to a screening)
    ("LinkedIn", 30, 0.9),
    ("company site", 18, 1.0),
    ("job board", 15, 0.75),
    ("recruiter", 12, 1.4),
    ("referral", 10, 1.8),
    ("newsletter", 4, 1.0),
    ("former colleague", 4, 1.6),
    ("community Slack", 3, 1.2),
    ("meetup", 3, 1.3),
    ("conference", 2, 1.2),
)

CITIES: tuple[tuple[str, float], ...] = (
    ("Berlin", 6), ("London", 6), ("Amsterdam", 4), ("New York", 4), ("Lisbon", 3),
    ("Dublin", 3), ("Toronto", 3), ("Austin", 2), ("Stockholm", 2), ("Barcelona", 2),
    ("Copenhagen", 2), ("Manchester", 2), ("Munich", 2), ("Melbourne", 1), ("Edinburgh", 1),
)
REMOTE: tuple[tuple[str, float], ...] = (
    ("Remote", 6), ("Remote (Europe)", 2), ("Remote (US time zones)", 1),
)

APPLICATION_NOTES: tuple[str, ...] = (
    "Salary band is listed and looks fair",
    "Four-day week mentioned in the ad",
    "They asked for a portfolio link",
    "Small team, about twelve people",
    "Visa sponsorship possible",
    "Stack: Python and Postgres",
    "Stack: TypeScript, React, Go",
    "Mission I care about",
    "Hybrid, two days in the office",
    "Cover letter required",
    "Posted two weeks ago",
    "Recruiter reached out first",
    "Take-home task expected",
    "Good reviews from people who work there",
    "Part-time possible",
    "Found it through a friend's post",
    "Role was reposted, maybe a second try",
    "Parental leave policy looks generous",
    "Contract to start, permanent after six months",
    "They list a clear interview process",
)

PEOPLE = ("Sam", "Priya", "Tomás", "Aiko", "Jonas", "Leila", "Noor", "Mateo", "Grace", "Femi")

EVENT_NOTES: dict[str, tuple[str, ...]] = {
    "saved": ("Looks interesting", "Apply this week", "Check with Sam first", "Bookmarked"),
    "applied": ("Sent with cover letter", "Applied through their form", "Résumé v3",
                "Referral sent my CV", "Quick apply"),
    "screening": ("Recruiter call booked", "Phone screen with the recruiter",
                  "Intro call with the hiring manager", "Short video call"),
    "interviewing": ("Technical interview", "Panel with the team", "Take-home task sent",
                     "Final round on site", "Pairing session", "Portfolio review"),
    "offer": ("Verbal offer, written to follow", "Offer letter arrived",
              "Offer call with the manager"),
    "accepted": ("Signed!", "Start date agreed", "Said yes"),
    "declined": ("Salary too low", "Took another offer", "Commute was too long",
                 "Team did not feel right"),
    "rejected": ("Form email", "Kind note from the recruiter", "They chose an internal candidate",
                 "Position filled", "They went with someone more senior", "Rejected after review",
                 "Role closed"),
    "ghosted": ("No reply after follow-up", "Silence since applying", "Followed up twice",
                "No answer after the interview"),
    "withdrawn": ("Not the right fit after all", "Took myself out of the process",
                  "Relocation needed", "Pay was below my floor"),
}

FEELINGS = ("frustrated", "sad", "embarrassed", "doubting", "replaying it", "disappointed",
            "tired", "anxious", "angry", "numb", "relieved", "hopeful")
REASONS = ("not the right role", "they needed something else", "someone with more experience",
           "internal candidate", "hiring manager changed their mind", "hiring freeze",
           "not sure")
MISMATCHES = ("culture", "role", "team", "values")

REASON_TEXTS = (
    "The ad asked for five years with their exact tools; I have three.",
    "They paused hiring the week after my interview.",
    "The recruiter said the role changed shape halfway through.",
    "I think they wanted someone who had done this job before.",
    "Honestly, I don't know, and that's okay.",
    "Someone inside the company moved into the role.",
    "The team was reorganised while I was in the process.",
)
FEEDBACK_TEXTS = (
    "They wanted more hands-on experience with cloud infrastructure.",
    "Strong communication, but they picked someone who had led a team before.",
    "They liked the take-home but hoped for more tests.",
    "The panel enjoyed talking with me; it came down to domain experience.",
    "They said to apply again next year when the team grows.",
    "More depth on system design would have helped.",
    "My portfolio was good; they needed more research work in it.",
)
WENT_WELL = (
    "I kept my answers short and clear.",
    "I asked good questions about the team.",
    "The technical part felt calm and steady.",
    "I prepared well and it showed.",
    "I told the story of my last project with real numbers.",
    "I stayed kind to myself while waiting.",
    "I got further than last time.",
    "I was honest about what I don't know yet.",
    "The recruiter and I had a genuinely nice chat.",
)
DO_DIFFERENTLY = (
    "Practise the take-home timing beforehand.",
    "Prepare two stories about handling disagreement.",
    "Ask about the team's day-to-day earlier.",
    "Slow down before answering design questions.",
    "Research the product more before the first call.",
    "Follow up a week after applying instead of waiting.",
    "Say my salary range clearly at the start.",
    "Sleep properly the night before.",
)
TAUGHT_ME = (
    "I care more about the team than the tech stack.",
    "I still show up, even on hard days.",
    "I like roles where I talk to users.",
    "One no is information, not a verdict.",
    "I need more space between interviews.",
    "I'm better at explaining my work than I thought.",
    "Fast-moving startups stress me out; that's useful to know.",
    "I want a manager who gives clear feedback.",
)
ALIGNMENT_TEXTS = (
    "They wanted five days in the office; I work best with some remote days.",
    "The role was mostly maintenance; I want to build new things.",
    "Their pace sounded exhausting, so maybe this saved me from a bad fit.",
    "The team seemed lovely, the product less so.",
    "I wasn't excited about the mission, and they probably noticed.",
    "Lots of on-call; I'd rather not right now.",
)
DIRECTION_TEXTS = (
    "Smaller teams with a clear product focus.",
    "Roles where I can mentor someone.",
    "Companies that publish their salary bands.",
    "More data work, less dashboard building.",
    "Remote-first places with overlapping hours.",
    "Mid-level roles where I can grow, not only senior ones.",
    "Health and climate companies feel right to me.",
)
NEXT_STEPS = (
    "Send two applications tomorrow.",
    "Take the evening off and go for a walk.",
    "Ask {person} for a mock interview.",
    "Update the résumé with the new project.",
    "Write a thank-you note to the recruiter.",
    "Look at the roles {person} sent me.",
    "Rest today, plan the week tomorrow.",
    "Reply to the recruiter from last week.",
)

ACTION_TEXTS: dict[str, tuple[str, ...]] = {
    "skill": ("Finish two chapters of the SQL course", "Practise one system design question a day",
              "Do three timed coding exercises", "Learn the basics of Terraform",
              "Build a small project with a new framework", "Review accessibility guidelines",
              "Read up on product metrics"),
    "résumé/portfolio": ("Rewrite the résumé summary in plain words",
                         "Add numbers to my last two roles on the CV",
                         "Write up one portfolio case study", "Ask {person} to review my résumé",
                         "Refresh my LinkedIn headline", "Record a short demo of my side project"),
    "freelance/volunteer": ("Offer a day a week to a local charity's website",
                            "Take a small freelance data clean-up job",
                            "Help out at the next community meetup",
                            "Mentor a beginner for an hour"),
    "network": ("Message two former colleagues to catch up", "Ask {person} for a referral",
                "Go to the next meetup and talk to one new person",
                "Thank the recruiter at {company} and keep in touch",
                "Reply to the alumni group thread", "Have coffee with {person}"),
    "other": ("Take a full day off from applications", "Set up a weekly review on Fridays",
              "Sort my job-hunt notes", "Plan the week on Sunday evening"),
}
ACTION_KIND_WEIGHTS = (30, 25, 8, 25, 12)  # in the order of ACTION_KINDS

WIN_MOMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "screening": (("Got a reply from {company}!", "progress"),
                  ("{company} wants a first call", "progress"),
                  ("The {company} recruiter said my profile stood out", "kind words")),
    "interviewing": (("Through to interviews at {company}", "progress"),
                     ("Made it to the final round at {company}", "achievement"),
                     ("The {company} interviewer said they enjoyed our chat", "kind words")),
    "offer": (("Offer from {company}!", "achievement"),),
}
WIN_GENERAL: tuple[tuple[str, str], ...] = (
    ("Finished the SQL course I started last month", "achievement"),
    ("Sent five applications this week without dreading it", "progress"),
    ("Rewrote my résumé summary and I like it", "progress"),
    ("{person} offered to refer me", "kind words"),
    ("Shipped a small open-source fix", "achievement"),
    ("Kept my morning routine all week", "progress"),
    ("Gave a lightning talk at a meetup", "achievement"),
    ("Finished a portfolio case study", "achievement"),
    ("Mock interview with {person} went really well", "progress"),
    ("A former manager wrote me a lovely recommendation", "kind words"),
    ("Went for a walk instead of refreshing my inbox", "progress"),
    ("{person} said my cover letter was the clearest they'd read", "kind words"),
)

# (low, mode, high) days between two stages
GAPS: dict[tuple[str, str], tuple[float, float, float]] = {
    ("saved", "applied"): (0, 2, 14),
    ("applied", "screening"): (3, 6, 15),
    ("applied", "rejected"): (1, 7, 35),
    ("applied", "ghosted"): (10, 21, 45),
    ("applied", "withdrawn"): (2, 7, 25),
    ("screening", "interviewing"): (3, 7, 16),
    ("screening", "rejected"): (1, 4, 12),
    ("screening", "ghosted"): (14, 21, 45),
    ("screening", "withdrawn"): (1, 5, 14),
    ("interviewing", "offer"): (5, 12, 28),
    ("interviewing", "rejected"): (2, 6, 18),
    ("interviewing", "ghosted"): (14, 25, 50),
    ("interviewing", "withdrawn"): (1, 6, 20),
    ("offer", "accepted"): (1, 4, 12),
    ("offer", "declined"): (1, 5, 14),
    ("ghosted", "rejected"): (10, 30, 90),
    ("ghosted", "screening"): (5, 15, 40),
}
# where a history goes next, with weights (screening's weight is scaled by the source)
NEXT: dict[str, tuple[tuple[str, float], ...]] = {
    "applied": (("ghosted", 40), ("rejected", 26), ("withdrawn", 3), ("screening", 31)),
    "screening": (("rejected", 40), ("ghosted", 10), ("withdrawn", 8), ("interviewing", 42)),
    "interviewing": (("rejected", 56), ("ghosted", 10), ("withdrawn", 10), ("offer", 24)),
    "offer": (("accepted", 25), ("declined", 75)),
}
OFFICE_STAGES = frozenset({"screening", "interviewing", "offer", "rejected"})
"""Stages that arrive from the company, in office hours on weekdays (mostly)."""

OFFICE_HOURS = (8, 9, 9, 10, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17, 18)
ANY_HOURS = (7, 8, 9, 10, 12, 13, 17, 18, 19, 20, 20, 21, 21, 22, 23)

SOURCE_POOL = _Weighted((source, weight) for source, weight, _ in SOURCES)
REMOTE_POOL = _Weighted(REMOTE)
NEXT_POOLS = {
    (source, stage): _Weighted(
        (following, weight * (boost if following == "screening" else 1.0))
        for following, weight in options
    )
    for source, _, boost in SOURCES
    for stage, options in NEXT.items()
}
FEELING_POOL = _Weighted(
    (feeling, 0.25 if feeling in ("relieved", "hopeful", "numb") else 1.0) for feeling in FEELINGS
)
ACTION_KIND_POOL = _Weighted(zip(ACTION_KINDS, ACTION_KIND_WEIGHTS, strict=True))
FEELING_COUNT = _Weighted(((1, 3), (2, 4), (3, 2)))
# how far through the method a saved reflection goes: feelings only, up to step 4, all
DEPTH = _Weighted(((1, 2), (2, 3), (3, 5)))
MOOD_LIFT = _Weighted(((0, 3), (1, 5), (2, 2)))
MOOD_BEFORE = {
    kind: _Weighted(zip((1, 2, 3, 4, 5), weights, strict=True))
    for kind, weights in (("interviewing", (30, 35, 25, 8, 2)),
                          ("screening", (18, 37, 32, 10, 3)),
                          ("applied", (8, 27, 42, 18, 5)))
}
GHOST_FEEDBACK = _Weighted((("not asked", 7), ("asked", 3)))
EARLY_FEEDBACK = _Weighted((("not asked", 6), ("asked", 2), ("received", 1), ("declined", 1)))
FEEDBACK = _Weighted((("not asked", 4), ("asked", 2), ("received", 3), ("declined", 1)))
REFLECTION_CHANCE = {"applied": 0.33, "screening": 0.5, "interviewing": 0.65, "ghosted": 0.33}


@dataclass(frozen=True)
class GenerateReport:
    """How many rows `generate_hunt` wrote."""

    applications: int
    events: int
    reflections: int
    wins: int
    actions: int


def generate_hunt(
    store: Store, *, applications: int = 300, seed: int = 0, now: datetime | None = None
) -> GenerateReport:
    """Fill an empty database with a synthetic job hunt of `applications` applications
    ending at `now` (default: the current instant). Same seed and same `now`, same rows.

    Refuses (InvalidInput) a database that already has applications, a negative count and
    a naive `now`. Nothing is dated after `now`.
    """
    if isinstance(applications, bool) or not isinstance(applications, int) or applications < 0:
        raise InvalidInput("applications must be a whole number, 0 or more")
    if now is None:
        import pendulum

        now = pendulum.now("UTC")
    if now.tzinfo is None or now.utcoffset() is None:
        raise InvalidInput("now needs a time zone (naive datetimes are refused)")
    n = now.astimezone(UTC)
    end = datetime(n.year, n.month, n.day, n.hour, n.minute, n.second, n.microsecond, tzinfo=UTC)

    def build(first_ids: dict[str, int]) -> bulk.Rows:
        hunt = _Hunt(random.Random(seed), end, first_ids)
        hunt.build(applications)
        return {"applications": hunt.applications, "stage_events": hunt.events,
                "reflections": hunt.reflections, "growth_actions": hunt.actions,
                "wins": hunt.wins}

    rows = bulk.fill_empty(store, build)
    return GenerateReport(*(len(rows[table]) for table in (
        "applications", "stage_events", "reflections", "wins", "growth_actions")))


def span_days(applications: int) -> int:
    """How many days a hunt of this size spans: ~6 months for 300, ~3 years for 10,000."""
    if applications <= 0:
        return 0
    return max(28, min(4 * 365, round(182 * (applications / 300) ** 0.51)))


@dataclass
class _App:
    """One application while it is being built."""

    company: str
    role: str
    source: str
    location: str
    events: list[tuple[str, datetime, str]]


class _Hunt:
    """Builds the rows of one hunt; every random draw comes from `rng`, in a fixed order."""

    def __init__(self, rng: random.Random, now: datetime, first_ids: dict[str, int]) -> None:
        self.rng = rng
        self.now = now
        self.first_ids = first_ids
        self.applications: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.reflections: list[dict[str, Any]] = []
        self.wins: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []

    # --- the whole hunt --------------------------------------------------------------------

    def build(self, count: int) -> None:
        if count == 0:
            return
        rng = self.rng
        focus = rng.choice(tuple(NEIGHBOURS))
        role_weights = [10.0 if family == focus else 3.0 if family == NEIGHBOURS[focus] else 0.3
                        for _, family in ROLES]
        company_weights = [1.0 / (rank + 3) ** 0.6 for rank in range(len(COMPANIES))]
        companies = list(COMPANIES)
        rng.shuffle(companies)  # which companies come up often differs by seed
        company_pool = _Weighted(zip(companies, company_weights, strict=True))
        role_pool = _Weighted(
            (title, w) for (title, _), w in zip(ROLES, role_weights, strict=True))
        city_pool = _Weighted(CITIES)
        cities = {name: city_pool.pick(rng) for name in companies}
        starts = self._arrivals(count)
        last_used: dict[str, datetime] = {}
        apps: list[_App] = []
        for start in starts:
            company = company_pool.pick(rng)
            for _ in range(2):  # rarely twice at one company within two weeks
                if start - last_used.get(company, start - timedelta(days=99)) > timedelta(14):
                    break
                company = company_pool.pick(rng)
            last_used[company] = start
            role = role_pool.pick(rng)
            source = SOURCE_POOL.pick(rng)
            if rng.random() < 0.55:
                location = REMOTE_POOL.pick(rng)
            else:
                location = cities[company]
                if rng.random() < 0.2:
                    location = f"Hybrid — {location}"
            app = _App(company, role, source, location, [])
            self._history(app, start)
            apps.append(app)
        self._ensure_an_offer(apps)
        self._rows(apps)
        self._reflections(apps)
        self._standalone_actions(count, starts[0])
        self._wins(apps, count, starts[0])

    def _arrivals(self, count: int) -> list[datetime]:
        """The first instant of each application: weekdays busier than weekends, busy
        weeks and quiet ones, a few breaks; sorted, all before now."""
        rng = self.rng
        days = span_days(count)
        today = self.now.date()
        first = today - timedelta(days=days)
        weights: list[float] = []
        level = 1.0
        week_factor = 1.0
        for i in range(days + 1):
            day = first + timedelta(days=i)
            if i % 7 == 0:
                level = min(2.0, max(0.4, level * math.exp(rng.gauss(0, 0.3))))
                week_factor = 0.08 if rng.random() < 0.05 else level
            weekday = day.weekday()
            weights.append(week_factor * (1.0, 1.0, 1.0, 0.95, 0.8, 0.25, 0.35)[weekday])
        picks = rng.choices(range(days + 1), weights, k=count)
        starts: list[datetime] = []
        midnight = datetime(first.year, first.month, first.day, tzinfo=UTC)
        for offset in picks:
            at = midnight + timedelta(
                days=offset, hours=rng.choice(ANY_HOURS), minutes=rng.randrange(60),
                seconds=rng.randrange(60),
            )
            if at >= self.now:
                at = self.now - timedelta(seconds=rng.randint(60, 6 * 3600))
            starts.append(at)
        starts.sort()
        return starts

    # --- one application's history ---------------------------------------------------------

    def _history(self, app: _App, start: datetime) -> None:
        rng = self.rng
        events = app.events
        at = start
        if rng.random() < 0.15:
            events.append(("saved", at, self._note("saved", 0.4)))
            if rng.random() < 0.12:
                return  # never applied
            at = self._later(at, "saved", "applied")
            if at >= self.now:
                return
        events.append(("applied", at, self._note("applied", 0.3)))
        stage = "applied"
        stale = rng.random() < 0.02  # the person stopped updating this one
        while stage in NEXT:
            if stale and rng.random() < 0.5:
                return
            following = NEXT_POOLS[app.source, stage].pick(rng)
            if not self._step(app, stage, following):
                return
            stage = following
            if stage == "ghosted":
                late = rng.random()
                came_back = events[-2][0] == "applied" and late < 0.02
                if came_back:  # a reply long after the silence
                    if not self._step(app, stage, "screening"):
                        return
                    stage = "screening"
                elif late < 0.05 and self._step(app, stage, "rejected"):
                    return

    def _ensure_an_offer(self, apps: Sequence[_App]) -> None:
        """A hunt of some size has at least one yes, so the runs chart has a completed run:
        if chance gave none, the oldest application that closed after a screening or an
        interview goes on to an offer instead (when its new ending still fits before now)."""
        if len(apps) < 20 or any(s in YES_STAGES for app in apps for s, _, _ in app.events):
            return
        for app in apps:
            stages = [s for s, _, _ in app.events]
            if stages[-1] not in CLOSED_STAGES or "screening" not in stages:
                continue
            reached = "interviewing" if "interviewing" in stages else "screening"
            original = list(app.events)
            del app.events[stages.index(reached) + 1:]
            path = ["interviewing", "offer"][FORWARD_PATH.index(reached) - 2:]
            path.append(self.rng.choice(("accepted", "declined")))
            stage = reached
            for following in path:
                if not self._step(app, stage, following):
                    break
                stage = following
            if stage in YES_STAGES:
                return
            app.events[:] = original

    def _step(self, app: _App, stage: str, following: str) -> bool:
        """Add the next event after `stage`; False (and nothing added) if it would be in
        the future."""
        at = self._later(app.events[-1][1], stage, following)
        if at >= self.now:
            return False
        app.events.append((following, at, self._note(following, 0.45)))
        return True

    def _later(self, after: datetime, stage: str, following: str) -> datetime:
        """An instant a realistic gap after `after`, at a plausible hour."""
        rng = self.rng
        low, mode, high = GAPS[(stage, following)]
        day = after.date() + timedelta(days=round(rng.triangular(low, high, mode)))
        if following in OFFICE_STAGES:
            weekday = day.weekday()
            if weekday >= 5 and rng.random() < 0.85:
                day += timedelta(days=7 - weekday)
            hour = rng.choice(OFFICE_HOURS)
        else:
            hour = rng.choice(ANY_HOURS)
        at = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60),
                      tzinfo=UTC)
        if at <= after:
            at = after + timedelta(seconds=rng.randint(15 * 60, 4 * 3600))
        return at

    def _note(self, stage: str, chance: float) -> str:
        rng = self.rng
        return rng.choice(EVENT_NOTES[stage]) if rng.random() < chance else ""

    # --- rows ------------------------------------------------------------------------------

    def _rows(self, apps: Sequence[_App]) -> None:
        rng = self.rng
        app_id = self.first_ids["applications"]
        event_id = self.first_ids["stage_events"]
        for app in apps:
            events = app.events
            for stage, at, note in events:
                self.events.append({"id": event_id, "application_id": app_id, "stage": stage,
                                    "at": at, "note": note})
                event_id += 1
            summary = summary_columns(
                app_id, app.company, [(s, at, key) for key, (s, at, _) in enumerate(events)])
            stage, last = summary["stage"], summary["last_activity_at"]
            follow_up = None
            if stage in ACTIVE_STAGES and rng.random() < 0.35:
                follow_up = (last + timedelta(days=rng.randint(4, 14))).date()
            url = ""
            if rng.random() < 0.6:
                slug = "".join(ch for ch in app.company.lower() if ch.isalnum())
                url = f"https://{slug}.example/careers/{rng.randint(1000, 99999)}"
            notes = ""
            if rng.random() < 0.35:
                notes = rng.choice(APPLICATION_NOTES)
                if app.source == "referral" and rng.random() < 0.5:
                    notes = f"Referred by {rng.choice(PEOPLE)}. {notes}"
            self.applications.append({
                "id": app_id, "company": app.company, "role": app.role, "source": app.source,
                "location": app.location, "url": url, "notes": notes,
                "follow_up_on": follow_up, "created_at": events[0][1], "updated_at": last,
                "search_text": search_text({"company": app.company, "role": app.role,
                                            "source": app.source, "location": app.location,
                                            "notes": notes}),
                **summary,
            })
            app_id += 1

    def _reflections(self, apps: Sequence[_App]) -> None:
        """Reflections on ~40% of the no's, saved hours to days after; one or two drafts on
        recent no's; growth actions for the commitments made in them."""
        rng = self.rng
        first_app = self.first_ids["applications"]
        no_apps: list[tuple[int, _App, datetime, str]] = []
        for index, app in enumerate(apps):
            if app.events[-1][0] in NO_STAGES:
                no_at = next(at for s, at, _ in app.events if s in NO_STAGES)
                reached = max((s for s, _, _ in app.events if s in FORWARD_RANK),
                              key=FORWARD_RANK.__getitem__)
                kind = reached if app.events[-1][0] == "rejected" else "ghosted"
                no_apps.append((first_app + index, app, no_at, kind))
        no_apps.sort(key=lambda item: (item[2], item[0]))
        pending: list[dict[str, Any]] = []
        recent = [app_id for app_id, _, _, _ in no_apps[-12:]]
        drafts = set(rng.sample(recent, min(len(recent), rng.randint(1, 2))))
        for app_id, app, no_at, kind in no_apps:
            if app_id in drafts:
                row = self._draft(app_id, no_at, kind)
            elif rng.random() < REFLECTION_CHANCE.get(kind, 0.33):
                row = self._saved(app_id, app, no_at, kind)
            else:
                continue
            if row is not None:
                pending.append(row)
        pending.sort(key=lambda r: (r["created_at"], r["application_id"]))
        reflection_id = self.first_ids["reflections"]
        for row in pending:
            row["id"] = reflection_id
            action = row.pop("_action")
            if action is not None:
                action["reflection_id"] = reflection_id
                self.actions.append(action)
            self.reflections.append(row)
            reflection_id += 1

    def _draft(self, app_id: int, no_at: datetime, kind: str) -> dict[str, Any] | None:
        rng = self.rng
        room = (self.now - no_at).total_seconds()
        if room < 120:
            return None
        created = no_at + timedelta(seconds=min(rng.randint(1800, 2 * 86400), room * 0.6))
        updated = created + timedelta(seconds=min(rng.randint(120, 1200),
                                                  (self.now - created).total_seconds() * 0.5))
        row = _reflection_row(app_id, "draft", 1, created, updated, None)
        row["feelings"] = self._feelings(rng.randint(1, 3))
        row["mood_before"] = self._mood_before(kind)
        if rng.random() < 0.5:
            row["reasons"] = self._reasons(REASONS)
        return row

    def _saved(self, app_id: int, app: _App, no_at: datetime,
               kind: str) -> dict[str, Any] | None:
        rng = self.rng
        created = no_at + timedelta(hours=rng.choice((1, 2, 3, 5, 8, 12, 20, 26, 48, 72))
                                    + rng.random())
        revision = 1
        if rng.random() < 0.25:  # started, left, finished the next day
            saved = created + timedelta(hours=rng.randint(14, 30), minutes=rng.randrange(60))
            revision = rng.randint(2, 3)
        else:
            saved = created + timedelta(minutes=rng.randint(4, 45), seconds=rng.randrange(60))
        if saved >= self.now:
            return None
        row = _reflection_row(app_id, "saved", revision, created, saved, saved)
        mood = self._mood_before(kind)
        row["feelings"] = self._feelings(FEELING_COUNT.pick(rng))
        row["mood_before"] = mood
        depth = DEPTH.pick(rng)
        company = app.company
        if depth >= 2:
            pool = REASONS if kind != "ghosted" else ("not sure", "hiring freeze",
                                                        "they needed something else")
            row["reasons"] = self._reasons(pool)
            if rng.random() < 0.4:
                row["reasons_text"] = rng.choice(REASON_TEXTS)
            row["feedback_status"], row["feedback_text"] = self._feedback(kind)
            row["went_well"] = rng.choice(WENT_WELL) if rng.random() < 0.8 else ""
            row["do_differently"] = rng.choice(DO_DIFFERENTLY) if rng.random() < 0.7 else ""
            row["taught_me"] = rng.choice(TAUGHT_ME) if rng.random() < 0.6 else ""
        if depth >= 3:
            if rng.random() < 0.5:
                row["mismatches"] = rng.sample(MISMATCHES, rng.randint(1, 2))
                row["alignment_text"] = rng.choice(ALIGNMENT_TEXTS)
            if rng.random() < 0.5:
                row["direction_text"] = rng.choice(DIRECTION_TEXTS)
            if rng.random() < 0.6:
                kind_ = ACTION_KIND_POOL.pick(rng)
                row["commitment_kind"] = kind_
                row["commitment_text"] = self._action_text(kind_, company)
                row["commitment_due"] = (saved + timedelta(days=rng.randint(2, 14))).date()
                row["_action"] = self._action(saved, row["commitment_text"], kind_,
                                              row["commitment_due"])
        if depth >= 2 or rng.random() < 0.4:
            row["next_step"] = rng.choice(NEXT_STEPS).format(person=rng.choice(PEOPLE))
        if rng.random() < 0.85:
            row["mood_after"] = min(5, mood + MOOD_LIFT.pick(rng))
        return row

    def _feelings(self, count: int) -> list[str]:
        """`count` different feelings, the hard ones far more often than relief or hope."""
        chosen: list[str] = []
        for _ in range(count * 3):
            feeling = FEELING_POOL.pick(self.rng)
            if feeling not in chosen:
                chosen.append(feeling)
                if len(chosen) == count:
                    break
        return chosen

    def _reasons(self, pool: Sequence[str]) -> list[str]:
        """One or two reasons; "not sure" stands alone."""
        reasons = self.rng.sample(pool, self.rng.randint(1, 2))
        return ["not sure"] if "not sure" in reasons else reasons

    def _mood_before(self, kind: str) -> int:
        return MOOD_BEFORE.get(kind, MOOD_BEFORE["applied"]).pick(self.rng)

    def _feedback(self, kind: str) -> tuple[str, str]:
        rng = self.rng
        if kind == "ghosted":
            return GHOST_FEEDBACK.pick(rng), ""
        status = (EARLY_FEEDBACK if kind == "applied" else FEEDBACK).pick(rng)
        return status, rng.choice(FEEDBACK_TEXTS) if status == "received" else ""

    # --- growth actions and wins -----------------------------------------------------------

    def _action_text(self, kind: str, company: str) -> str:
        rng = self.rng
        return rng.choice(ACTION_TEXTS[kind]).format(person=rng.choice(PEOPLE), company=company)

    def _action(self, created: datetime, text_: str, kind: str, due: date) -> dict[str, Any]:
        """A growth action; most get done (around the due day), recent ones may be open."""
        rng = self.rng
        done_at: datetime | None = None
        age = self.now - created
        if rng.random() < (0.85 if age > timedelta(days=21) else 0.5):
            days_given = (due - created.date()).days
            done_at = created + timedelta(days=rng.uniform(0.2, days_given + 4))
            if done_at >= self.now:
                done_at = None
        return {"id": None, "created_at": created, "text": text_, "kind": kind,
                "due_on": due, "done_at": done_at, "reflection_id": None}

    def _standalone_actions(self, count: int, first: datetime) -> None:
        """Actions made outside reflections, up to ~1 per 8 applications in all."""
        rng = self.rng
        target = round(count / 8 * rng.uniform(0.9, 1.1))
        span = (self.now - first).total_seconds()
        for _ in range(max(0, target - len(self.actions))):
            created = first + timedelta(seconds=rng.uniform(0, span))
            kind = ACTION_KIND_POOL.pick(rng)
            due = (created + timedelta(days=rng.randint(2, 21))).date()
            self.actions.append(self._action(created, self._action_text(kind, rng.choice(
                COMPANIES)), kind, due))
        self.actions.sort(key=lambda a: (a["created_at"], a["text"]))
        for offset, action in enumerate(self.actions):
            action["id"] = self.first_ids["growth_actions"] + offset

    def _wins(self, apps: Sequence[_App], count: int, first: datetime) -> None:
        """~1 win per 10 applications: about half about good news, half everyday progress."""
        rng = self.rng
        target = round(count / 10 * rng.uniform(0.9, 1.1))
        moments = [(stage, at, app.company) for app in apps for stage, at, _ in app.events
                   if stage in WIN_MOMENTS]
        chosen = rng.sample(moments, min(len(moments), round(target * 0.5)))
        wins: list[tuple[datetime, str, str]] = []
        for stage, at, company in chosen:
            when = at + timedelta(minutes=rng.randint(10, 36 * 60))
            if when >= self.now:
                continue
            words, kind = rng.choice(WIN_MOMENTS[stage])
            wins.append((when, words.format(company=company), kind))
        span = (self.now - first).total_seconds()
        while len(wins) < target:
            words, kind = rng.choice(WIN_GENERAL)
            when = first + timedelta(seconds=rng.uniform(0, span))
            wins.append((when, words.format(person=rng.choice(PEOPLE)), kind))
        wins.sort()
        self.wins = [{"id": self.first_ids["wins"] + i, "at": at, "text": words, "kind": kind}
                     for i, (at, words, kind) in enumerate(wins)]


def _reflection_row(app_id: int, status: str, revision: int, created: datetime,
                    updated: datetime, saved: datetime | None) -> dict[str, Any]:
    """A reflection with every answer empty (the bulk insert needs every key in every row)."""
    return {
        "id": None, "application_id": app_id, "status": status, "revision": revision,
        "created_at": created, "updated_at": updated, "saved_at": saved,
        "feelings": [], "mood_before": None, "reasons": [], "reasons_text": "",
        "feedback_status": "not asked", "feedback_text": "", "went_well": "",
        "do_differently": "", "taught_me": "", "mismatches": [], "alignment_text": "",
        "direction_text": "", "commitment_text": "", "commitment_kind": "",
        "commitment_due": None, "next_step": "", "mood_after": None, "_action": None,
    }
