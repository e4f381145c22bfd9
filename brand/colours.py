"""The brand colour, and the shades Bootstrap's theme needs from it.

Pure Python. Contrast follows WCAG 2.x: white text on a button of the brand colour,
and a link of the brand colour on a white page, are the same pair, so one check at
4.5:1 (level AA for normal text) covers both.
"""

import re

AA_CONTRAST = 4.5
WHITE = (255, 255, 255)
HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

RGB = tuple[int, int, int]


def parse(value: str) -> RGB:
    """``#rrggbb`` or ``#rgb`` (the ``#`` optional) as red, green and blue."""
    match = HEX.match(value.strip())
    if match is None:
        raise ValueError(f"not a hex colour: {value!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(rgb: RGB, other: RGB, amount: float) -> RGB:
    """``amount`` (0 to 1) of ``other`` mixed into ``rgb``, as Sass's mix() does."""
    return tuple(round(c + (o - c) * amount) for c, o in zip(rgb, other, strict=True))


def shade(rgb: RGB, amount: float) -> RGB:
    return mix(rgb, (0, 0, 0), amount)


def tint(rgb: RGB, amount: float) -> RGB:
    return mix(rgb, WHITE, amount)


def passing_shade(rgb: RGB, minimum: float = AA_CONTRAST) -> RGB:
    """The lightest shade of ``rgb`` (itself if it passes) that white text can stand
    on at ``minimum`` contrast: what to suggest instead of a colour that fails."""
    for step in range(101):
        candidate = shade(rgb, step / 100)
        if contrast(candidate, WHITE) >= minimum:
            return candidate
    return (0, 0, 0)


def theme(value: str) -> dict[str, str]:
    """Every colour Bootstrap's theme variables need, from the brand colour.

    Hover and active states are darker than the colour (as Bootstrap's own buttons
    are), so they keep at least its contrast with white text.
    """
    rgb = parse(value)
    active, link_hover = shade(rgb, 0.2), shade(rgb, 0.4)
    return {
        "primary": to_hex(rgb),
        "primary_rgb": "{}, {}, {}".format(*rgb),
        "hover": to_hex(shade(rgb, 0.15)),
        "active": to_hex(active),
        "active_rgb": "{}, {}, {}".format(*active),
        "emphasis_hover": to_hex(link_hover),
        "emphasis_hover_rgb": "{}, {}, {}".format(*link_hover),
        "emphasis": to_hex(shade(rgb, 0.6)),
        "subtle_bg": to_hex(tint(rgb, 0.8)),
        "subtle_border": to_hex(tint(rgb, 0.6)),
        "focus_border": to_hex(tint(rgb, 0.5)),
    }
