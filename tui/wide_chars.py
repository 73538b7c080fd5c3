"""Chinese characters drawn whole where a drop-down, a tooltip or a notification lies over other widgets.

Textual's compositor cuts every screen line at each widget's left and right edge, the edges of the widgets
underneath an overlay included, and paints each piece from the front-most widget there. A wide character
(汉字, two columns) of the overlay that straddles such an edge is split by Rich into two blanks: a gap
picker over the form showed "新客户数 · 2026上  年" (Textualize/textual#6357, open in Textual 8.2).

`keep_wide_characters_whole` makes the compositor cut a widget's line only where another widget in front
of it begins or ends: between two pieces the same widget wins there is no edge to draw, so its line stays
in one piece there (the pieces it spans are kept as empty placeholders, so no widget behind takes them),
and a partial repaint writes that piece to its real end. The two Compositor methods it wraps are private
Textual API: tests/test_wide_chars.py fails when their source changes or when Textual no longer loses the
character without this (then this module can go).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)
_original_partial_update = Compositor.render_partial_update
_original_render_chops = Compositor._render_chops


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip | None]]:
    """As `Compositor._render_chops` (Textual 8.2), dividing a widget's line only where the piece on
    one side of a cut is already painted by a widget in front."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            # runs of pieces all free (this widget paints them) or all taken (a widget in front did)
            runs: list[list[int]] = []
            for cut in final_cuts[:-1]:
                free = line.get(cut) is None
                if runs and (line.get(runs[-1][0]) is None) == free:
                    runs[-1].append(cut)
                else:
                    runs.append([cut])
            ends = [run[0] for run in runs[1:]] + final_cuts[-1:]
            for run, piece in zip(runs, strip.divide([end - render_x for end in ends]), strict=False):
                if line.get(run[0]) is not None:
                    continue
                line[run[0]] = piece
                for cut in run[1:]:
                    line[cut] = _EMPTY
    return chops


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """As Textual's, with each piece's end where its strip ends (a merged piece spans several cuts)."""
    update = _original_partial_update(self)
    if update is not None:
        update.chop_ends = [
            [end if strip is None else max(end, x + strip.cell_length)
             for end, (x, strip) in zip(ends, line.items(), strict=False)]
            for ends, line in zip(update.chop_ends, update.chops, strict=False)
        ]
    return update


def keep_wide_characters_whole() -> None:
    """Install the compositor's fix (once; idempotent)."""
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]


def restore_textual() -> None:
    """Textual's own methods back (for the test that checks the fix is still needed)."""
    Compositor._render_chops = _original_render_chops  # type: ignore[method-assign]
    Compositor.render_partial_update = _original_partial_update  # type: ignore[method-assign]
