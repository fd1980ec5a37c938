"""A story's coverage over time as an inline SVG bar chart: articles per day (or week), stacked by outlet."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from html import escape
from typing import Any

# Fill colours of the outlet classes o0..o7 in the page stylesheet, as SVG attributes (no inline CSS).
COLOURS = ("#4a7fc1", "#d9822b", "#3f9a5d", "#9a52b5", "#c9a227", "#2f9a9f", "#c24b6e", "#7a7a7a")
WIDTH, HEIGHT, PAD, AXIS = 720, 150, 28, 22
MAX_DAILY_BUCKETS = 62  # longer spans are drawn by week


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def timeline_svg(articles: list[dict[str, Any]], colour: dict[str, int]) -> str:
    """``articles``: dicts with ``published`` and ``outlet``; ``colour``: outlet -> palette index. Empty when undated."""
    dated = [(d, a.get("outlet") or "unknown outlet") for a in articles if (d := _day(a.get("published")))]
    if not dated:
        return ""
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    step = 1 if (last - first).days < MAX_DAILY_BUCKETS else 7
    buckets = (last - first).days // step + 1
    counts = Counter(((d - first).days // step, outlet) for d, outlet in dated)
    tallest = max(Counter(b for b, _ in counts.elements()).values())
    slot = (WIDTH - 2 * PAD) / buckets
    bar = max(2.0, slot * 0.8)
    scale = (HEIGHT - AXIS - 10) / tallest
    parts = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="articles per {"day" if step == 1 else "week"}">']
    stacked: Counter = Counter()
    for (bucket, outlet), n in sorted(counts.items(), key=lambda kv: (kv[0][0], colour.get(kv[0][1], 99), kv[0][1])):
        x = PAD + bucket * slot + (slot - bar) / 2
        h = n * scale
        y = HEIGHT - AXIS - stacked[bucket] - h
        stacked[bucket] += h
        when = first + timedelta(days=bucket * step)
        label = f"{when.isoformat()}{'' if step == 1 else ' (week)'}: {n} from {outlet}"
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{COLOURS[colour.get(outlet, 7) % len(COLOURS)]}">'
                     f"<title>{escape(label)}</title></rect>")
    base = HEIGHT - AXIS
    parts.append(f'<line x1="{PAD}" y1="{base}" x2="{WIDTH - PAD}" y2="{base}" stroke="#b8c0c8"/>')
    parts.append(f'<text x="{PAD}" y="{HEIGHT - 6}">{first.isoformat()}</text>')
    if last != first:
        parts.append(f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" text-anchor="end">{last.isoformat()}</text>')
    parts.append(f'<text x="{PAD}" y="12">{tallest} article{"s" if tallest != 1 else ""} per {"day" if step == 1 else "week"} at most</text>')
    parts.append("</svg>")
    return "".join(parts)
