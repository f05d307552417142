"""The repeated-text detector: copying last year's narrative is flagged, rewriting is not."""

from __future__ import annotations

from gongkai.reports.repeats import THRESHOLD, repetition, repetitions

LAST = (
    "一是政策解读形式较为单一，图解、视频解读比例偏低。二是依申请公开答复文书的说理还不够充分。"
    "下一步，本机关将丰富解读形式，加强答复文书审核。"
)


def test_it_flags_a_section_copied_from_last_year() -> None:
    found = repetition("problems", LAST, LAST)
    assert found.flagged and found.percent == 100
    assert found.label == "五、存在的主要问题及改进情况"


def test_it_sees_through_spacing_and_punctuation_width() -> None:
    copied = LAST.replace("，", ", ").replace("。", "。\n")
    assert repetition("problems", copied, LAST).share == 1.0


def test_it_does_not_flag_a_rewritten_section() -> None:
    text = "本年度新建政策解读专栏，发布图解12篇。答复文书统一增加法律依据和救济途径说明。"
    found = repetition("problems", text, LAST)
    assert found.share == 0.0 and not found.flagged


def test_it_weighs_by_characters_and_ignores_stock_phrases() -> None:
    new = "本年度新建政策解读专栏，发布图解十二篇，视频解读三部，阅读量明显上升。特此报告。"
    mixed = new + "二是依申请公开答复文书的说理还不够充分。"
    found = repetition("problems", mixed, LAST + "特此报告。")
    assert 0 < found.share < THRESHOLD
    assert found.sentences == ("二是依申请公开答复文书的说理还不够充分。",)


def test_it_skips_sections_missing_in_either_year() -> None:
    assert repetitions({"problems": LAST, "other": "无"}, {"problems": LAST}) == [
        repetition("problems", LAST, LAST)
    ]
