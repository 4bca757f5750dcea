"""`losstrack milestones`: thresholds reached, and when the next are due."""

from __future__ import annotations

from losstrack.cli.base import app, emit, load_frame
from losstrack.cli.options import CategoryArg, FormatOpt, one_category


@app.command(epilog="Example: losstrack milestones tanks")
def milestones(name: CategoryArg, fmt: FormatOpt = None) -> None:
    """The date each round threshold was first reached, and a projection of the next one.

    Thresholds: personnel 10,000, 50,000, then every 50,000; other categories 1, 2 and 5 times
    a power of ten (..., 100, 200, 500, 1,000, ...). The next threshold is projected at the
    rate of the last 30 days, and marked as projected; none when that rate is not above zero.
    """
    from losstrack.analysis import series
    from losstrack.views import milestones as views

    frame = load_frame()
    emit(views.milestones(frame, one_category(name, series.categories(frame))), fmt)
