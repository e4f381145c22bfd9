import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from brand import colours
from brand.models import COLOUR_FAILS, validate_colour

channel = st.integers(min_value=0, max_value=255)


def test_bootstraps_own_blue_passes_with_white_text():
    assert colours.contrast(colours.parse("#0d6efd"), colours.WHITE) >= 4.5
    validate_colour("#0d6efd")


def test_a_light_colour_is_refused_with_a_darker_one_that_passes():
    with pytest.raises(ValidationError) as refused:
        validate_colour("#ffcc00")
    message = refused.value.messages[0]
    assert message == COLOUR_FAILS.format(
        colour="#ffcc00", ratio=1.5, suggestion="#8f7200"
    )
    assert colours.contrast(colours.parse("#8f7200"), colours.WHITE) >= 4.5


@pytest.mark.parametrize("value", ["red", "#12345", "", "#gggggg"])
def test_anything_but_a_hex_colour_is_refused(value):
    with pytest.raises(ValidationError):
        validate_colour(value)


@given(st.tuples(channel, channel, channel))
def test_the_suggested_shade_always_passes_and_is_never_lighter(rgb):
    suggestion = colours.passing_shade(rgb)
    assert colours.contrast(suggestion, colours.WHITE) >= colours.AA_CONTRAST
    assert colours.luminance(suggestion) <= colours.luminance(rgb)


@given(st.tuples(channel, channel, channel))
def test_every_shade_of_the_theme_keeps_white_text_readable(rgb):
    """Whatever colour passes, its hover, active and link shades pass too."""
    base = colours.passing_shade(rgb)
    theme = colours.theme(colours.to_hex(base))
    for key in ["primary", "hover", "active", "emphasis_hover", "emphasis"]:
        shade = colours.parse(theme[key])
        assert colours.contrast(shade, colours.WHITE) >= colours.AA_CONTRAST, key
