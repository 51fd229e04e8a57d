"""Time the catalogue's queries on 10,000 courses, on SQLite and PostgreSQL.

Seeds a throwaway database (a temporary SQLite file; a schema of its own in PostgreSQL,
dropped afterwards) migrated with Alembic, with N published-or-not courses, their modules and
steps, then times what the catalogue page asks the database — the domains and providers
for the filters, the count and one page of courses — for a set of searches and filters, and the
whole page as the server renders it. Reports p50/p95 per case; the budget is p95 ≤ 100 ms.

    .venv/bin/python scripts/bench_catalogue.py               10,000 courses, both databases
    .venv/bin/python scripts/bench_catalogue.py --courses 2000 --skip-postgres

``scripts/bench`` runs it too (``--skip-catalogue`` to leave it out). PostgreSQL is reached
at ``DCLIC_BENCH_POSTGRES_URL`` (default: the local ``test`` database); when it does not
answer, that half is skipped and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_P95_MS = 100
POSTGRES_URL = os.environ.get(
    "DCLIC_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# What learners do on the catalogue: (name, query string).
CASES = [
    ("first page", {}),
    ("page 200 (deep)", {"page": "200"}),
    ("search: one common word", {"q": "securite"}),
    ("search: accents, 2 words", {"q": "Sécurité données"}),
    ("search: prefix being typed", {"q": "tabl"}),
    ("search: 4 words", {"q": "creer une page web accessible"}),
    ("search: no match", {"q": "zzyzx"}),
    ("search + domain + level", {"q": "apprendre", "domain": "web", "level": "beginner"}),
    ("track + language", {"track": "A", "language": "fr"}),
    ("duration 1-3 h + video", {"duration": "1-3h", "format": "video"}),
    ("format: text only", {"format": "text"}),
    ("provider: ours", {"provider": "dclic"}),
    ("provider: another + search", {"provider": "FUN MOOC", "q": "numerique"}),
    ("every filter", {"q": "web", "track": "M", "level": "beginner", "duration": "3-10h"}),
]
PROVIDERS = ("FUN MOOC", "Université virtuelle du Sénégal", "IFADEM")


def log(message: str) -> None:
    print(f"[bench-catalogue {time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- the data -----------------------------------------------------------------------------


def vocabulary() -> list[str]:
    """Words of the demo catalogue, so the index holds real French words and their accents."""
    from dclic.courses.demo import COURSES

    words = []
    for _code, title, *_rest, keywords, summary in COURSES:
        words += f"{title} {keywords} {summary}".replace(",", " ").replace(":", " ").split()
    return [w for w in words if len(w) > 2]


def course_rows(n: int, rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    """N courses (their search text computed by the model), modules and steps."""
    from dclic.courses.labels import DOMAIN_LABELS
    from dclic.courses.models import Course

    words, domains, now = vocabulary(), sorted(DOMAIN_LABELS), datetime.now(UTC)
    courses, modules, steps = [], [], []
    for number in range(1, n + 1):
        course = Course(
            code=f"BENCH-{number:05d}",
            title=" ".join(rng.sample(words, rng.randint(3, 7))).capitalize(),
            summary=" ".join(rng.choices(words, k=rng.randint(30, 80))) + ".",
            keywords=", ".join(rng.sample(words, 4)),
            authors="Awa Diop; Jean Dupont",
        )
        course.refresh_search_text()
        provider = rng.choice(PROVIDERS) if rng.random() < 0.3 else None
        courses.append(
            {
                "id": number,
                "code": course.code,
                "title": course.title,
                "summary": course.summary,
                "keywords": course.keywords,
                "authors": course.authors,
                "search_text": course.search_text,
                "language": rng.choices(("fr", "en", "ar"), (8, 1, 1))[0],
                "level": rng.choice(("beginner", "intermediate", "advanced")),
                "track": rng.choice("AM"),
                "domain": rng.choice(domains),
                "duration_minutes": rng.choice((30, 45, 60, 90, 120, 180, 240, 360, 600, 900)),
                "licence": "CC BY-SA 4.0",
                "status": "published" if rng.random() < 0.9 else "draft",
                "created_at": now,
                "updated_at": now,
                "published_at": now,
                "provider": provider,
                "source_url": f"https://example.org/{number}" if provider else None,
            }
        )
        for position in range(1, rng.randint(2, 4) + 1):
            module_id = len(modules) + 1
            modules.append(
                {"id": module_id, "course_id": number, "position": position, "title": "Module"}
            )
            kinds = rng.choices(
                ("text", "video", "file", "link", "activity"), (60, 12, 10, 12, 6), k=4
            )
            for step_position, kind in enumerate(kinds, 1):
                steps.append(
                    {
                        "module_id": module_id,
                        "position": step_position,
                        "kind": kind,
                        "title": "Étape",
                        "duration_minutes": 10,
                    }
                )
    return courses, modules, steps


def seed(n: int, seed_value: int) -> None:
    """Insert the courses in the app's database (the current app context), in bulk."""
    import sqlalchemy as sa

    from dclic.core.db import db
    from dclic.courses.models import Course, CourseModule, Step

    courses, modules, steps = course_rows(n, random.Random(seed_value))  # noqa: S311 - test data
    for table, rows in (
        (Course.__table__, courses),
        (CourseModule.__table__, modules),
        (Step.__table__, steps),
    ):
        for start in range(0, len(rows), 2000):
            db.session.execute(sa.insert(table), rows[start : start + 2000])
    db.session.commit()
    # PostgreSQL: what autovacuum does soon after a bulk load (statistics, and the visibility
    # map that lets index-only scans skip the table). SQLite gets nothing: a development
    # database never runs ANALYZE, and the queries are written not to need it.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


# --- the measures -------------------------------------------------------------------------


def time_case(filters: dict, runs: int) -> dict:
    """What the catalogue view asks the database, ``runs`` times (after a warm-up)."""
    from dclic.core.db import db
    from dclic.courses import queries

    arguments = {k: v for k, v in filters.items() if k != "page"}
    page_number = int(filters.get("page", 1))
    timings = []
    for attempt in range(runs + 2):
        started = time.perf_counter()
        queries.list_filter_choices()
        page = queries.list_published_courses(**arguments, page=page_number, per_page=20)
        elapsed = (time.perf_counter() - started) * 1000
        db.session.rollback()  # a request's transaction ends: no snapshot kept between runs
        if attempt >= 2:
            timings.append(elapsed)
    return {
        "total": page.total,
        "p50_ms": round(percentile(timings, 50), 2),
        "p95_ms": round(percentile(timings, 95), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
    }


def time_pages(app, runs: int) -> dict:
    """The whole page, rendered by the app (a test client: no network, no gunicorn)."""
    client = app.test_client()
    result = {}
    for name, filters in (
        ("catalogue", {}),
        ("catalogue, search", {"q": "securite"}),
        ("course page", None),
    ):
        path = "/courses/BENCH-00001" if filters is None else "/catalogue?" + urlencode(filters)
        timings = []
        for attempt in range(runs + 2):
            started = time.perf_counter()
            response = client.get(path, headers={"Accept-Encoding": "identity"})
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            if attempt >= 2:
                timings.append(elapsed)
        result[name] = {
            "path": path,
            "bytes": len(response.data),
            "p50_ms": round(percentile(timings, 50), 2),
            "p95_ms": round(percentile(timings, 95), 2),
        }
    return result


def measure(database_url: str, instance: Path, n: int, runs: int) -> dict:
    from flask_migrate import upgrade

    from dclic import create_app
    from dclic.core.db import db
    from dclic.courses import search

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DCLIC_INSTANCE_PATH": str(instance),
            "MAIL_URL": f"outbox://{instance / 'outbox'}",
            "REDIS_URL": "",
            "DCLIC_RATELIMIT_ENABLED": "0",
            "DCLIC_LOG_LEVEL": "WARNING",
        }
    )
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed(n, 2026)
        seeded_s = time.perf_counter() - started
        backend = search.full_text_backend()
        load = os.getloadavg()[0]  # anything else running skews the timings
        log(f"{db.engine.dialect.name}: {n} courses seeded in {seeded_s:.1f} s; search: {backend}")
        cases = {}
        for name, filters in CASES:
            cases[name] = time_case(filters, runs) | {"filters": filters}
            log(f"  {name:<32} {cases[name]['total']:>6} found  p95 {cases[name]['p95_ms']} ms")
        pages = time_pages(app, max(10, runs // 2))
        db.session.remove()
        db.engine.dispose()
    everything = [c["p95_ms"] for c in cases.values()]
    return {
        "database": database_url.split(":", 1)[0],
        "full_text": backend,
        "courses": n,
        "seed_s": round(seeded_s, 1),
        "runs": runs,
        "cases": cases,
        "worst_p95_ms": max(everything),
        "machine_load_average": round(load, 2),
        "pages": pages,
    }


def run_sqlite(n: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="dclic-bench-catalogue-") as tmp:
        return measure(f"sqlite:///{Path(tmp) / 'catalogue.sqlite3'}", Path(tmp), n, runs)


def run_postgresql(url: str, n: int, runs: int) -> dict | None:
    """The same on PostgreSQL, in a schema of its own dropped afterwards; None if unreachable."""
    import sqlalchemy as sa

    schema = f"dclic_bench_{os.getpid()}"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as exc:
        log(f"PostgreSQL is not reachable ({type(exc).__name__}): skipped")
        engine.dispose()
        return None
    separator = "&" if "?" in url else "?"
    scoped = f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    try:
        with tempfile.TemporaryDirectory(prefix="dclic-bench-catalogue-") as tmp:
            return measure(scoped, Path(tmp), n, runs)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


def run(n: int = 10_000, runs: int = 30, postgres: bool = True, url: str = POSTGRES_URL) -> dict:
    """Both databases (PostgreSQL when reachable and wanted); the results as a dict."""
    results = {"courses": n, "budget_p95_ms": BUDGET_P95_MS, "sqlite": run_sqlite(n, runs)}
    if postgres:
        results["postgresql"] = run_postgresql(url, n, runs)
    return results


def print_table(results: dict) -> None:
    databases = [d for d in ("sqlite", "postgresql") if results.get(d)]
    print(f"\nCatalogue queries at {results['courses']:,} courses (p50 / p95, ms)")
    header = "".join(f"{d + ' (' + results[d]['full_text'] + ')':>34}" for d in databases)
    print(f"  {'case':<32}{header}")
    for name, _filters in CASES:
        cells = ""
        for d in databases:
            case = results[d]["cases"][name]
            cells += f"{case['p50_ms']:>14.1f} / {case['p95_ms']:<6.1f} {case['total']:>6} found"
        print(f"  {name:<32}{cells}")
    loads = ", ".join(f"{d} {results[d]['machine_load_average']}" for d in databases)
    print(f"  machine load average at the start: {loads}")
    for d in databases:
        for name, page in results[d]["pages"].items():
            print(
                f"  {d} whole page, {name:<24} p50 {page['p50_ms']:.1f} ms, "
                f"p95 {page['p95_ms']:.1f} ms ({page['bytes'] / 1024:.1f} KB raw)"
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, default=10_000, help="courses to seed (10,000)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per case (30)")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--output", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    results = run(args.courses, args.runs, postgres=not args.skip_postgres)
    print_table(results)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    worst = max(results[d]["worst_p95_ms"] for d in ("sqlite", "postgresql") if results.get(d))
    print(f"\nworst p95 {worst:.1f} ms (budget {BUDGET_P95_MS} ms)")
    return 0 if worst <= BUDGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
