"""Analyst edits survive regeneration: commentary, rewrites, order and suppressions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitrep.app import Sitrep
from sitrep.errors import ReportError
from sitrep.report.edits import load_edits, overlay_path

from .test_pipeline_demo import WEEK


def test_edits_are_merged_into_every_regeneration(loaded: Sitrep, tmp_path: Path) -> None:
    app = loaded
    incidents = {i.location: i for i in app.incidents()}
    hur, aden = incidents["Hur Rajab"], incidents["Aden"]
    hader = sorted((i for i in app.incidents() if i.location == "Hader"), key=lambda i: i.date)
    overlay = {
        "week": WEEK.isoformat(),
        "suppress": [hur.id],
        "rewrite": {
            aden.id: "On November 5, 2017, an ISIS suicide car bomber struck the CID building in Aden."
        },
        "order": {"Quneitra Governorate": [hader[-1].id]},
        "commentary": [
            {
                "main": True,
                "text": "The conquest of the Islamic State's last strongholds has reached the last lap.",
            },
            {"section": "Syria", "text": "Three forces are converging on Abu Kamal."},
            {"section": "Iraq", "text": "ISIS networks in Diyala remain active."},
        ],
        "unknown": None,
    }
    out = tmp_path / "out"
    out.mkdir()
    overlay_path(out, WEEK).write_text(yaml.safe_dump(overlay), encoding="utf-8")
    for _ in range(2):  # the second run is a regeneration: the edits still apply
        app.write_bulletin(WEEK, out, ("md", "html"))
        md = (out / "bulletin-2017-11-02.md").read_text(encoding="utf-8")
        assert "Hur Rajab" not in md
        assert "an ISIS suicide car bomber struck the CID building in Aden (" in md
        assert "has reached the last lap." in md and "Three forces are converging" in md
        quneitra = md[md.index("### Quneitra Governorate") :]
        assert quneitra.index("November 6, 2017") < quneitra.index("November 3, 2017")
        assert "ISIS networks in Diyala remain active." in (out / "bulletin-2017-11-02.html").read_text(
            encoding="utf-8"
        )


def test_a_broken_overlay_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "edits.yaml"
    path.write_text("commentary:\n  - {section: Syria}\n", encoding="utf-8")
    with pytest.raises(ReportError, match="malformed edits"):
        load_edits(path)
    assert load_edits(tmp_path / "absent.yaml").commentary == ()
