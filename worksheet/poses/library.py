"""The bundled exercise pictures: POSES maps the exercise id (also the SVG file stem) to the
function that builds its Picture."""

from __future__ import annotations

from collections.abc import Callable

from .lying import bridge, pelvic_tilt
from .picture import Picture
from .seated import piriformis_stretch, seat_cushion, trunk_rotation
from .standing import hamstring_stretch, it_band_ql_stretch

POSES: dict[str, Callable[[], Picture]] = {
    "pelvic-tilt": pelvic_tilt,
    "bridge": bridge,
    "seat-cushion": seat_cushion,
    "piriformis-stretch": piriformis_stretch,
    "trunk-rotation": trunk_rotation,
    "hamstring-stretch": hamstring_stretch,
    "it-band-ql-stretch": it_band_ql_stretch,
}
