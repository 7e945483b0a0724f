"""Another district's staff read examples of their own district in help texts, not 금정구
(issue 29, item 6)."""

from django.urls import reverse


def test_settings_pages_give_examples_in_the_councils_own_district(client, world):
    council = world.other_council
    council.district = "해운대구"
    council.save()
    client.force_login(world.other_council_staff)
    for url in (
        reverse("finder_staff:settings", args=[council.slug]),
        reverse("facilities:gaps_settings", args=[council.slug]),
    ):
        html = client.get(url).content.decode()
        assert "금정구" not in html, url
        assert "해운대구" in html, url


def test_the_seed_district_keeps_its_examples(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("finder_staff:settings", args=["geumjeong"])).content.decode()
    assert "예: 문의 금정구청 아동청소년과" in html
