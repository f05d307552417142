"""The outcomes of a disclosure request: one registry, keyed by table 三 row.

An outcome code *is* a row key of table 三 in the template in force
(``gongkai.report.formats.current()``): the statistics count a closed case under its code, and
an older template folds the codes it prints as one row (its ``folds``). Each entry says what the
decision is, the articles it rests on, its kind (an answer the office gives, a lapse the clock
produces, the applicant's withdrawal) and what the letter must say besides. The ``Outcome``
choices, the services, the letters, the deadlines and the statistics read it; no outcome code is
spelled anywhere else. ``tests/web/test_outcomes.py`` keeps it in step with the template.

Articles are those of the 条例 (2019) unless another act is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.report.formats import current


class Remedy(StrEnum):
    """What the letter tells the applicant about 复议 and 诉讼 (行政复议法（2023）, in force
    2024-01-01; 行政诉讼法)."""

    # 行政复议 within 60 days (复议法第二十条第一款) or a suit within 6 months
    # (行政诉讼法第四十六条第一款), as the applicant chooses.
    REVIEW_OR_SUIT = "review_or_suit"
    # 不予公开: 复议 first, a suit only against the 复议 decision (复议法第二十三条第一款第（四）项),
    # and the letter must say so (第二十三条第二款).
    REVIEW_FIRST = "review_first"
    # 部分公开: 复议前置 for the withheld part, the free choice for the rest.
    SPLIT = "split"


class Kind(StrEnum):
    ANSWER = "answer"  # a decision the office makes and sends (条例第三十六条)
    LAPSE = "lapse"  # produced by the clock when the applicant lets a period pass
    WITHDRAWAL = "withdrawal"  # the applicant withdrew the request


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str  # table 三 row key
    kind: Kind
    decision: str  # the decision as the letter states it
    basis: str  # the articles it rests on, as cited in the letter ("" when none is cited)
    provides_information: bool = False  # the letter says how the information is provided (第四十条)
    # Something is refused as 不予公开 (wholly or in part): since 2024-01-01 the applicant must
    # apply for 行政复议 before suing (行政复议法（2023）第二十三条第一款第（四）项).
    withholds: bool = False
    # For a 不予公开 row: the article and sub-ground a withheld part of a 部分公开 reply cites
    # (条例第三十七条 lists each withheld part with its ground).
    ground: str = ""
    # Letters the same row holds under different articles (第三十六条第（一）/（二）项 for 公开,
    # 第（四）/（五）项 for 不掌握): the first is the default.
    variants: tuple[Variant, ...] = ()

    @property
    def remedy(self) -> Remedy:
        if self.withholds and self.provides_information:
            return Remedy.SPLIT
        return Remedy.REVIEW_FIRST if self.withholds else Remedy.REVIEW_OR_SUIT

    @property
    def lists_withheld_parts(self) -> bool:
        """The letter lists each withheld part with its ground (条例第三十七条)."""
        return self.remedy is Remedy.SPLIT

    def variant(self, key: str = "") -> Variant:
        """The letter variant ``key`` (blank: the default); the outcome itself when it has none."""
        if not self.variants:
            return Variant("", "", self.decision, self.basis)
        for variant in self.variants:
            if variant.key == key or not key:
                return variant
        raise KeyError(f"{self.key} has no letter variant {key!r}")

    @property
    def label(self) -> str:
        """Table 三's own label, prefixed by its group where the row label alone is ambiguous
        ("1.属于国家秘密" → "（三）不予公开 1.属于国家秘密")."""
        row = current().requests.row(self.key)
        return f"{row.group} {row.label}" if row.group.startswith("（") else row.label


@dataclass(frozen=True, slots=True)
class Variant:
    """One letter of an outcome. ``decision`` may name the reply's fields in braces:
    ``{published_where}`` (where the information was proactively disclosed, 第三十六条第（一）项),
    ``{holder}`` (the agency responsible for it, 第三十六条第（五）项), ``{reason}``."""

    key: str
    label: str
    decision: str
    basis: str
    needs: tuple[str, ...] = ()  # the reply fields the decision names: required on the form


ACT = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》"

DISCLOSED = "disclosed"
PARTIALLY_DISCLOSED = "partially_disclosed"
NO_CORRECTION = "other.no_correction"
FEE_UNPAID = "other.fee_unpaid"
WITHDRAWN = "other.other"
# 条例第三十五条: only after the applicant was asked for reasons (requests.services).
EXCESSIVE = "not_processed.excessive"


def _answer(
    key: str,
    decision: str,
    basis: str,
    *,
    provides_information: bool = False,
    withholds: bool = False,
) -> Outcome:
    return Outcome(
        key,
        Kind.ANSWER,
        decision,
        f"{ACT}{basis}" if basis else "",
        provides_information=provides_information,
        withholds=withholds,
    )


def _withheld(key: str, decision: str, basis: str, ground: str) -> Outcome:
    return Outcome(
        key, Kind.ANSWER, decision, f"{ACT}{basis}", withholds=True, ground=f"{ACT}{ground}"
    )


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        DISCLOSED,
        Kind.ANSWER,
        "您申请获取的政府信息属于公开范围，本机关决定予以公开。",
        f"{ACT}第三十六条第（二）项",
        provides_information=True,
        variants=(
            Variant(
                "",
                "予以公开（第三十六条第（二）项）",
                "您申请获取的政府信息属于公开范围，本机关决定予以公开。",
                f"{ACT}第三十六条第（二）项",
            ),
            Variant(
                "proactive",
                "已主动公开，告知获取方式、途径（第三十六条第（一）项）",
                "您申请获取的政府信息本机关已经主动公开，您可以通过以下方式、途径获取：{published_where}。",
                f"{ACT}第三十六条第（一）项",
                needs=("published_where",),
            ),
        ),
    ),
    _answer(
        PARTIALLY_DISCLOSED,
        "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关决定向您提供可以公开的部分"
        "（{disclosed_part}）；不予公开的部分及其理由如下：",
        "第三十七条、第三十六条第（二）项、第（三）项",
        provides_information=True,
        withholds=True,
    ),
    _withheld(
        "withheld.state_secret",
        "您申请获取的政府信息属于国家秘密，本机关决定不予公开。",
        "第十四条、第三十六条第（三）项",
        "第十四条（国家秘密）",
    ),
    _withheld(
        "withheld.prohibited_by_law",
        "您申请获取的政府信息属于法律、行政法规禁止公开的信息，本机关决定不予公开。",
        "第十四条、第三十六条第（三）项",
        "第十四条（法律、行政法规禁止公开）",
    ),
    _withheld(
        "withheld.security_stability",
        "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开。",
        "第十四条、第三十六条第（三）项",
        "第十四条（公开后可能危及国家安全、公共安全、经济安全、社会稳定）",
    ),
    _withheld(
        "withheld.third_party_rights",
        "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
        "本机关决定不予公开。",
        "第十五条、第三十二条、第三十六条第（三）项",
        "第十五条（涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害）",
    ),
    _withheld(
        "withheld.internal_affairs",
        "您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关决定不予公开。",
        "第十六条第一款、第三十六条第（三）项",
        "第十六条第一款（内部事务信息）",
    ),
    _withheld(
        "withheld.process_information",
        "您申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息，本机关决定不予公开。",
        "第十六条第二款、第三十六条第（三）项",
        "第十六条第二款（过程性信息）",
    ),
    _withheld(
        "withheld.enforcement_files",
        "您申请获取的信息属于行政执法案卷信息，本机关决定不予公开。",
        "第十六条第二款、第三十六条第（三）项",
        "第十六条第二款（行政执法案卷信息）",
    ),
    _withheld(
        "withheld.administrative_inquiry",
        "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，"
        "请依照有关法律、行政法规的规定办理。",
        "第三十六条第（七）项",
        "第三十六条第（七）项（有关法律、行政法规对信息的获取有特别规定）",
    ),
    Outcome(
        "unavailable.not_held",
        Kind.ANSWER,
        "经检索，本机关没有您申请公开的政府信息。",
        f"{ACT}第三十六条第（四）项",
        variants=(
            Variant(
                "",
                "经检索没有所申请公开的信息（第三十六条第（四）项）",
                "经检索，本机关没有您申请公开的政府信息，该政府信息不存在。",
                f"{ACT}第三十六条第（四）项",
            ),
            Variant(
                "elsewhere",
                "不属于本机关负责公开（第三十六条第（五）项）",
                "您申请获取的政府信息不属于本机关负责公开，理由是：{reason}。{holder}",
                f"{ACT}第十条、第三十六条第（五）项",
                needs=("reason",),
            ),
        ),
    ),
    _answer(
        "unavailable.needs_creation",
        "您申请获取的信息需要本机关对现有政府信息进行加工、分析，或需要另行制作，本机关不予提供。",
        "第三十八条",
    ),
    _answer(
        "unavailable.still_unclear",
        "经补正后，您的申请内容仍不明确，本机关无法确定您所需的政府信息，因此无法提供。",
        "第三十条",
    ),
    _answer(
        "not_processed.petition",
        "您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
        "您可以通过相应渠道提出。",
        "第三十九条第一款",
    ),
    _answer(
        "not_processed.duplicate",
        "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。",
        "第三十六条第（六）项",
    ),
    _answer(
        "not_processed.publication",
        "您的申请内容为要求提供政府公报、报刊、书籍等公开出版物，请通过公开发行渠道获取。",
        "第三十九条第二款",
    ),
    _answer(
        EXCESSIVE,
        "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
        "第三十五条",
    ),
    _answer(
        "not_processed.confirm_or_reissue",
        # The 条例 has no article on it: such a request does not ask for 政府信息 as 第二条
        # defines it (information recorded and kept in the course of administration), so it is
        # no disclosure request; the 2021 report counts it under 不予处理 5.
        "您的申请内容为要求本机关确认或者重新出具您已获取的信息，不属于获取条例第二条所称政府信息的申请，"
        "本机关不作为政府信息公开申请处理。",
        "第二条",
    ),
    Outcome(
        NO_CORRECTION,
        Kind.LAPSE,
        "本机关已向您发出补正告知，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        f"{ACT}第三十条",
    ),
    Outcome(
        FEE_UNPAID,
        Kind.LAPSE,
        "本机关已向您发出收费通知，您逾期未按通知要求缴纳信息处理费，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        f"{FEE_RULES}关于逾期未缴费视为放弃申请的规定",
    ),
    Outcome(WITHDRAWN, Kind.WITHDRAWAL, "您已撤回该政府信息公开申请，本机关终止办理。", ""),
)
BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}
# Outcomes that only the clock produces (条例第三十条; 办法), never chosen in a reply.
LAPSES: frozenset[str] = frozenset(o.key for o in OUTCOMES if o.kind is Kind.LAPSE)


def get(key: str) -> Outcome:
    return BY_KEY[key]


def answer_choices() -> list[tuple[str, str]]:
    """The outcomes a reviewer may choose for a reply, with their labels."""
    return [(o.key, o.label) for o in OUTCOMES if o.kind is not Kind.LAPSE]
