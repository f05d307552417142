"""Table 二 counted from the catalogue equals a hand count, across year boundaries: a document
counts from its 发布日期 (the day it was proactively disclosed), never from its 成文日期, and an
unpublished draft not at all (see ``gongkai.catalogue.tables._document_counts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.catalogue.models import DocType, Status
from gongkai.catalogue.services import document_set_status, year_figures_set
from gongkai.catalogue.tables import proactive_table
from gongkai.report.formats import Format, template
from tests.web.catalogue_helpers import make_document

pytestmark = pytest.mark.django_db
NORMATIVE = DocType.NORMATIVE


@pytest.fixture
def catalogue(clerk_a: Any, agency_a: Any, clerk_b: Any, agency_b: Any) -> None:
    """The documents of the hand count (dates chosen on both sides of 1 January)."""

    def doc(written: date, published: date | None = None, kind: str = NORMATIVE, **kw: Any):
        return make_document(
            clerk_a,
            agency_a,
            written_on=written,
            published_on=published,
            unpublished=published is None,
            doc_type=kind,
            **kw,
        )

    def repeal(document: Any, on: date, status: str = Status.REPEALED) -> None:
        document_set_status(actor=clerk_a, document=document, status=status, changed_on=on)

    doc(date(2024, 12, 30), date(2025, 1, 3))  # N1
    repeal(doc(date(2025, 1, 2), date(2025, 1, 6)), date(2025, 12, 31))  # N2
    repeal(doc(date(2023, 6, 1), date(2023, 6, 5)), date(2026, 1, 1))  # N3
    doc(date(2025, 12, 31))  # N4, not yet published
    repeal(doc(date(2025, 5, 5), date(2025, 5, 6)), date(2025, 8, 1), Status.AMENDED)  # N5
    doc(date(2025, 2, 2), date(2025, 2, 5), DocType.REGULATION)  # R1
    doc(date(2025, 3, 3), date(2025, 3, 4), DocType.OTHER)  # not in table 二
    make_document(clerk_b, agency_b, written_on=date(2025, 4, 1), doc_type=NORMATIVE)
    # For the 2019-format years.
    doc(date(2019, 12, 30), date(2020, 1, 2))  # M1
    repeal(doc(date(2020, 3, 2), date(2020, 3, 3)), date(2020, 10, 1))  # M2
    doc(date(2018, 5, 2), date(2018, 5, 3))  # M3


@pytest.mark.parametrize(
    ("year", "normative", "regulations"),
    [
        # N1, written in December 2024, was published (制发) in January 2025: not in 2024.
        (
            2024,
            {"issued": 0, "repealed": 0, "in_force": 1},
            {"issued": 0, "repealed": 0, "in_force": 0},
        ),
        # N1, N2, N5 published in 2025; N4 (written 2025, never published) is in no column.
        (
            2025,
            {"issued": 3, "repealed": 1, "in_force": 3},
            {"issued": 1, "repealed": 0, "in_force": 1},
        ),
        (
            2026,
            {"issued": 0, "repealed": 1, "in_force": 2},
            {"issued": 0, "repealed": 0, "in_force": 1},
        ),
    ],
)
def test_it_counts_2021_columns_as_by_hand(
    catalogue: None, agency_a: Any, year: int, normative: dict, regulations: dict
) -> None:
    table = proactive_table(agency_a, year)
    # The three 2019/2020 documents are in force too (M2 repealed in 2020).
    older_in_force = 2
    assert table["normative_documents"] == {
        **normative,
        "in_force": normative["in_force"] + older_in_force,
    }
    assert table["regulations"] == regulations


def test_in_force_follows_rule_7_from_year_to_year(catalogue: None, agency_a: Any) -> None:
    for year in (2024, 2025, 2026):
        this, last = (
            proactive_table(agency_a, year)["normative_documents"],
            proactive_table(agency_a, year - 1)["normative_documents"],
        )
        assert this["in_force"] == last["in_force"] + this["issued"] - this["repealed"]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, {"made": 1, "published": 0, "total_published": 1}),
        (2020, {"made": 1, "published": 2, "total_published": 2}),
    ],
)
def test_it_counts_2019_columns_as_by_hand(
    catalogue: None, agency_a: Any, year: int, expected: dict
) -> None:
    assert proactive_table(agency_a, year)["normative_documents"] == expected


@pytest.mark.parametrize(
    ("year", "table"),
    [(2025, template(Format.F2021).proactive), (2020, template(Format.F2019).proactive)],
)
def test_it_has_every_key_of_the_format_and_leaves_unentered_cells_blank(
    agency_a: Any, year: int, table: Any
) -> None:
    data = proactive_table(agency_a, year)
    assert set(data) == set(table.row_keys)
    for row in table.rows:
        assert set(data[row.key]) == {c.key for c in row.columns}
    assert data["licensing"]["decisions"] is None
    assert data["fees"]["amount" if year >= 2021 else "change"] is None


def test_it_fills_entered_cells_from_the_years_figures(clerk_a: Any, agency_a: Any) -> None:
    year_figures_set(
        actor=clerk_a,
        agency=agency_a,
        year=2020,
        values={"licensing/change": "-4", "procurement/amount": "1,234.5"},
    )
    data = proactive_table(agency_a, 2020)
    assert data["licensing"]["change"] == -4
    assert data["procurement"]["amount"] == 1234.5
    assert proactive_table(agency_a, 2021)["licensing"]["decisions"] is None


def test_it_counts_a_december_draft_in_the_year_it_is_published(
    clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    """Through the 保密审查 → 发布 flow: written 2027-12-28, published 2028-01-04."""
    import time_machine

    from gongkai.catalogue.publication import document_publish, document_review

    with time_machine.travel("2027-12-29 10:00 +0800", tick=False):
        draft = make_document(
            clerk_a, agency_a, written_on=date(2027, 12, 28), doc_type=NORMATIVE, unpublished=True
        )
        assert proactive_table(agency_a, 2027)["normative_documents"] == {
            "issued": 0,
            "repealed": 0,
            "in_force": 0,
        }
    with time_machine.travel("2028-01-04 10:00 +0800", tick=False):
        day = date(2028, 1, 4)
        document_review(
            actor=reviewer_a,
            document=draft,
            reviewed_on=day,
            passed=True,
            opinion="同意",
            legal_opinion="合法",
        )
        document_publish(actor=reviewer_a, document=draft, published_on=day)
        assert proactive_table(agency_a, 2027)["normative_documents"]["issued"] == 0
        assert proactive_table(agency_a, 2028)["normative_documents"] == {
            "issued": 1,
            "repealed": 0,
            "in_force": 1,
        }


def test_it_leaves_out_a_scheduled_publication_not_yet_come(
    clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    import time_machine

    from gongkai.catalogue.publication import document_publish, document_review

    with time_machine.travel("2027-06-10 10:00 +0800", tick=False):
        draft = make_document(
            clerk_a, agency_a, written_on=date(2027, 6, 1), doc_type=NORMATIVE, unpublished=True
        )
        document_review(
            actor=reviewer_a,
            document=draft,
            reviewed_on=date(2027, 6, 10),
            passed=True,
            opinion="同意",
            legal_opinion="合法",
        )
        document_publish(actor=reviewer_a, document=draft, published_on=date(2027, 7, 1))
        assert proactive_table(agency_a, 2027)["normative_documents"]["issued"] == 0
    with time_machine.travel("2027-07-01 10:00 +0800", tick=False):
        assert proactive_table(agency_a, 2027)["normative_documents"]["issued"] == 1


def test_a_draft_marked_repealed_before_publication_is_in_no_column(
    clerk_a: Any, agency_a: Any
) -> None:
    draft = make_document(
        clerk_a, agency_a, written_on=date(2025, 3, 1), doc_type=NORMATIVE, unpublished=True
    )
    document_set_status(
        actor=clerk_a, document=draft, status=Status.REPEALED, changed_on=date(2025, 9, 1)
    )
    for year in (2025, 2026):
        assert proactive_table(agency_a, year)["normative_documents"] == {
            "issued": 0,
            "repealed": 0,
            "in_force": 0,
        }


def test_a_document_published_and_repealed_in_one_year_counts_in_both_columns(
    clerk_a: Any, agency_a: Any
) -> None:
    document = make_document(
        clerk_a,
        agency_a,
        written_on=date(2025, 1, 10),
        published_on=date(2025, 1, 20),
        doc_type=NORMATIVE,
    )
    document_set_status(
        actor=clerk_a, document=document, status=Status.REPEALED, changed_on=date(2025, 11, 30)
    )
    assert proactive_table(agency_a, 2025)["normative_documents"] == {
        "issued": 1,
        "repealed": 1,
        "in_force": 0,
    }
