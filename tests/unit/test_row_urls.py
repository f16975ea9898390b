"""complaints.presenters.row_urls: one reverse() for a list's links, the same URLs as reverse() for each row."""

import pytest
from django.urls import reverse, set_script_prefix

from complaints.presenters.row_urls import row_url


@pytest.mark.parametrize("pk", [1, 7, 10, 987654321987654320, 2**40])
def test_each_row_gets_the_url_reverse_gives(pk):
    assert row_url("staff:case", each="case_id")(pk) == reverse("staff:case", kwargs={"case_id": pk})
    download = row_url("evidence:download", case_id=42, each="evidence_id")
    assert download(pk) == reverse("evidence:download", kwargs={"case_id": 42, "evidence_id": pk})


def test_the_site_prefix_is_kept():
    set_script_prefix("/zhirao/")
    try:
        assert row_url("staff:case", each="case_id")(5) == "/zhirao/staff/cases/5/"
    finally:
        set_script_prefix("/")


def test_only_a_number_goes_into_the_url():
    with pytest.raises(ValueError):
        row_url("staff:case", each="case_id")("5/../../admin")
