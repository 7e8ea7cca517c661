"""Text size and the high-contrast theme for the whole application.

The text size is a multiplier on the system font, so the window follows both the system's
setting and the user's. The high-contrast palette keeps text at 7:1 or more against its
background (WCAG AAA) and draws a thick focus outline so the keyboard position is always visible.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

# The application's font, palette and style sheet before any theme: remembered on the first call
# so a second call scales from the system size instead of compounding.
_BASE_FONT = "careqa_base_font"
_BASE_PALETTE = "careqa_base_palette"
_BASE_STYLE = "careqa_base_style"

_ROLES = QPalette.ColorRole
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
# Text colour and the background it is drawn on.
_PAIRS = ((_ROLES.WindowText, _ROLES.Window), (_ROLES.Text, _ROLES.Base),
          (_ROLES.ButtonText, _ROLES.Button), (_ROLES.HighlightedText, _ROLES.Highlight),
          (_ROLES.ToolTipText, _ROLES.ToolTipBase))

# (foreground, background, highlight, highlighted text, link, disabled text, focus outline)
_LIGHT = ("#000000", "#ffffff", "#00007a", "#ffffff", "#00007a", "#4d4d4d", "#0000ff")
_DARK = ("#ffffff", "#000000", "#ffff00", "#000000", "#ffff00", "#c0c0c0", "#ffff00")

_FOCUS_STYLE = """
QPushButton:focus, QComboBox:focus, QAbstractSpinBox:focus, QLineEdit:focus, QTextEdit:focus,
QPlainTextEdit:focus, QTextBrowser:focus, QAbstractItemView:focus, QCheckBox:focus,
QRadioButton:focus, QSlider:focus, QTabBar:focus {{ border: 3px solid {color}; }}
"""


def _relative_luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast_ratio(fg: QColor, bg: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 (same colour) to 21 (black on white)."""
    lighter, darker = sorted((_relative_luminance(fg), _relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _remember_base(app: QApplication) -> None:
    if app.property(_BASE_FONT) is None:
        app.setProperty(_BASE_FONT, QFont(app.font()))
        app.setProperty(_BASE_PALETTE, QPalette(app.palette()))
        app.setProperty(_BASE_STYLE, app.styleSheet())


def scaled_font(base: QFont, text_scale: float) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * text_scale)
    else:  # a font sized in pixels
        font.setPixelSize(max(1, round(base.pixelSize() * text_scale)))
    return font


def high_contrast_palette(dark: bool) -> QPalette:
    """Black on white, or white on black when the system theme is dark."""
    fg, bg, highlight, highlighted_text, link, disabled, _ = _DARK if dark else _LIGHT
    palette = QPalette()
    colours = {
        _ROLES.Window: bg, _ROLES.WindowText: fg, _ROLES.Base: bg, _ROLES.AlternateBase: bg,
        _ROLES.Text: fg, _ROLES.Button: bg, _ROLES.ButtonText: fg, _ROLES.ToolTipBase: bg,
        _ROLES.ToolTipText: fg, _ROLES.PlaceholderText: disabled, _ROLES.BrightText: fg,
        _ROLES.Highlight: highlight, _ROLES.HighlightedText: highlighted_text, _ROLES.Link: link,
        _ROLES.LinkVisited: link, _ROLES.Light: fg, _ROLES.Midlight: fg, _ROLES.Mid: fg,
        _ROLES.Dark: fg, _ROLES.Shadow: fg,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (_ROLES.WindowText, _ROLES.Text, _ROLES.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def _readable_pair(fg: QColor, bg: QColor, minimum: float) -> tuple[QColor, QColor]:
    """The pair with the background moved away from the text colour until it reaches `minimum`,
    so a system palette keeps its hues (white on a darker blue selection, say); when the
    background runs out of room, black or white text instead (one of them always reaches 4.5)."""
    light_text = fg.lightness() >= bg.lightness()
    moved = QColor(bg)
    for _ in range(40):
        if contrast_ratio(fg, moved) >= minimum:
            return fg, moved
        moved = moved.darker(110) if light_text else moved.lighter(110)
    black, white = QColor("#000000"), QColor("#ffffff")
    best = max((black, white), key=lambda text: contrast_ratio(text, bg))
    return best, bg


def readable_palette(palette: QPalette, minimum: float = 4.5) -> QPalette:
    """The system palette with any text/background pair under `minimum`:1 corrected."""
    fixed = QPalette(palette)
    for group in _GROUPS:
        for fg_role, bg_role in _PAIRS:
            fg, bg = _readable_pair(fixed.color(group, fg_role), fixed.color(group, bg_role),
                                    minimum)
            fixed.setColor(group, fg_role, fg)
            fixed.setColor(group, bg_role, bg)
    return fixed


def _is_dark(palette: QPalette) -> bool:
    return palette.color(_ROLES.Window).lightness() < 128


def apply_theme(app: QApplication, *, text_scale: float, high_contrast: bool) -> None:
    """Scale the application font from the system size and switch the palette."""
    _remember_base(app)
    base_palette: QPalette = app.property(_BASE_PALETTE)
    app.setFont(scaled_font(app.property(_BASE_FONT), text_scale))
    if high_contrast:
        dark = _is_dark(base_palette)
        app.setPalette(high_contrast_palette(dark))
        focus = (_DARK if dark else _LIGHT)[-1]
        app.setStyleSheet(app.property(_BASE_STYLE) + _FOCUS_STYLE.format(color=focus))
    else:
        app.setPalette(readable_palette(base_palette))
        app.setStyleSheet(app.property(_BASE_STYLE))


def text_pairs(palette: QPalette) -> list[tuple[str, QColor, QColor]]:
    """The text/background pairs a theme must keep readable (checked by the tests)."""
    return [(f"{fg.name}/{bg.name}", palette.color(group, fg), palette.color(group, bg))
            for group in _GROUPS for fg, bg in _PAIRS]
