def test_every_response_carries_a_request_id(client, world):
    r = client.get("/")
    assert len(r.headers["X-Request-ID"]) >= 8
    assert client.get("/").headers["X-Request-ID"] != r.headers["X-Request-ID"]


def test_a_sane_request_id_from_the_proxy_is_kept_and_junk_is_not(client, world):
    assert client.get("/", headers={"X-Request-ID": "proxy-abc-123"}).headers[
        "X-Request-ID"] == "proxy-abc-123"
    assert client.get("/", headers={"X-Request-ID": "<script>"}).headers[
        "X-Request-ID"] != "<script>"


def test_metrics_count_requests_by_status(client, world):
    client.get("/no-such-page")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'meet_requests_total{method="GET",status="4xx"}' in body
    assert "meet_uptime_seconds" in body
    assert world.a1.id_number not in body
