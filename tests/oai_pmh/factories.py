"""Builders of LOM records and in-memory repositories for the OAI-PMH tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from oai_pmh import InMemoryRepository, RepositoryInfo, SetInfo
from oai_pmh.metadata import (
    Classification,
    Contribution,
    DublinCore,
    Educational,
    General,
    LangString,
    LifeCycle,
    LomIdentifier,
    LomRecord,
    MetaMetadata,
    Relation,
    Rights,
    Taxon,
    TaxonPath,
    Technical,
    VCard,
    lom_to_dc,
)

BASE_URL = "http://127.0.0.1/oai"
REPOSITORY_ID = "dclic.example.org"
SECRET = "test-oai-token-secret-0123456789"
NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
EARLIEST = datetime(2024, 1, 1, tzinfo=UTC)
SETS = (
    SetInfo("courses", "Courses", DublinCore(description="Every course")),
    SetInfo("courses:python", "Python courses"),
    SetInfo("courses:web", "Web courses"),
    SetInfo("paths", "Learning paths"),
)


def identifier(n: int) -> str:
    """The OAI identifier of test item ``n``."""
    return f"oai:{REPOSITORY_ID}:course-{n}"


def repository_info(**overrides) -> RepositoryInfo:
    """The Identify data of the test repository."""
    values = {
        "name": "dclic test catalogue",
        "base_url": BASE_URL,
        "admin_emails": ("oai@dclic.example.org",),
        "earliest_datestamp": EARLIEST,
        "repository_identifier": REPOSITORY_ID,
        "sample_identifier": identifier(1),
    }
    return RepositoryInfo(**{**values, **overrides})


def lom_record(n: int, *, title: str | None = None) -> LomRecord:
    """A LOM record using every category the serializer writes."""
    url = f"https://dclic.example.org/courses/C{n:05d}"
    author = VCard(f"Awa Ba {n}", "Ba", "Awa", email=f"awa{n}@example.org")
    publisher = VCard("D-CLIC, OIF", organization="D-CLIC; OIF")
    return LomRecord(
        general=General(
            identifiers=[LomIdentifier("URI", url)],
            title=[LangString(title or f"Cours {n}", "fr"), LangString(f"Course {n}", "en")],
            languages=["fr"],
            description=[LangString(f"Description du cours {n}", "fr")],
            keywords=[LangString("python", "fr"), LangString("programmation", "fr")],
            structure="hierarchical",
            aggregation_level="2",
        ),
        life_cycle=LifeCycle(
            version=[LangString("1.0", "x-none")],
            status="final",
            contributions=[
                Contribution("author", [author], date(2024, 5, 2)),
                Contribution("publisher", [publisher], datetime(2024, 5, 3, 8, 30, tzinfo=UTC)),
            ],
        ),
        meta_metadata=MetaMetadata(
            identifiers=[LomIdentifier(REPOSITORY_ID, f"course-{n}")],
            contributions=[Contribution("creator", [publisher], date(2024, 5, 3))],
            language="fr",
        ),
        technical=Technical(formats=["text/html"], size=2048 + n, locations=[url]),
        educational=[
            Educational(
                interactivity_type="mixed",
                learning_resource_types=["lecture", "exercise"],
                intended_end_user_roles=["learner"],
                contexts=["training"],
                typical_age_ranges=[LangString("16-", "x-none")],
                difficulty="medium",
                typical_learning_time=timedelta(hours=2, minutes=30),
                description=[LangString("Pour débuter", "fr")],
                languages=["fr"],
            )
        ],
        rights=Rights(
            cost=False,
            copyright_and_other_restrictions=True,
            description=[
                LangString("CC BY-SA 4.0 https://creativecommons.org/licenses/by-sa/4.0/")
            ],
        ),
        relations=[
            Relation("ispartof", [LomIdentifier("URI", "https://dclic.example.org/paths/P1")])
        ],
        classifications=[
            Classification(
                "discipline",
                [
                    TaxonPath(
                        [LangString("ACM CCS", "en")],
                        [Taxon("D.1", [LangString("Programming", "en")])],
                    )
                ],
            )
        ],
    )


def formats_of(n: int) -> dict[str, object]:
    """Both formats of item ``n``, DC derived from LOM as the application will do."""
    lom = lom_record(n)
    return {"lom": lom, "oai_dc": lom_to_dc(lom)}


def sample_repository(with_sets: bool = True) -> InMemoryRepository:
    """Seven items over three days: sets, a deleted item and an item only in oai_dc.

    Item 1 2024-06-01T08:00:00Z courses:python      Item 5 2024-06-02T23:59:59Z paths
    Item 2 2024-06-01T09:00:00Z courses:python      Item 6 2024-06-03T00:00:00Z courses (oai_dc only)
    Item 3 2024-06-01T09:00:00Z courses:web         Item 7 2024-06-03T10:00:00Z deleted, courses:web
    Item 4 2024-06-02T00:00:00Z courses
    """
    repository = InMemoryRepository(repository_info(), SETS if with_sets else ())
    moments = {
        1: datetime(2024, 6, 1, 8, tzinfo=UTC),
        2: datetime(2024, 6, 1, 9, tzinfo=UTC),
        3: datetime(2024, 6, 1, 9, tzinfo=UTC),
        4: datetime(2024, 6, 2, tzinfo=UTC),
        5: datetime(2024, 6, 2, 23, 59, 59, 500_000, tzinfo=UTC),
        6: datetime(2024, 6, 3, tzinfo=UTC),
        7: datetime(2024, 6, 1, 10, tzinfo=UTC),
    }
    sets = {1: ["courses:python"], 2: ["courses:python"], 3: ["courses:web"], 4: ["courses"]}
    sets |= {5: ["paths"], 6: ["courses"], 7: ["courses:web"]}
    for n, moment in moments.items():
        metadata = formats_of(n) if n != 6 else {"oai_dc": formats_of(n)["oai_dc"]}
        repository.upsert(identifier(n), moment, metadata, sets[n] if with_sets else ())
    repository.delete(identifier(7), datetime(2024, 6, 3, 10, tzinfo=UTC))
    return repository


def bulk_repository(count: int, start: datetime = EARLIEST) -> InMemoryRepository:
    """``count`` items one minute apart, in set ``courses``, both formats."""
    repository = InMemoryRepository(repository_info(), SETS)
    for n in range(1, count + 1):
        repository.upsert(identifier(n), start + timedelta(minutes=n), formats_of(n), ["courses"])
    return repository
