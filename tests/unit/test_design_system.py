"""The design system's colours meet WCAG 2.1 contrast, read from the CSS custom properties themselves."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static" / "css"
CSS = (STATIC / "zhirao.css").read_text(encoding="utf-8")
WHITE = "#ffffff"


def custom_properties(css: str) -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\n\}", css, re.S)
    assert root, "zhirao.css has no :root block"
    return {name: value.lower() for name, value in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", root.group(1))}


COLOURS = custom_properties(CSS)


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour(name: str) -> str:
    return WHITE if name == "white" else COLOURS[name]


def test_the_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#0b5cad", "#0b5cad") == pytest.approx(1.0)


# (text, background) as the components pair them; 4.5:1 is WCAG 1.4.3 for body-size text.
TEXT_PAIRS = [
    ("text", "bg"), ("text", "surface"), ("text", "primary-bg"), ("text", "danger-bg"), ("text", "success-bg"), ("text", "warning-bg"),
    ("text-muted", "bg"), ("text-muted", "surface"), ("text-muted", "primary-bg"),
    ("primary", "surface"), ("primary", "bg"), ("primary", "primary-bg"), ("primary-dark", "primary-bg"),
    ("on-primary", "primary"), ("on-primary", "primary-dark"),
    ("white", "danger"), ("danger", "surface"), ("danger", "danger-bg"), ("danger", "bg"),
    ("warning-text", "warning-bg"), ("warning-text", "surface"), ("success", "success-bg"), ("success", "surface"),
]


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS, ids=[f"{t}-on-{b}" for t, b in TEXT_PAIRS])
def test_text_colours_reach_4_5_to_1(text, background):
    ratio = contrast(colour(text), colour(background))
    assert ratio >= 4.5, f"--{text} on --{background} is {ratio:.2f}:1"


@pytest.mark.parametrize("background", ["bg", "surface", "primary-bg", "danger", "danger-bg", "primary"])
def test_the_focus_ring_stands_out_on_every_background(background):
    # The ring is two-tone (yellow outline, dark halo): one of them must reach 3:1 (WCAG 1.4.11).
    best = max(contrast(COLOURS["focus"], colour(background)), contrast(COLOURS["focus-ring"], colour(background)))
    assert best >= 3, f"focus ring on --{background}: {best:.2f}:1"


@pytest.mark.parametrize("background", ["bg", "surface", "primary-bg"])
def test_input_and_tile_outlines_reach_3_to_1(background):
    assert contrast(COLOURS["border-strong"], colour(background)) >= 3


def test_every_colour_the_stylesheet_uses_is_a_token_or_plain_black_and_white():
    outside_root = CSS.split(":root", 1)[1].split("\n}", 1)[1]
    literals = {value.lower() for value in re.findall(r"#[0-9a-fA-F]{3,6}\b", outside_root)}
    assert literals <= {"#fff", "#000", "#7f1114"}, literals  # #7f1114: the danger button's hover, 9.8:1 with white
    assert contrast("#7f1114", WHITE) >= 4.5


def test_no_web_fonts_and_no_outside_resources():
    for sheet in STATIC.glob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert "@font-face" not in text and "@import" not in text, sheet.name
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), sheet.name


def test_stylesheets_carry_no_merge_conflict_markers():
    for sheet in STATIC.glob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)", text, re.M), sheet.name
