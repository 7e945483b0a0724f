"""The 돌봄 공백 chart's labels are never crossed or stacked (issue 29, item 7)."""

from lib import charts


def _span(text: charts.Text) -> tuple[float, float]:
    width = charts.text_width(text.text)
    start = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
    return start, start + width


def test_two_close_reference_labels_are_set_apart():
    # "구 전체 3.1" and "기준 2.2" a few pixels apart used to sit on top of each other.
    left, right = charts.reference_labels(
        [(300.0, "구 전체 3.1", "#101828"), (290.0, "기준 2.2", "#912018")], y=16, width=600
    )
    assert (left.text, left.anchor) == ("기준 2.2", "end")
    assert (right.text, right.anchor) == ("구 전체 3.1", "start")
    assert _span(left)[1] <= 290.0 < 300.0 <= _span(right)[0]


def test_far_apart_labels_stay_centred_on_their_lines():
    a, b = charts.reference_labels(
        [(100.0, "기준 2.2", "#912018"), (400.0, "구 전체 3.1", "#101828")], y=16, width=600
    )
    assert (a.anchor, a.x) == ("middle", 100.0)
    assert (b.anchor, b.x) == ("middle", 400.0)


def test_value_labels_are_drawn_over_the_reference_lines_with_a_halo():
    from facilities.gaps import FLAG_LOW, places_chart

    report = {
        "rows": [
            {"dong": "구서1동", "per_100": 3.0, "children": 100, "flags": []},
            {"dong": "부곡2동", "per_100": 1.0, "children": 100, "flags": [FLAG_LOW]},
        ],
        "district_ratio": 3.1,
        "threshold": 2.2,
    }
    chart = places_chart(report)
    kinds = [s.kind for s in chart.shapes]
    last_line = max(i for i, k in enumerate(kinds) if k == "line")
    values = [s for s in chart.shapes if s.kind == "text" and s.text.startswith(("3.0", "1.0"))]
    assert values and all(s.halo for s in values)
    assert all(chart.shapes.index(s) > last_line for s in values)
