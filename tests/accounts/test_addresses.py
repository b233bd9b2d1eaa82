"""Which address a request came from: X-Forwarded-For counts only behind trusted proxies,
and then only the entries they wrote."""

from hypothesis import given
from hypothesis import strategies as st

from fraudhub.accounts.addresses import forwarded_client

ADDRESS = st.ip_addresses().map(str)


@given(remote=ADDRESS, forged=st.lists(ADDRESS, max_size=5))
def test_with_no_trusted_proxy_the_header_is_ignored(remote: str, forged: list[str]) -> None:
    assert forwarded_client(remote, ", ".join(forged), 0) == remote


@given(proxy=ADDRESS, client=ADDRESS, forged=st.lists(ADDRESS, max_size=5))
def test_behind_one_proxy_the_entry_it_wrote_counts(
    proxy: str, client: str, forged: list[str]
) -> None:
    header = ", ".join([*forged, client])
    assert forwarded_client(proxy, header, 1) == client


def test_behind_two_proxies_the_second_entry_from_the_right_counts() -> None:
    header = "203.0.113.1, 198.51.100.7, 10.0.0.2"
    assert forwarded_client("10.0.0.3", header, 2) == "198.51.100.7"


def test_a_missing_or_empty_header_falls_back_to_the_connection() -> None:
    assert forwarded_client("10.0.0.3", "", 1) == "10.0.0.3"
    assert forwarded_client("10.0.0.3", " , ", 1) == "10.0.0.3"
