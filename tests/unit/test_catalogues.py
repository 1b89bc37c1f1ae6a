"""Every message the code and the templates can show has its Russian and its Kazakh translation in the catalogues
(extracted afresh from the sources, as `make messages` does), none is fuzzy, and a Kazakh plural has both forms."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("shared/web", "services/cohorts", "services/consultations", "services/fairs")
# sources outside a part whose messages its catalogue holds: the site the services declare is drawn by the shared layout
ALSO = {"shared/web": ("services/site.py",)}


@pytest.mark.parametrize("language", ("ru", "kk"))
@pytest.mark.parametrize("part", PARTS)
def test_every_message_has_its_translation(part, language, tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "lazy_gettext", "-k", "_l",
                    "-o", str(pot), str(ROOT / part), *(str(ROOT / extra) for extra in ALSO.get(part, ()))],
                   check=True, cwd=ROOT, timeout=300)
    with open(pot, "rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with open(ROOT / part / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f)
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy
                  and (not isinstance(m.string, tuple) or all(m.string))}
    missing = sorted(str(i) for i in wanted - translated)
    assert not missing, f"{part}: no {language} for {missing[:20]} ({len(missing)} in all): run make messages and translate"
